from django.db.models import Count, Q
from django.shortcuts import render

from agreements.models import Agreement, Election, FocusArea
from public.caching import cached_public_page
from public.filters import SORTS
from public.queries import listed_agreements, public_organisations, published_totals

LATEST = 5


@cached_public_page
def home(request):
    published = Q(agreements__is_published=True)
    context = {
        "agreement_count": Agreement.objects.published().count(),
        "agency_count": public_organisations().agencies().count(),
        "totals": published_totals(),
        # The listing's "recently published" order, which an index serves (public.filters.SORTS).
        "latest": listed_agreements().order_by(*SORTS["published"][1])[:LATEST],
        "focus_areas": FocusArea.objects.annotate(agreement_count=Count("agreements", filter=published)),
        "elections": Election.objects.annotate(agreement_count=Count("agreements", filter=published)),
    }
    return render(request, "public/home.html", context)
