"""Record numbers typed or posted as text: a form's hidden field, a spreadsheet cell."""


def record_id(text):
    """The number ``text`` gives, or None: ASCII digits that fit a database id (``str.isdigit`` also passes
    "²" and "①", which int() refuses, and a longer number overflows the column)."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None
