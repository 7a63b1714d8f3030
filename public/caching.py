"""Server-side caching and conditional requests for the anonymous public pages.

A page is cached under the data version: a fingerprint, read in one cheap query, that changes with every
save or delete of anything the public site shows, so a change appears at once, in every process.
"""

import functools
import gzip
import hashlib
import re
import uuid
from functools import wraps

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    quote_etag,
)
from django.utils.translation import get_language

from agencies.models import Organisation
from agreements.models import (
    Agreement,
    AgreementParty,
    Commitment,
    Document,
    Election,
    ElectionStage,
    FocusArea,
)

# Every save() and delete() of these writes a history row, so the newest history id moves with the data.
HISTORY_TRACKED = [
    Agreement,
    AgreementParty,
    Commitment,
    Document,
    Organisation,
    FocusArea,
    Election,
    ElectionStage,
]
# Bulk updates write no history; these columns still move when a status or an agreement changes that way.
# An agreement's updated_at also moves when its elections or focus areas change (agreements.signals).
# Every column read here is indexed, so the version costs a few index look-ups whatever the data size.
CHANGED_AT = [(Commitment, "status_changed_at"), (Agreement, "updated_at")]
# Keys from an older deployment are never read, so a shared cache never serves pages from old templates.
DEPLOYMENT = uuid.uuid4().hex[:12]
PAGE_TIMEOUT = 24 * 60 * 60
HEADERS_KEPT = ("Content-Type", "Content-Disposition", "Last-Modified", "Content-Language")
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


@functools.cache
def data_version_sql(vendor):
    """Built once per process: the statement never changes, and history managers are costly to reach."""
    quote = connection.ops.quote_name

    def newest(model, column):
        return f"(SELECT MAX({quote(column)}) FROM {quote(model._meta.db_table)})"

    parts = [newest(model.history.model, "history_id") for model in HISTORY_TRACKED]
    parts += [newest(model, model._meta.get_field(name).column) for model, name in CHANGED_AT]
    return "SELECT " + ", ".join(parts)


def data_version():
    with connection.cursor() as cursor:
        cursor.execute(data_version_sql(connection.vendor))
        return "|".join(str(value) for value in cursor.fetchone())


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
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = page_key(request)
        page = cache.get(key)
        if page is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if response.status_code != 200 or response.streaming:
                return response
            page = {
                "content": response.content,
                # Compressed once here rather than by GZipMiddleware on every hit: these pages hold no secret.
                "gzip": gzip.compress(response.content, mtime=0),
                "headers": {name: response[name] for name in HEADERS_KEPT if response.has_header(name)},
                # Weak: the same page is sent plain or compressed.
                "etag": "W/" + quote_etag(hashlib.sha256(response.content).hexdigest()[:32]),
            }
            cache.set(key, page, PAGE_TIMEOUT)
        response = get_conditional_response(request, etag=page["etag"]) or page_response(request, page)
        response["ETag"] = page["etag"]
        patch_vary_headers(response, ["Accept-Encoding"])
        # Browsers may keep the page but must ask again each time; the answer is usually a cheap 304.
        patch_cache_control(response, no_cache=True)
        return response

    return wrapper


def page_response(request, page):
    response = HttpResponse(page["content"], headers=page["headers"])
    if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")) and len(page["gzip"]) < len(
        page["content"]
    ):
        response.content = page["gzip"]
        response["Content-Encoding"] = "gzip"
    return response
