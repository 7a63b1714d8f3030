"""Server-side caching and conditional requests for the anonymous public pages.

A page is kept stamped with the public generation (kpu_coop.invalidation) it was drawn under, which moves when
a write commits, and served only while the stamp is current, so a change shows on the next request in every
process that shares the cache. An office's page (public.sites), and a national page of one office's record
(an agreement), is stamped with that office's generations instead, which a write in another office leaves
alone. PAGE_CACHE=false turns it off.
"""

import hashlib
import logging
import re
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    quote_etag,
)
from django.utils.text import compress_string
from django.utils.translation import get_language

from kpu_coop.invalidation import counters, generations_with, site_scopes

logger = logging.getLogger(__name__)

PAGE_TIMEOUT = 24 * 60 * 60
HEADERS_KEPT = ("Content-Type", "Content-Disposition", "Last-Modified", "Content-Language")
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def page_address(request):
    """The key a page is kept under: the page asked for, in its language, on this day (status and "overdue"
    depend on it), drawn by this release. What data it shows is stamped inside the kept page instead
    (``kept_page``): a page is replaced in place when the data moves on, not left beside its successor."""
    parts = [
        settings.RELEASE,
        timezone.localdate().isoformat(),
        get_language(),
        request.get_host(),
        request.get_full_path(),
    ]
    return "public-page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def site_of(request, owner_id=None):
    """An office site's pages, and a national page showing one office's records (``owner_id``), show that
    office's data; every other national page the nation's."""
    office = getattr(request, "site_office", None)
    return site_scopes(office.pk if office else owner_id)


def kept_page(request, owner=None):
    """The page kept for ``request`` while the data it shows is what it was drawn from, else None; with its
    key and the stamp to keep a new one under: the scopes of its data and their generations, read now, before
    any rendering reads the data.

    One round trip to the cache fetches the page with its site's generations. A national page of one
    office's record (``owner()`` names the office, by a query) has that office's scopes in its stamp: the page
    is fetched with the generations of the scopes it had last time in this process (one round trip, no
    query), or of those it names when they differ (two); when it is out of date the office is asked for
    again, since the record may have moved to another.
    """
    address = page_address(request)
    if owner is None or getattr(request, "site_office", None) is not None:
        scopes = site_of(request)
        generations, (page,) = generations_with(scopes, [address])
        stamp = (scopes, generations)
        return (page if page is not None and page["stamp"] == stamp else None), address, stamp
    return owned_page(request, address, owner)


# The scopes each national page of one office's record was last stamped with in this process, by address:
# asked for with the page, they spare a hit its second round trip. A wrong guess costs only that round trip.
stamped_scopes = {}
STAMPED_SCOPES_KEPT = 20_000


def owned_page(request, address, owner):
    """``kept_page`` for a national page of one office's record (``owner()`` names the office)."""
    guessed = stamped_scopes.get(address, ())
    generations, (page,) = generations_with(guessed, [address])
    read = guessed
    if page is not None:
        if page["stamp"][0] != read:
            read = page["stamp"][0]
            generations = generations_with(read)[0]
        if page["stamp"] == (read, generations):
            remember_scopes(address, read)
            return page, address, page["stamp"]
    scopes = site_of(request, owner())
    remember_scopes(address, scopes)
    # Generations read earlier in this request may stamp it: older than the data it is drawn from, at worst
    # they make the next request draw it again.
    return None, address, (scopes, generations if scopes == read else generations_with(scopes)[0])


def remember_scopes(address, scopes):
    if len(stamped_scopes) >= STAMPED_SCOPES_KEPT:
        stamped_scopes.clear()
    stamped_scopes[address] = scopes


def site_data(office, name, read):
    """What ``read()`` returns for a site (``office``; None: the national one), shared by every request of
    that site until a write commits, whether or not pages are cached (``shared_read``)."""
    # The site itself is in the key, and its value is never served to another: two offices' counters, each
    # started from the clock, may hold the same value.
    site = f"office:{office.pk}" if office else "national"
    key = f"site-data:{settings.RELEASE}:{name}:{site}:{get_language() or ''}"
    return shared_read(key, site_scopes(office.pk if office else None), read)


