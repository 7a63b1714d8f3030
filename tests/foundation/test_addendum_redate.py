"""An addendum that changes deadlines re-dates the amended PKS's open commitments, each move a public
DueDateChange naming the addendum (docs/domain.md, "Timeliness")."""

from datetime import date

import pytest

from agreements.models import Commitment, DueDateChange
from agreements.services import AddendumError, addendum_apply
from tests.factories import make_agreement, make_commitment, make_staff, make_stage, second_party

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """Notes and messages in English, so that assertions read like the msgids."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def pks():
    return make_agreement(term_start=date(2023, 1, 1), term_end=date(2024, 12, 31))


@pytest.fixture
def commitment(pks):
    return make_commitment(pks, due_kind=Commitment.DueKind.FIXED, due_date=date(2024, 3, 1))


@pytest.fixture
def addendum(pks):
    kpu = pks.parties.get(role="first").organisation
    return make_agreement(kind="addendum", parent=pks, title="Addendum I", kpu=kpu, agency=second_party(pks))


def due_on(commitment):
    commitment.refresh_from_db()
    return commitment.due_on


def test_it_gives_a_commitment_the_new_due_date(addendum, commitment):
    addendum_apply(addendum=addendum, redate={commitment: date(2024, 6, 1)})
    assert due_on(commitment) == date(2024, 6, 1)


def test_it_records_the_move_with_the_reason_addendum_and_the_addendum_named(addendum, commitment):
    staff = make_staff()
    addendum_apply(addendum=addendum, redate={commitment: date(2024, 6, 1)}, user=staff)
    change = commitment.due_date_changes.get()
    assert (
        change.old_due_on,
        change.new_due_on,
        change.reason,
        change.explained_note,
        change.changed_by,
    ) == (
        date(2024, 3, 1),
        date(2024, 6, 1),
        DueDateChange.Reason.ADDENDUM,
        "Addendum “Addendum I”",
        staff,
    )


def test_it_turns_a_stage_tied_deadline_into_a_fixed_date(pks, addendum):
    stage = make_stage(name="Kampanye", start_date=date(2024, 2, 1), end_date=date(2024, 2, 20))
    tied = make_commitment(pks, due_kind=Commitment.DueKind.STAGE, due_stage=stage)
    addendum_apply(addendum=addendum, redate={tied: date(2024, 6, 1)})
    tied.refresh_from_db()
    assert (tied.due_kind, tied.due_on) == (Commitment.DueKind.FIXED, date(2024, 6, 1))
    assert "no longer tied to the stage “Kampanye”" in tied.due_date_changes.get().explained_note


def test_it_records_nothing_for_an_unchanged_date(addendum, commitment):
    addendum_apply(addendum=addendum, redate={commitment: date(2024, 3, 1)})
    assert not commitment.due_date_changes.exists()


def test_it_allows_a_date_within_the_term_the_addendum_extends(pks, addendum, commitment):
    addendum.term_end = date(2025, 6, 30)
    addendum.save()
    addendum_apply(addendum=addendum, redate={commitment: date(2025, 5, 1)})
    assert due_on(commitment) == date(2025, 5, 1)


@pytest.mark.parametrize("day", [date(2022, 12, 31), date(2025, 1, 1)])
def test_it_refuses_a_date_outside_the_term_and_changes_nothing(pks, addendum, commitment, day):
    addendum.term_start = date(2023, 1, 1)
    with pytest.raises(AddendumError):
        addendum_apply(addendum=addendum, redate={commitment: day})
    assert (due_on(commitment), addendum.commitments.count(), DueDateChange.objects.exists()) == (
        date(2024, 3, 1),
        0,
        False,
    )


def test_it_refuses_another_agreements_commitment(addendum):
    stranger = make_commitment(due_kind=Commitment.DueKind.FIXED, due_date=date(2024, 3, 1))
    with pytest.raises(AddendumError):
        addendum_apply(addendum=addendum, redate={stranger: date(2024, 6, 1)})
    assert due_on(stranger) == date(2024, 3, 1)


def test_it_refuses_a_commitment_already_done(addendum, commitment):
    Commitment.objects.filter(pk=commitment.pk).update(status=Commitment.Status.DONE)
    with pytest.raises(AddendumError):
        addendum_apply(addendum=addendum, redate={commitment: date(2024, 6, 1)})


def test_it_refuses_to_retire_and_re_date_the_same_commitment(addendum, commitment):
    # Said as it is: the commitment is open, the same form retires it.
    with pytest.raises(AddendumError, match="is retired by this addendum: it cannot also get a new due date"):
        addendum_apply(addendum=addendum, retire=[commitment], redate={commitment: date(2024, 6, 1)})
    commitment.refresh_from_db()
    assert (commitment.retired_by, commitment.due_on) == (None, date(2024, 3, 1))
