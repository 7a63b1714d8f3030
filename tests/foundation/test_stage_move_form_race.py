"""A stage moves while an agreement's change form, holding a commitment tied to that stage, is being saved:
the commitment ends with the moved date and the move is recorded once (a "stage move"), not a second time as
a "correction" by the editor, who never touched the date but whose form read it before the move."""

from datetime import date

import pytest
from django.db import connection

from agreements.models import Agreement, Commitment, DueDateChange, ElectionStage
from tests.concurrency import admin_paused_before_saving, held_while_or_before, recorded
from tests.factories import make_agreement, make_commitment, make_stage
from tests.foundation.test_admin_conflicts import edit, logged_in, open_form

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers and hides the race"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_a_stage_moved_while_the_form_is_saved_is_recorded_once(monkeypatch):
    stage = make_stage(start_date=date(2024, 3, 1), end_date=date(2024, 3, 31))
    agreement = make_agreement(title="PKS Data Pemilih")
    commitment = make_commitment(
        agreement, title="Menyediakan data", due_kind=Commitment.DueKind.STAGE, due_stage=stage
    )
    client = logged_in("ani")
    form = open_form(client, agreement)
    holding, go_on = admin_paused_before_saving(monkeypatch, Agreement)
    answers = {}

    def move():
        moved = ElectionStage.objects.get(pk=stage.pk)
        moved.end_date = date(2024, 4, 30)
        moved.save()
        return "moved"

    waited = held_while_or_before(
        recorded(
            answers, lambda: edit(client, form, **{"commitments-0-description": "Lewat SIAK"}).status_code
        ),
        recorded(answers, move),
        holding=holding,
        go_on=go_on,
    )

    commitment.refresh_from_db()
    assert answers == {"first": 302, "second": "moved"}, waited
    assert (commitment.description, commitment.due_on) == ("Lewat SIAK", date(2024, 4, 30))
    changes = commitment.due_date_changes.order_by("pk").values_list("reason", "old_due_on", "new_due_on")
    assert list(changes) == [(DueDateChange.Reason.STAGE_MOVE, date(2024, 3, 31), date(2024, 4, 30))]
