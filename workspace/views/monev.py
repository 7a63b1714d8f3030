from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.offices import offices_visible_to
from agreements.models import Agreement, Election
from kpu_coop import pagination
from kpu_coop.record_ids import record_id
from security.decorators import staff_required
from workspace import figures
from workspace.monev import first_party, monev_agreements, report_office, visible_offices


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
    """An office's report on its agreements covering an election. When they belong to several offices that
    the user reads (a province's regencies, every office for KPU RI), the user chooses the office first: one
    report of them all was 5 MB and 4 s for a province of 23 regencies, and more than the database's time
    limit for KPU RI."""
    today = timezone.localdate()
    election = get_object_or_404(Election.objects.visible_to(request.user), slug=slug)
    agreements = monev_agreements(today, request.user).filter(elections=election)
    visible = offices_visible_to(request.user)
    if "office" in request.GET:
        office = record_id(request.GET["office"])
        # Another office's report is not found, as its records are not (agencies.offices).
        if office is None or not visible_offices(request.user).filter(pk=office).exists():
            raise Http404(_("No such office."))
        agreements = agreements.filter(office_id=office)
    elif visible is None or len(visible) > 1:
        offices = offices_of_election(election, request.user)
        if len(offices[:2]) > 1:
            page = pagination.page_or_404(request, offices, pagination.WORKSPACE_MONEV)
            context = {"election": election, "page": page}
            return render(request, "workspace/monev_election_offices.html", context)
    agreements = list(agreements.order_by("kind", "title", "pk"))
    return _report(request, agreements=agreements, election=election, today=today)


def offices_of_election(election, user):
    """The offices ``user`` reads whose agreements cover ``election``, each with how many, by name."""
    agreements = Agreement.objects.kept_by(user).filter(elections=election).order_by()
    offices = agreements.values("office_id", "office__name").annotate(count=Count("pk"))
    return offices.order_by("office__name", "office_id")


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
