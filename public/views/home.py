from django.conf import settings
from django.shortcuts import render

from public.caching import cached_public_page
from public.filters import SORTS
from public.queries import (
    as_cards,
    card_agreements,
    listed_elections,
    listed_focus_areas,
    offices_by_province,
    published_count,
    published_totals,
    site_organisations,
)

LATEST = 5


@cached_public_page
def home(request, office=None):
    context = {
        "agreement_count": published_count(office),
        # The agencies the agency list shows: an office's site also lists its region's, agreement or not.
        "agency_count": site_organisations(office).agencies().count(),
        "totals": published_totals(office),
        # The listing's "recently published" order, which an index serves (public.filters.SORTS).
        "latest": as_cards(card_agreements(office).order_by(*SORTS["published"][1])[:LATEST], office),
        "focus_areas": listed_focus_areas(office),
        "elections": listed_elections(office),
        # The national landing page of an installation of several offices lists them by province.
        "provinces": offices_by_province() if office is None and not settings.SINGLE_OFFICE else None,
    }
    return render(request, "public/home.html", context)
