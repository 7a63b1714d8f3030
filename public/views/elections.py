from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from agreements.models import ElectionStage, StageTally
from public.caching import cached_public_page
from public.queries import (
    listed_commitments,
    listed_elections,
    published_commitments,
    site_elections,
)
from public.timeline import Timeline, election_totals, stage_figures, stage_previews, stage_reads
from public.views.commitment_pages import commitment_page


@cached_public_page
def election_list(request, office=None):
    elections = listed_elections(office)
    context = {"elections": elections, "names_organiser": not settings.SINGLE_OFFICE}
    return render(request, "public/election_list.html", context)


@cached_public_page
def election_detail(request, slug, office=None):
    election = get_object_or_404(site_elections(office), slug=slug)
    commitments = published_commitments(office).filter(due_stage__election=election)
    stages = list(election.stages.order_by("order", "start_date", "end_date"))
    reads = stage_reads(commitments, stages, one_office=office is not None)
    figures = stage_figures(StageTally.objects.filter(stage__election=election).of_site(office), reads)
    today = timezone.localdate()
    previews = stage_previews(commitments, reads, today)
    timeline = Timeline(stages, figures, previews, voting_day=election.voting_day, today=today)
    context = {
        "election": election,
        # Several offices hold a "Pilkada 2024": the page says whose this one is.
        "organiser": None if settings.SINGLE_OFFICE else election.office,
        "timeline": timeline,
        "totals": election_totals(figures),
    }
    return render(request, "public/election_detail.html", context)


@cached_public_page
def stage_detail(request, slug, pk, office=None):
    stages = ElectionStage.objects.filter(election__in=site_elections(office)).select_related("election")
    stage = get_object_or_404(stages, election__slug=slug, pk=pk)
    commitments = listed_commitments(office).filter(due_stage=stage).order_by("due_on", "pk")
    # The stage's stored tallies, a row per office, instead of a sum over its thousands of commitments.
    totals = StageTally.objects.filter(stage=stage).of_site(office).totals()
    page, totals = commitment_page(request, commitments, totals)
    context = {
        "stage": stage,
        "election": stage.election,
        "page": page,
        "totals": totals,
    }
    return render(request, "public/stage_detail.html", context)
