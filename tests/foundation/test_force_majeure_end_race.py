"""Two staff ending the same force majeure event at the same moment move its deadlines once."""

import threading
from datetime import date

import pytest
from django.db import connection

from agreements import services_force_majeure
from agreements.models import Commitment, DueDateChange, ForceMajeureEvent
from agreements.services_force_majeure import force_majeure_end
from tests.concurrency import held_while
from tests.factories import make_commitment


# Each ending in its own connection: only PostgreSQL runs them truly side by side.
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers and hides the race")
def test_it_moves_the_deadlines_once_when_two_end_the_event_together(monkeypatch):
    commitment = make_commitment(due_kind=Commitment.DueKind.FIXED, due_date=date(2024, 2, 20))
    event = ForceMajeureEvent.objects.create(
        agreement=commitment.agreement, starts_on=date(2024, 2, 1), reason="Banjir"
    )
    event.suspended_commitments.set([commitment])
    first_locked, go_on = threading.Event(), threading.Event()
    moves = services_force_majeure.force_majeure_moves

    def first_pauses_while_holding_the_lock(**kwargs):
        if threading.current_thread().name == "first":
            first_locked.set()
            go_on.wait(timeout=20)
        return moves(**kwargs)

    monkeypatch.setattr(services_force_majeure, "force_majeure_moves", first_pauses_while_holding_the_lock)
    results = {}

    def end():
        try:
            results[threading.current_thread().name] = force_majeure_end(
                event=event, ends_on=date(2024, 2, 10)
            )
        finally:
            connection.close()

    held_while(end, end, holding=first_locked, go_on=go_on)

    assert (results["second"].already_ended, DueDateChange.objects.count()) == (True, 1)
