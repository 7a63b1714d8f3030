from django.db.models import Count, Q
from django.shortcuts import render

from agreements.models import Agreement, Commitment, Election, FocusArea
from public.caching import cached_public_page
from public.queries import commitment_totals, listed_agreements, public_organisations

LATEST = 5


@cached_public_page
def home(request):
    published = Q(agreements__is_published=True)
    context = {
        "agreement_count": Agreement.objects.published().count(),
        "agency_count": public_organisations().agencies().count(),
        "totals": commitment_totals(Commitment.objects.published()),
        "latest": listed_agreements().order_by("-published_at", "-pk")[:LATEST],
        "focus_areas": FocusArea.objects.annotate(agreement_count=Count("agreements", filter=published)),
        "elections": Election.objects.annotate(agreement_count=Count("agreements", filter=published)),
    }
    return render(request, "public/home.html", context)
