"""Server-side caching and conditional requests for the anonymous public pages.

A page is cached under the data version: a fingerprint, read in one cheap query, that changes with every
save or delete of anything the public site shows, so a change appears at once, in every process.
"""

import hashlib
import uuid
from functools import wraps

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, quote_etag
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
# Many-to-many links keep no history: rows are only added or removed, so count and newest id move instead.
LINK_TABLES = [Agreement.elections.through, Agreement.focus_areas.through]
# Bulk updates write no history; these columns still move when a status or an agreement changes that way.
CHANGED_AT = [(Commitment, "status_changed_at"), (Agreement, "updated_at")]
# Keys from an older deployment are never read, so a shared cache never serves pages from old templates.
DEPLOYMENT = uuid.uuid4().hex[:12]
PAGE_TIMEOUT = 24 * 60 * 60
HEADERS_KEPT = ("Content-Type", "Content-Disposition", "Last-Modified", "Content-Language")


def data_version():
    quote = connection.ops.quote_name

    def newest(model, column):
        return f"(SELECT MAX({quote(column)}) FROM {quote(model._meta.db_table)})"

    parts = [newest(model.history.model, "history_id") for model in HISTORY_TRACKED]
    for link in LINK_TABLES:
        parts += [f"(SELECT COUNT(*) FROM {quote(link._meta.db_table)})", newest(link, "id")]
    parts += [newest(model, model._meta.get_field(name).column) for model, name in CHANGED_AT]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
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
                "headers": {name: response[name] for name in HEADERS_KEPT if response.has_header(name)},
                "etag": quote_etag(hashlib.sha256(response.content).hexdigest()[:32]),
            }
            cache.set(key, page, PAGE_TIMEOUT)
        response = get_conditional_response(request, etag=page["etag"]) or HttpResponse(
            page["content"], headers=page["headers"]
        )
        response["ETag"] = page["etag"]
        # Browsers may keep the page but must ask again each time; the answer is usually a cheap 304.
        patch_cache_control(response, no_cache=True)
        return response

    return wrapper
