"""What other staff do to an agreement's commitments while its admin form is being saved waits for that save:
the form locks the agreement before it writes the commitments it read, so the others lock the agreement first
too. Ending a force majeure event then extends the deadline the form has just saved, instead of the form
writing the old one back; marking a commitment not carried out does not deadlock with the save."""

import threading
from datetime import date

import pytest
from django.db import connection

from agreements.models import Agreement, Commitment, DueDateChange, ForceMajeureEvent
from agreements.services_force_majeure import force_majeure_end
from agreements.services_timeliness import commitment_mark_not_carried_out
from tests.concurrency import admin_paused_before_saving, held_while
from tests.factories import make_agreement, make_commitment
from tests.foundation.test_admin_conflicts import edit, logged_in, open_form

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers and hides the race"
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def commitment():
    agreement = make_agreement(title="PKS Data Pemilih")
    return make_commitment(
        agreement, title="Menyediakan data", due_kind=Commitment.DueKind.FIXED, due_date=date(2024, 2, 20)
    )


def save_form_while(monkeypatch, commitment, other, **changes):
    """The agreement's form, read and checked, pauses before saving while ``other`` runs in its own
    connection; once ``other`` waits for a lock, the form goes on. The form's status code and what ``other``
    returned."""
    client = logged_in("ani")
    form = open_form(client, commitment.agreement)
    holding, go_on = admin_paused_before_saving(monkeypatch, Agreement)
    results = {}

    def run(work):
        try:
            results[threading.current_thread().name] = work()
        except Exception as error:
            results[threading.current_thread().name] = repr(error)
        finally:
            connection.close()

    held_while(
        lambda: run(lambda: edit(client, form, **changes).status_code),
        lambda: run(other),
        holding=holding,
        go_on=go_on,
    )
    return results["first"], results["second"]


def test_a_force_majeure_ended_while_the_form_is_saved_extends_the_saved_deadline(monkeypatch, commitment):
    event = ForceMajeureEvent.objects.create(
        agreement=commitment.agreement, starts_on=date(2024, 2, 1), reason="Banjir"
    )
    event.suspended_commitments.set([commitment])

    def end():
        return force_majeure_end(event=event, ends_on=date(2024, 2, 10)).already_ended

    saved, already_ended = save_form_while(
        monkeypatch, commitment, end, **{"commitments-0-title": "Menyediakan data pemilih"}
    )

    commitment.refresh_from_db()
    assert (saved, already_ended) == (302, False)
    assert (commitment.title, commitment.due_on) == ("Menyediakan data pemilih", date(2024, 3, 1))
    assert DueDateChange.objects.get().new_due_on == date(2024, 3, 1)


def test_a_commitment_marked_not_carried_out_while_the_form_is_saved(monkeypatch, commitment, caplog):
    def mark():
        return commitment_mark_not_carried_out(commitment=commitment, reason="Tidak sempat")

    saved, marked = save_form_while(
        monkeypatch, commitment, mark, **{"commitments-0-description": "Lewat SIAK"}
    )

    commitment.refresh_from_db()
    assert (saved, marked) == (302, True)
    assert (commitment.description, commitment.status) == ("Lewat SIAK", Commitment.Status.NOT_CARRIED_OUT)
    # Without a deadlock to break: nothing was run again.
    assert not [record for record in caplog.records if record.name == "kpu_coop.deadlocks"]
