"""A commitment written while its stage moves ends with the moved date (PostgreSQL, READ COMMITTED): its save
reads the stage's dates under a share lock, so the move waits for it and then re-dates it, instead of
committing new dates that the commitment, computed from the old ones, never sees. And a commitment untied from
the stage meanwhile gets no "stage move" record: the move locks the tied rows before it reads their dates."""

import threading
from datetime import date

import pytest
from django.db import connection, transaction

from agreements.models import Commitment, DueDateChange, ElectionStage
from tests.concurrency import wait_for_a_lock_wait
from tests.factories import make_published_agreement, make_stage, second_party

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers"),
    pytest.mark.django_db(transaction=True),
]


def move_to_april_end(stage_id, errors):
    """The stage move, on a connection of its own (a thread): the stage now ends on 30 April 2024."""
    try:
        moved = ElectionStage.objects.get(pk=stage_id)
        moved.end_date = date(2024, 4, 30)
        moved.save()
    except Exception as error:
        errors.append(error)
    finally:
        connection.close()


def test_a_commitment_saved_while_its_stage_moves_gets_the_new_date(monkeypatch):
    agreement = make_published_agreement()
    stage = make_stage(start_date=date(2024, 3, 1), end_date=date(2024, 3, 31))
    computed, go_on, errors = threading.Event(), threading.Event(), []
    compute = Commitment.compute_due_on

    def compute_then_hold(self):
        day = compute(self)
        if threading.current_thread().name == "writer":
            computed.set()
            go_on.wait(timeout=20)
        return day

    monkeypatch.setattr(Commitment, "compute_due_on", compute_then_hold)

    def write():
        try:
            with transaction.atomic():
                Commitment.objects.create(
                    agreement=agreement,
                    responsible=second_party(agreement),
                    title="Terikat tahapan",
                    due_kind=Commitment.DueKind.STAGE,
                    due_stage_id=stage.pk,
                )
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    writer = threading.Thread(target=write, name="writer")
    mover = threading.Thread(target=move_to_april_end, args=(stage.pk, errors))
    writer.start()
    assert computed.wait(timeout=20)
    mover.start()
    wait_for_a_lock_wait()
    go_on.set()
    writer.join(timeout=30)
    mover.join(timeout=30)
    assert errors == []
    assert Commitment.objects.get(title="Terikat tahapan").due_on == date(2024, 4, 30)


def test_a_commitment_untied_while_its_stage_moves_gets_no_stage_move_record(monkeypatch):
    agreement = make_published_agreement()
    stage = make_stage(start_date=date(2024, 3, 1), end_date=date(2024, 3, 31))
    commitment = Commitment.objects.create(
        agreement=agreement,
        responsible=second_party(agreement),
        title="Dilepas dari tahapan",
        due_kind=Commitment.DueKind.STAGE,
        due_stage_id=stage.pk,
    )
    untied, go_on, errors = threading.Event(), threading.Event(), []

    def untie():
        try:
            with transaction.atomic():
                fixed = Commitment.objects.get(pk=commitment.pk)
                fixed.due_kind, fixed.due_date = Commitment.DueKind.FIXED, date(2024, 5, 15)
                fixed.save()
                untied.set()
                go_on.wait(timeout=20)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    writer = threading.Thread(target=untie)
    mover = threading.Thread(target=move_to_april_end, args=(stage.pk, errors))
    writer.start()
    assert untied.wait(timeout=20)
    mover.start()
    wait_for_a_lock_wait()
    go_on.set()
    writer.join(timeout=30)
    mover.join(timeout=30)
    assert errors == []
    commitment.refresh_from_db()
    assert commitment.due_on == date(2024, 5, 15)
    assert not commitment.due_date_changes.filter(reason=DueDateChange.Reason.STAGE_MOVE).exists()
