from django.shortcuts import render
from django.utils import timezone

from kpu_coop import pagination
from security.decorators import staff_required
from workspace import figures


@staff_required
def agency_progress(request):
    """Every responsible organisation's progress, a page at a time, in the dashboard's order of need."""
    today = timezone.localdate()
    elections = figures.elections(request.user)
    election = figures.chosen_election(elections, request.GET.get("election", ""), today)
    groups = figures.agencies_by_need(figures.live_commitments(election, request.user), today)
    page = pagination.grouped_page_or_404(request, groups, pagination.WORKSPACE_AGENCIES)
    return render(
        request,
        "workspace/agency_progress.html",
        {
            "election_groups": figures.election_groups(elections),
            "election": election,
            "page": page,
            "rows": figures.agency_chart_rows(page.object_list),
            "today": today,
        },
    )
