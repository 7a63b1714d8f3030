from django.shortcuts import render
from django.utils import timezone

from agreements.models import ElectionStage
from workspace import figures
from workspace.decorators import staff_required
from workspace.timeline import build_timeline, due_date_counts


@staff_required
def dashboard(request):
    today = timezone.localdate()
    elections = figures.elections()
    election = figures.chosen_election(elections, request.GET.get("election", ""), today)
    commitments = figures.live_commitments(election)
    awaiting_count, awaiting = figures.reports_awaiting(commitments)
    timeline = None
    if election:
        stages = list(ElectionStage.objects.filter(election=election).order_by("order", "start_date", "pk"))
        counts = due_date_counts(commitments, election, today)
        timeline = build_timeline(election, stages, counts, today)
    return render(
        request,
        "workspace/dashboard.html",
        {
            "today": today,
            "elections": elections,
            "election": election,
            "agreement_totals": figures.agreement_totals(election, today),
            "totals": figures.commitment_totals(commitments, today),
            "by_agency": figures.progress_by_agency(commitments, today),
            "by_focus_area": figures.progress_by_focus_area(commitments, today),
            "overdue": figures.overdue_commitments(commitments, today),
            "awaiting": awaiting,
            "awaiting_count": awaiting_count,
            "upcoming": figures.upcoming_by_stage(commitments, today),
            "upcoming_days": figures.UPCOMING_DAYS,
            "list_limit": figures.LIST_LIMIT,
            "timeline": timeline,
        },
    )
