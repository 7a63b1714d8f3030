from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from agreements.models import Election, ElectionStage
from kpu_coop import pagination
from public.caching import cached_public_page
from public.queries import commitment_totals, public_commitments, published_filter
from public.timeline import Timeline, election_totals, stage_figures, stage_previews


@cached_public_page
def election_list(request, office=None):
    published = published_filter(office)
    elections = Election.objects.annotate(agreement_count=Count("agreements", filter=published))
    return render(request, "public/election_list.html", {"elections": elections})


@cached_public_page
def election_detail(request, slug, office=None):
    election = get_object_or_404(Election, slug=slug)
    commitments = public_commitments(office).filter(due_stage__election=election)
    stages = list(election.stages.order_by("order", "start_date", "end_date"))
    figures = stage_figures(commitments)
    timeline = Timeline(
        stages,
        figures,
        stage_previews(commitments, stages),
        voting_day=election.voting_day,
        today=timezone.localdate(),
    )
    context = {"election": election, "timeline": timeline, "totals": election_totals(figures)}
    return render(request, "public/election_detail.html", context)


@cached_public_page
def stage_detail(request, slug, pk, office=None):
    stage = get_object_or_404(ElectionStage.objects.select_related("election"), election__slug=slug, pk=pk)
    commitments = public_commitments(office).filter(due_stage=stage).order_by("due_on", "pk")
    context = {
        "stage": stage,
        "election": stage.election,
        "page": pagination.page_or_404(request, commitments, pagination.PUBLIC_COMMITMENTS),
        "totals": commitment_totals(commitments),
    }
    return render(request, "public/stage_detail.html", context)
