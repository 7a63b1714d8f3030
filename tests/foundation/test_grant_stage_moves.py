"""An NPHD's tranche deadlines tied to an election stage move with the stage, in the stage's transaction."""

from datetime import date

import pytest
from django.db import transaction

from agreements.models import Agreement, GrantTranche
from kpu_coop.change_reasons import reason_text
from tests.factories import make_agreement, make_kpu_staff, make_stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting():
    return make_stage(start_date=date(2024, 11, 27), end_date=date(2024, 11, 27))


@pytest.fixture
def nphd():
    return make_agreement(kind=Agreement.Kind.NPHD, grant_amount=30_000)


def tranche(nphd, order, **due):
    return GrantTranche.objects.create(agreement=nphd, order=order, planned_amount=10_000, **due)


def tied(nphd, stage, order=2):
    return tranche(
        nphd,
        order,
        due_kind=GrantTranche.DueKind.STAGE,
        due_stage=stage,
        due_anchor="start",
        due_offset_days=-150,
    )


def move(stage, start_date, user=None):
    stage.start_date = stage.end_date = start_date
    if user is not None:
        stage._history_user = user
    stage.save()


def due_on(record):
    record.refresh_from_db()
    return record.due_on


def test_it_moves_a_tied_tranche_with_its_stage(nphd, voting):
    second = tied(nphd, voting)
    move(voting, date(2024, 12, 11))
    assert due_on(second) == date(2024, 7, 14)


def test_it_leaves_a_tranche_with_a_planned_date_alone(nphd, voting):
    first = tranche(nphd, 1, due_date=date(2023, 11, 24))
    move(voting, date(2024, 12, 11))
    assert due_on(first) == date(2023, 11, 24)


def test_it_records_the_move_and_who_made_it_in_the_tranche_history(nphd, voting):
    second, staff = tied(nphd, voting), make_kpu_staff()
    move(voting, date(2024, 12, 11), user=staff)
    row = second.history.filter(history_type="~").get()
    assert (row.due_on, row.history_user, reason_text(row.history_change_reason)) == (
        date(2024, 7, 14),
        staff,
        f"Tahapan “{voting.name}” digeser: tenggat mengikuti",
    )


def test_it_rolls_the_tranche_back_with_the_stage(nphd, voting):
    second = tied(nphd, voting)
    with pytest.raises(RuntimeError), transaction.atomic():
        move(voting, date(2024, 12, 11))
        raise RuntimeError
    assert due_on(second) == date(2024, 6, 30)


@pytest.mark.parametrize("count", [1, 20])
def test_it_moves_any_number_of_tranches_in_the_same_queries(django_assert_num_queries, voting, count):
    for _ in range(count):
        tied(make_agreement(kind=Agreement.Kind.NPHD, grant_amount=30_000), voting)
    voting.start_date = voting.end_date = date(2024, 12, 11)
    # Savepoint, the stage's UPDATE and history row, the commitments' due-date changes INSERT and UPDATE (none
    # tied), the tranches' UPDATE and history INSERT, release.
    with django_assert_num_queries(8):
        voting.save()
    assert GrantTranche.objects.filter(due_on=date(2024, 7, 14)).count() == count