def shared_read(key, scopes, read):
    """What ``read()`` returns, shared by every request until a write moves one of the generations of
    ``scopes``. It is kept beside the generation counters with the generations it was read under, and
    fetched with them in one round trip: a value read under other generations is read again. Read afresh
    when the cache is down; None (nothing found) is never kept."""
    try:
        generations, (kept,) = generations_with(scopes, [key])
    except Exception:
        logger.exception("cache unavailable")
        return read()
    if kept is not None and kept[0] == generations:
        return kept[1]
    value = read()
    if value is not None:
        keep_in_cache(key, (generations, value), counters())
    return value


def keep_in_cache(key, value, store=cache):
    """Keep ``value`` in the cache if it takes it: one that refuses writes (full, or gone since the read)
    costs the next request a fresh read, never this one its answer."""
    try:
        store.set(key, value, PAGE_TIMEOUT)
    except Exception:
        logger.exception("cache unavailable")


def data_etag(request):
    """A weak ETag for a page built from the data as it is now (a filtered export streamed afresh): it
    changes with the page's address and its site's generations, so a client asking again after no change gets
    a 304 without the export being run. None when the cache is down."""
    try:
        generations = generations_with(site_of(request))[0]
    except Exception:
        logger.exception("page cache unavailable")
        return None
    digest = hashlib.sha256(f"{page_address(request)}\n{generations}".encode()).hexdigest()
    return f'W/"{digest[:32]}"'


def stored_page(response, stamp):
    # Compressed once here rather than by GZipMiddleware on every hit: these pages hold no secret.
    return {
        "content": response.content,
        "gzip": compress_string(response.content),
        "headers": {name: response[name] for name in HEADERS_KEPT if response.has_header(name)},
        # Weak: the same page is sent plain or compressed.
        "etag": "W/" + quote_etag(hashlib.sha256(response.content).hexdigest()[:32]),
        # What it was drawn from (kept_page).
        "stamp": stamp,
    }


def accepts_gzip(request):
    return bool(ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))


def page_response(request, page):
    response = HttpResponse(page["content"], headers=page["headers"])
    compressed = page["gzip"]
    if accepts_gzip(request) and len(compressed) < len(page["content"]):
        response.content = compressed
        response["Content-Encoding"] = "gzip"
    return response


def cacheable(request):
    # A pending message (the session timed out) is for this visitor only: never cached.
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not len(get_messages(request))
    )


def cached_public_page(view=None, *, owner=None):
    """Serve anonymous GETs from the cache with an ETag; answer a matching If-None-Match with 304.

    ``owner(*args, **kwargs)``, given the view's arguments, names the office whose records alone the page
    shows (with what every office shares): a write in another office then leaves it cached.
    """
    if view is None:
        return lambda view: cached_public_page(view, owner=owner)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not cacheable(request):
            return view(request, *args, **kwargs)
        try:
            page, address, stamp = kept_page(request, owner and (lambda: owner(*args, **kwargs)))
        except Exception:
            # The cache is down: the page is rendered afresh, as with PAGE_CACHE off.
            logger.exception("page cache unavailable")
            return view(request, *args, **kwargs)
        if page is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if response.status_code != 200 or response.streaming:
                return response
            page = stored_page(response, stamp)
            # Beside the counters it is stamped with, so that one round trip fetches both.
            keep_in_cache(address, page, counters())
        response = get_conditional_response(request, etag=page["etag"]) or page_response(request, page)
        response["ETag"] = page["etag"]
        patch_vary_headers(response, ["Accept-Encoding"])
        # Browsers may keep the page but must ask again each time; the answer is usually a cheap 304.
        patch_cache_control(response, no_cache=True)
        return response

    return wrapper
