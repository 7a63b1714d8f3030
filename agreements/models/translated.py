from django.utils.translation import get_language


def in_active_language(indonesian, english):
    """Pick the English text when English is active and one was recorded."""
    if english and (get_language() or "").startswith("en"):
        return english
    return indonesian
