from django.shortcuts import get_object_or_404, render

from agreements.models import FocusArea, FocusAreaTally
from public.caching import cached_public_page
from public.queries import (
    card_agreements,
    first_agreements,
    listed_commitments,
    listed_focus_areas,
)
from public.views.commitment_pages import commitment_page


@cached_public_page
def focus_area_list(request, office=None):
    return render(request, "public/focus_area_list.html", {"focus_areas": listed_focus_areas(office)})


@cached_public_page
def focus_area_detail(request, slug, office=None):
    focus_area = get_object_or_404(FocusArea, slug=slug)
    commitments = listed_commitments(office).filter(focus_area=focus_area).order_by("due_on", "pk")
    agreements, more_agreements = first_agreements(
        card_agreements(office).filter(pk__in=focus_area.agreements.values("pk")), office
    )
    # The focus area's stored tallies, a row per office, instead of a sum over its thousands of commitments.
    totals = FocusAreaTally.objects.filter(focus_area=focus_area).of_site(office).totals()
    page, totals = commitment_page(request, commitments, totals)
    context = {
        "focus_area": focus_area,
        "agreements": agreements,
        "more_agreements": more_agreements,
        "page": page,
        "totals": totals,
    }
    return render(request, "public/focus_area_detail.html", context)
