from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from agreements.models import Agreement, Election
from kpu_coop import pagination
from security.decorators import staff_required
from workspace import figures
from workspace.monev import first_party, monev_agreements, report_office


def _report(request, *, agreements, election, today):
    for agreement in agreements:
        agreement.first_party = first_party(agreement)
    return render(
        request,
        "workspace/monev.html",
        {"agreements": agreements, "election": election, "today": today, "office": report_office(agreements)},
    )


@staff_required
def monev_agreement(request, pk):
    today = timezone.localdate()
    agreement = get_object_or_404(monev_agreements(today, request.user), pk=pk)
    return _report(request, agreements=[agreement], election=None, today=today)


@staff_required
def monev_election(request, slug):
    today = timezone.localdate()
    election = get_object_or_404(Election.objects.visible_to(request.user), slug=slug)
    agreements = monev_agreements(today, request.user).filter(elections=election)
    agreements = list(agreements.order_by("kind", "title", "pk"))
    return _report(request, agreements=agreements, election=election, today=today)


@staff_required
def monev_index(request):
    today = timezone.localdate()
    elections = figures.elections(request.user)
    slug = request.GET.get("election", "")
    election = next((each for each in elections if each.slug == slug), None)
    agreements = Agreement.objects.kept_by(request.user).with_status(today).with_monev()
    agreements = agreements.order_by("kind", "title", "pk")
    if election:
        agreements = agreements.filter(elections=election)
    # KPU RI's staff read every office's agreements: a page at a time.
    page = pagination.page_or_404(request, agreements, pagination.WORKSPACE_MONEV)
    for agreement in page.object_list:
        # The monitoring clause's schedule: the next monev, and the last one when no evaluation covers it.
        agreement.monev = agreement.monev_schedule(today)
    return render(
        request,
        "workspace/monev_index.html",
        {"elections": elections, "election": election, "page": page, "agreements": page.object_list},
    )
