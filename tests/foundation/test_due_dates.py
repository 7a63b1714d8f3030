from datetime import date

import pytest

from agreements.models import Commitment
from tests.factories import make_commitment, make_stage

pytestmark = pytest.mark.django_db


def tied_to(stage, anchor, offset):
    return make_commitment(
        due_kind=Commitment.DueKind.STAGE, due_stage=stage, due_anchor=anchor, due_offset_days=offset
    )


def test_it_counts_days_from_the_stage_end():
    stage = make_stage(start_date=date(2023, 11, 28), end_date=date(2024, 2, 10))
    assert tied_to(stage, Commitment.Anchor.END, -3).due_on == date(2024, 2, 7)


def test_it_counts_days_from_the_stage_start():
    stage = make_stage(start_date=date(2023, 11, 28), end_date=date(2024, 2, 10))
    assert tied_to(stage, Commitment.Anchor.START, 5).due_on == date(2023, 12, 3)


def test_it_moves_the_due_date_when_the_stage_moves():
    stage = make_stage(start_date=date(2024, 5, 31), end_date=date(2024, 9, 23))
    commitment = tied_to(stage, Commitment.Anchor.END, 0)
    stage.end_date = date(2024, 9, 30)
    stage.save()
    commitment.refresh_from_db()
    assert commitment.due_on == date(2024, 9, 30)


def test_it_leaves_fixed_dates_alone_when_a_stage_moves():
    stage = make_stage()
    fixed = make_commitment(due_kind=Commitment.DueKind.FIXED, due_date=date(2024, 3, 1))
    stage.end_date = date(2024, 12, 31)
    stage.save()
    fixed.refresh_from_db()
    assert fixed.due_on == date(2024, 3, 1)


def test_it_has_no_due_date_when_the_stage_start_is_unknown():
    stage = make_stage(start_date=None, end_date=date(2024, 1, 26))
    assert tied_to(stage, Commitment.Anchor.START, 0).due_on is None
