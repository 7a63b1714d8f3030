"""System checks on settings that only matter in production, where a mistake sends people broken links."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security)
def check_site_url(app_configs, **kwargs):
    """Emails sent without a request (reminders) link to SITE_URL: production must say where the site is."""
    if settings.DEBUG:
        return []
    hint = "Set SITE_URL to the address people open the site at, e.g. SITE_URL=https://pks.example.org."
    if not settings.SITE_URL:
        return [Error("SITE_URL must be set when DEBUG is false.", hint=hint, id="security.E001")]
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [
            Error(
                f"SITE_URL={settings.SITE_URL!r} is not an http:// or https:// address.",
                hint=hint,
                id="security.E002",
            )
        ]
    return []


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """Each gunicorn worker keeps its own local-memory cache: a change committed through one worker would
    move only that worker's generations (kpu_coop.invalidation) while the others serve their old pages."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or not backend.endswith("LocMemCache"):
        return []
    return [
        Warning(
            "CACHE_URL is a local-memory cache, which the workers and servers do not share.",
            hint="Set CACHE_URL to the production Redis, e.g. CACHE_URL=redis://127.0.0.1:6379/0.",
            id="security.W001",
        )
    ]
