from urllib.parse import urlencode

from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from agencies.offices import offices_visible_to
from security.decorators import staff_required
from workspace import caching, figures


@staff_required
def dashboard(request):
    today = timezone.localdate()
    elections = figures.elections(request.user)
    election = figures.chosen_election(elections, request.GET.get("election", ""), today)
    return render(
        request,
        "workspace/dashboard.html",
        {
            "today": today,
            "election_groups": figures.election_groups(elections),
            "election": election,
            "blocks": dashboard_blocks(election, today, request.user),
        },
    )


def dashboard_blocks(election, today, user):
    """Everything below the election filter: the same for all staff who follow the same offices, so rendered
    once per data change for each such group."""
    key = caching.dashboard_key(election, today, offices_visible_to(user))
    blocks = cache.get(key)
    if blocks is None:
        # The chart shows the organisations needing attention most; this page lists every one of them.
        agency_list_url = (
            reverse("workspace:agency_progress")
            + "?"
            + urlencode({"election": election.slug if election else "all"})
        )
        context = {
            **figures.dashboard_figures(election, today, user),
            "election": election,
            "upcoming_days": figures.DUE_SOON_DAYS,
            "agency_list_url": agency_list_url,
        }
        blocks = render_to_string("workspace/_dashboard_blocks.html", context)
        cache.set(key, blocks, caching.TIMEOUT)
    return blocks
