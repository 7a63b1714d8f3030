"""Deadlines, stages and voting days fall between 2000 and 2100: a far date (9999-12-31 typed for "no
deadline") is refused where it is typed, since the election timeline and the liaisons' calendar feed add days
to it and would fail on every later visit."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from agreements.models import Commitment, Election, ElectionStage
from tests.factories import make_commitment, make_election, make_stage

pytestmark = pytest.mark.django_db

FAR = date(9999, 12, 31)


def refused_fields(record):
    """Each refused field's error codes."""
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    return {name: [each.code for each in errors] for name, errors in error.value.error_dict.items()}


def test_a_commitment_s_fixed_due_date_is_refused_beyond_2100():
    commitment = make_commitment(due_kind=Commitment.DueKind.FIXED, due_date=date(2024, 1, 15))
    commitment.due_date = FAR
    assert refused_fields(commitment)["due_date"] == ["out_of_range"]


def test_a_stage_s_dates_and_a_voting_day_are_refused_before_2000_or_after_2100():
    stage = make_stage()
    stage.start_date, stage.end_date = date(1999, 12, 31), FAR
    refused = refused_fields(stage)
    assert refused["start_date"] == refused["end_date"] == ["out_of_range"]
    election = make_election()
    election.voting_day = FAR
    assert "voting_day" in refused_fields(election)


def test_the_bounds_themselves_are_allowed():
    stage = make_stage()
    stage.start_date, stage.end_date = date(2000, 1, 1), date(2100, 12, 31)
    stage.full_clean()
    assert ElectionStage.objects.filter(pk=stage.pk).exists() and Election.objects.exists()
