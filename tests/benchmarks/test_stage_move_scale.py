"""A stage with 100,000 commitments moves in under 2 s, their history and due-date changes included
(PostgreSQL only).

It takes about half a minute in all (most of it creating the commitments), so it runs only when asked:
KPU_SCALE_TESTS=1 DATABASE_URL=postgres://... pytest -s tests/benchmarks/test_stage_move_scale.py
"""

import os
import time
from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import F

from agreements.models import Commitment, DueDateChange, ElectionStage
from agreements.stage_moves import stage_commitments_redate
from tests.factories import make_agreement, make_kpu_staff, make_stage

COMMITMENTS = 100_000

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the figure that matters is PostgreSQL's"),
    pytest.mark.skipif(os.environ.get("KPU_SCALE_TESTS") != "1", reason="set KPU_SCALE_TESTS=1 to run"),
]


def tied_commitments(stage, agreement, count):
    """Commitments as saved before the move: half from the stage start, half from its end, -30 to +30 days."""
    responsible_id = agreement.parties.first().organisation_id
    for n in range(count):
        anchor = Commitment.Anchor.START if n % 2 else Commitment.Anchor.END
        offset = n % 61 - 30
        anchor_date = stage.start_date if anchor == Commitment.Anchor.START else stage.end_date
        yield Commitment(
            agreement=agreement,
            responsible_id=responsible_id,
            title=f"Kewajiban {n}",
            due_kind=Commitment.DueKind.STAGE,
            due_stage=stage,
            due_anchor=anchor,
            due_offset_days=offset,
            due_on=anchor_date + timedelta(days=offset),
        )


def test_it_moves_a_stage_with_100000_commitments_in_under_2_seconds():
    stage = make_stage(start_date=date(2024, 5, 31), end_date=date(2024, 9, 23))
    Commitment.objects.bulk_create(tied_commitments(stage, make_agreement(), COMMITMENTS), batch_size=5000)
    staff = make_kpu_staff()
    # The stage's new dates, stored without save() so that only the service is timed.
    stage.start_date, stage.end_date = date(2024, 6, 7), date(2024, 9, 30)
    ElectionStage.objects.filter(pk=stage.pk).update(start_date=stage.start_date, end_date=stage.end_date)

    started = time.perf_counter()
    changed = stage_commitments_redate(stage=stage, user=staff)
    elapsed = time.perf_counter() - started

    # For scale on a busy machine: one plain UPDATE of the same rows, the least any re-dating can cost.
    started = time.perf_counter()
    Commitment.objects.filter(due_stage=stage).update(due_on=F("due_on") + 1)
    plain = time.perf_counter() - started
    print(
        f"\nstage_commitments_redate: {changed} commitments in {elapsed:.2f} s (plain UPDATE: {plain:.2f} s)"
    )
    recorded = (Commitment.history.filter(history_type="~").count(), DueDateChange.objects.count())
    assert (changed, recorded, elapsed < 2) == (COMMITMENTS, (COMMITMENTS, COMMITMENTS), True)
