"""What a new gunicorn worker would do on its first requests, done once in the master before it forks.

gunicorn preloads the app (deploy/gunicorn.conf.py), but Django imports the URLconf and its views, loads the
translation catalogues and compiles templates lazily, on first use. Every worker, and every worker recycled
after ``max_requests``, paid that on its first request: 370-380 ms instead of 22-37 ms on the scale data
(75-90 ms after ``warm_up()``; the rest is its own database connection), and the requests queued behind it
made the slowest 1 % of a page's answers. Nothing here touches the database: a connection opened in the
master would be shared by every worker.
"""

from pathlib import Path

from django.conf import settings
from django.template import engines
from django.urls import URLResolver, get_resolver
from django.utils import translation


def warm_up():
    import_url_modules(get_resolver())
    load_catalogues()
    return compile_templates()


def import_url_modules(resolver):
    """Import every included URLconf (and so its views), and fill each resolver's reverse lookups."""
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            import_url_modules(pattern)
    for language, _name in settings.LANGUAGES:
        # i18n_patterns keep one reverse table per language.
        with translation.override(language):
            resolver.reverse_dict  # noqa: B018 (filled on first access)


def load_catalogues():
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translation.gettext("Agreements")


def compile_templates():
    """Compile the project's own templates into each engine's cached loader; return how many."""
    compiled = 0
    for engine in engines.all():
        for folder in engine.template_dirs:
            folder = Path(folder)
            if not folder.is_relative_to(settings.BASE_DIR) or ".venv" in folder.parts:
                continue
            for path in sorted(folder.rglob("*.html")):
                engine.get_template(path.relative_to(folder).as_posix())
                compiled += 1
    return compiled
