"""Whole pages kept in the cache, compressed once; and the per-session cache of costly logged-in pages.

A cached logged-in page is keyed by the session and the CSRF cookie, so the token in it is always the one
this browser holds, plus whatever the page shows (the caller's key: data version, user, filters...).
It is never used while a message waits to be shown. The middleware still runs on a hit, so security
headers, session time-outs and two-factor checks are as on any response.
"""

import hashlib
import re
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.text import compress_string
from django.utils.translation import get_language

from kpu_coop.versions import DEPLOYMENT

TIMEOUT = 24 * 60 * 60
HEADERS_KEPT = ("Content-Type", "Content-Disposition", "Last-Modified", "Content-Language")
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def stored_page(response, *, secret=False):
    # A page holding a secret (a CSRF token) gets random padding, as GZipMiddleware does against BREACH.
    return {
        "content": response.content,
        "gzip": compress_string(response.content, max_random_bytes=100 if secret else 0),
        "headers": {name: response[name] for name in HEADERS_KEPT if response.has_header(name)},
    }


def page_response(request, page):
    response = HttpResponse(page["content"], headers=page["headers"])
    compressed = page["gzip"]
    if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")) and len(compressed) < len(
        page["content"]
    ):
        response.content = compressed
        response["Content-Encoding"] = "gzip"
    response.headers.setdefault("Vary", "Accept-Encoding")
    return response


def cached_session_page(key_of):
    """Cache a logged-in GET page per session; ``key_of(request)`` names everything else it shows."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or len(get_messages(request)):
                return view(request, *args, **kwargs)
            parts = [
                request.session.session_key or "",
                request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
                request.user.get_username(),
                getattr(request.user, "display_name", ""),  # shown in the header
                get_language() or "",
                request.get_full_path(),
                key_of(request),
            ]
            key = f"session-page:{DEPLOYMENT}:{hashlib.sha256(chr(10).join(parts).encode()).hexdigest()}"
            page = cache.get(key)
            if page is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming or response.cookies:
                    return response
                page = stored_page(response, secret=True)
                cache.set(key, page, TIMEOUT)
            return page_response(request, page)

        return wrapper

    return decorator
