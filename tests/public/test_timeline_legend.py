"""The election timeline's legend lists only the marks the bars draw: "today" while today is on the scale."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_election, make_stage

pytestmark = pytest.mark.django_db


def timeline(client, election):
    return client.get(reverse("public:election_detail", args=[election.slug])).content.decode()


def test_it_leaves_today_out_of_the_legend_of_a_past_election(client):
    election = make_election(voting_day=None)
    make_stage(election, start_date=date(2023, 1, 1), end_date=date(2023, 3, 31))
    page = timeline(client, election)
    assert 'class="bar"' in page
    assert "key-today" not in page and "key-voting" not in page
    assert 'class="today"' not in page and 'class="voting"' not in page


def test_it_keeps_today_in_the_legend_while_a_stage_runs(client):
    today = timezone.localdate()
    election = make_election(voting_day=today + timedelta(days=10))
    make_stage(election, start_date=today - timedelta(days=30), end_date=today + timedelta(days=30))
    page = timeline(client, election)
    assert "key-today" in page and "key-voting" in page
    # Both drawn across the bar, after (over) the stage's span, where the scale of its 61 days puts them:
    # today after 30 days, voting day after 40.
    bar = page[page.index('<svg class="bar"') : page.index("</svg>")]
    lines = re.findall(r'<line class="(\w+)" x1="([\d.]+)" x2="([\d.]+)"', bar[bar.index('class="span"') :])
    assert [(name, round(float(x1)), x1 == x2) for name, x1, x2 in lines] == [
        ("voting", round(40 / 61 * 1000), True),
        ("today", round(30 / 61 * 1000), True),
    ]
