"""One public site per KPU office, beside the national one, from one set of views.

With SINGLE_OFFICE off, every public address also exists under ``/<office-slug>/`` (the ``public:office``
namespace), showing only that office's agreements; the views take the office (None on the national site),
which ``office_site`` reads once per request from the address. With SINGLE_OFFICE on, there is one site at
today's addresses and an office's address answers 404.
"""

from functools import lru_cache, wraps

from django.conf import settings
from django.http import Http404
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from agencies.models import Organisation
from kpu_coop.invalidation import EVERY_OFFICE
from public.caching import shared_read


def office_or_404(slug):
    """The active KPU office at ``slug``: every request of its site needs it, so it is read once and shared
    until an office changes (an office is an organisation: its change moves every office's generation)."""
    if settings.SINGLE_OFFICE:
        raise Http404
    office = shared_read(
        f"site-office:{settings.RELEASE}:{slug}",
        (EVERY_OFFICE,),
        lambda: Organisation.objects.offices().active().filter(slug=slug).first(),
    )
    if office is None:
        raise Http404
    return office


def office_site(view):
    """Turn the address's office slug into ``office`` for the view (None on the national site)."""

    @wraps(view)
    def wrapper(request, *args, office=None, **kwargs):
        request.site_office = office_or_404(office) if office is not None else None
        return view(request, *args, office=request.site_office, **kwargs)

    return wrapper


def site_reverse(name, office=None, args=()):
    """The address of public page ``name`` on ``office``'s site, or on the national one."""
    slug = None if office is None else office.slug
    return _address(get_resolver(get_urlconf()), get_script_prefix(), get_language(), name, slug, tuple(args))


# A page shows dozens of addresses, and reverse() works each out afresh: a tenth of a listing's time. The key
# holds everything reverse() reads, the URL configuration's resolver too (a test changing ROOT_URLCONF gets
# a new one).
@lru_cache(maxsize=4096)
def _address(resolver, script_prefix, language, name, slug, args):
    if slug is None:
        return reverse(f"public:{name}", args=args)
    return reverse(f"public:office:{name}", args=[slug, *args])
