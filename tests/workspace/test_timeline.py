"""The timeline draws one mark per stage and period, the period no shorter than a mark is wide."""

from datetime import date, timedelta

import pytest

from tests.factories import make_election, make_stage
from workspace.timeline import build_timeline

START = date(2024, 1, 1)


def due(stage, day, total=1, open_=1, overdue=0):
    return {"due_stage_id": stage.pk, "due_on": day, "total": total, "open": open_, "overdue": overdue}


@pytest.fixture
def election(db):
    return make_election(slug="uji-lini-masa")


def test_it_merges_due_dates_closer_than_a_mark_into_one(election):
    two_years = START + timedelta(days=730)
    stage = make_stage(election, name="Tahapan panjang", start_date=START, end_date=two_years)
    counts = [due(stage, START + timedelta(days=n), total=2) for n in range(3)]
    counts.append(due(stage, START + timedelta(days=400), overdue=1))
    row = build_timeline(election, [stage], counts, today=START).rows[0]
    merged, alone = row.markers
    assert (merged.first_day, merged.last_day, merged.count) == (START, START + timedelta(days=2), 6)
    assert merged.title.startswith("1 January 2024 – 3 January 2024: 6 commitments due")
    assert alone.state == "overdue"
    assert (row.total, row.open, row.overdue) == (7, 4, 1)


def test_it_keeps_a_mark_per_day_on_a_short_timeline(election):
    stage = make_stage(election, name="Tahapan pendek", start_date=START, end_date=START + timedelta(days=14))
    counts = [due(stage, START), due(stage, START + timedelta(days=1))]
    row = build_timeline(election, [stage], counts, today=START).rows[0]
    assert [marker.first_day for marker in row.markers] == [START, START + timedelta(days=1)]
    assert row.markers[0].title == "1 January 2024: 1 commitment due, 1 open, 0 overdue"
