"""Ending a force majeure event extends the deadlines it suspended, each move a public DueDateChange
(docs/domain.md, "Timeliness")."""

from datetime import date

import pytest
from django.utils import translation

from agreements.models import Commitment, DueDateChange, ForceMajeureEvent
from agreements.services_force_majeure import ForceMajeureError, force_majeure_end, force_majeure_end_problem
from tests.factories import make_agreement, make_commitment, make_kpu_office, make_staff, make_stage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """Notes and messages in English, so that assertions read like the msgids."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def agreement():
    return make_agreement()


def fixed(agreement, day, **fields):
    return make_commitment(agreement, due_kind=Commitment.DueKind.FIXED, due_date=day, **fields)


def event_suspending(agreement, *commitments, starts_on=date(2024, 2, 1)):
    event = ForceMajeureEvent.objects.create(
        agreement=agreement, starts_on=starts_on, reason="Banjir bandang"
    )
    event.suspended_commitments.set(commitments)
    return event


def due_on(commitment):
    commitment.refresh_from_db()
    return commitment.due_on


def test_it_extends_a_suspended_deadline_by_the_length_of_the_event(agreement):
    commitment = fixed(agreement, date(2024, 2, 20))
    event = event_suspending(agreement, commitment)
    force_majeure_end(event=event, ends_on=date(2024, 2, 10))
    assert due_on(commitment) == date(2024, 3, 1)


def test_it_leaves_a_suspended_deadline_moved_since_to_another_office_s_agreement(agreement):
    kept, moved = fixed(agreement, date(2024, 2, 20)), fixed(agreement, date(2024, 2, 21))
    event = event_suspending(agreement, kept, moved)
    moved.agreement = make_agreement(kpu=make_kpu_office())
    moved.save()

    force_majeure_end(event=event, ends_on=date(2024, 2, 10))

    assert (due_on(kept), due_on(moved)) == (date(2024, 3, 1), date(2024, 2, 21))
    assert not moved.due_date_changes.exists()


def test_it_records_the_move_with_the_reason_force_majeure_and_the_event_named(agreement):
    staff = make_staff()
    commitment = fixed(agreement, date(2024, 2, 20))
    event = event_suspending(agreement, commitment)
    force_majeure_end(event=event, ends_on=date(2024, 2, 10), user=staff)
    change = commitment.due_date_changes.get()
    assert (change.old_due_on, change.new_due_on, change.reason, change.changed_by) == (
        date(2024, 2, 20),
        date(2024, 3, 1),
        DueDateChange.Reason.FORCE_MAJEURE,
        staff,
    )
    assert change.note == ""  # the system's words are composed when shown, not stored
    assert change.explained_note.startswith(
        "Force majeure “Banjir bandang” (1 February 2024 – 10 February 2024)"
    )


def test_it_records_the_end_date_on_the_event(agreement):
    event = event_suspending(agreement)
    force_majeure_end(event=event, ends_on=date(2024, 2, 10))
    event.refresh_from_db()
    assert event.ends_on == date(2024, 2, 10)


def test_it_turns_a_stage_tied_deadline_into_a_fixed_date_the_stage_no_longer_moves(agreement):
    stage = make_stage(name="Kampanye", start_date=date(2024, 2, 1), end_date=date(2024, 2, 20))
    commitment = make_commitment(agreement, due_kind=Commitment.DueKind.STAGE, due_stage=stage)
    event = event_suspending(agreement, commitment)
    force_majeure_end(event=event, ends_on=date(2024, 2, 10))
    stage.end_date = date(2024, 2, 25)
    stage.save()
    commitment.refresh_from_db()
    assert (commitment.due_kind, commitment.due_on) == (Commitment.DueKind.FIXED, date(2024, 3, 1))
    assert "no longer tied to the stage “Kampanye”" in commitment.due_date_changes.get().explained_note


def test_it_leaves_a_deadline_due_before_the_event_started(agreement):
    commitment = fixed(agreement, date(2024, 1, 31))
    force_majeure_end(event=event_suspending(agreement, commitment), ends_on=date(2024, 2, 10))
    assert (due_on(commitment), commitment.due_date_changes.exists()) == (date(2024, 1, 31), False)


def test_it_leaves_a_deadline_already_met(agreement):
    commitment = fixed(agreement, date(2024, 2, 20))
    Commitment.objects.filter(pk=commitment.pk).update(status=Commitment.Status.DONE)
    force_majeure_end(event=event_suspending(agreement, commitment), ends_on=date(2024, 2, 10))
    assert due_on(commitment) == date(2024, 2, 20)


def test_it_leaves_a_deadline_it_does_not_suspend(agreement):
    commitment = fixed(agreement, date(2024, 2, 20))
    force_majeure_end(event=event_suspending(agreement), ends_on=date(2024, 2, 10))
    assert due_on(commitment) == date(2024, 2, 20)


def test_it_moves_nothing_twice_when_ended_again_on_the_same_day(agreement):
    commitment = fixed(agreement, date(2024, 2, 20))
    event = event_suspending(agreement, commitment)
    force_majeure_end(event=event, ends_on=date(2024, 2, 10))
    result = force_majeure_end(event=event, ends_on=date(2024, 2, 10))
    assert (result.already_ended, due_on(commitment), commitment.due_date_changes.count()) == (
        True,
        date(2024, 3, 1),
        1,
    )


def test_it_refuses_to_end_an_ended_event_on_another_day(agreement):
    commitment = fixed(agreement, date(2024, 2, 20))
    event = event_suspending(agreement, commitment)
    force_majeure_end(event=event, ends_on=date(2024, 2, 10))
    with pytest.raises(ForceMajeureError):
        force_majeure_end(event=event, ends_on=date(2024, 2, 12))
    assert due_on(commitment) == date(2024, 3, 1)


@pytest.mark.parametrize("ends_on", [date(2024, 1, 31), date(2999, 1, 1)])
def test_it_refuses_an_end_before_the_start_or_in_the_future(agreement, ends_on):
    commitment = fixed(agreement, date(2024, 2, 20))
    event = event_suspending(agreement, commitment)
    with pytest.raises(ForceMajeureError):
        force_majeure_end(event=event, ends_on=ends_on)
    event.refresh_from_db()
    assert (event.ends_on, due_on(commitment), DueDateChange.objects.exists()) == (
        None,
        date(2024, 2, 20),
        False,
    )


def test_its_messages_write_the_day_as_the_reader_reads_dates():
    event = ForceMajeureEvent(starts_on=date(2024, 2, 14))

    with translation.override("id"):
        problem = force_majeure_end_problem(event, date(2024, 2, 1), today=date(2024, 3, 1))

    assert problem == "Keadaan kahar tidak dapat berakhir sebelum dimulai (14 Februari 2024)."
