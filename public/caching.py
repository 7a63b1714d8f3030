"""Server-side caching and conditional requests for the anonymous public pages.

A page is cached under the data version of everything the public site shows (kpu_coop.versions), so a
change appears in every process within a quarter of a second.
"""

import hashlib
from functools import wraps

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    quote_etag,
)
from django.utils.translation import get_language

from kpu_coop.page_cache import page_response, stored_page
from kpu_coop.versions import DEPLOYMENT, data_version

PAGE_TIMEOUT = 24 * 60 * 60


def page_key(request):
    # Status and "overdue" depend on today's date, so the date is part of what a page shows.
    parts = [
        data_version(),
        timezone.localdate().isoformat(),
        get_language(),
        request.get_host(),
        request.get_full_path(),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"public-page:{DEPLOYMENT}:{digest}"


def cached_public_page(view):
    """Serve anonymous GETs from the cache with an ETag; answer a matching If-None-Match with 304."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        # A pending message (the session timed out) is for this visitor only: never cached.
        if (
            request.method not in ("GET", "HEAD")
            or request.user.is_authenticated
            or len(get_messages(request))
        ):
            return view(request, *args, **kwargs)
        key = page_key(request)
        page = cache.get(key)
        if page is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if response.status_code != 200 or response.streaming:
                return response
            # Compressed once here rather than by GZipMiddleware on every hit: these pages hold no secret.
            page = stored_page(response)
            # Weak: the same page is sent plain or compressed.
            page["etag"] = "W/" + quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
            cache.set(key, page, PAGE_TIMEOUT)
        response = get_conditional_response(request, etag=page["etag"]) or page_response(request, page)
        response["ETag"] = page["etag"]
        patch_vary_headers(response, ["Accept-Encoding"])
        # Browsers may keep the page but must ask again each time; the answer is usually a cheap 304.
        patch_cache_control(response, no_cache=True)
        return response

    return wrapper
