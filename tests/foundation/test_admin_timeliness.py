"""The admin shows the timeliness facts, records why a due date moves, and marks commitments not carried
out (docs/domain.md, "Timeliness")."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Commitment, DueDateChange
from tests.admin_forms import change_form_data
from tests.conftest import TwoFactorClient
from tests.factories import make_agreement, make_commitment, make_kpu_office, make_kpu_staff

pytestmark = pytest.mark.django_db

LIST_URL = reverse("admin:agreements_commitment_changelist")


@pytest.fixture
def staff():
    return make_kpu_staff()


@pytest.fixture
def client(staff):
    client = TwoFactorClient()
    client.force_login(staff)
    return client


def change_url(commitment):
    return reverse("admin:agreements_commitment_change", args=[commitment.pk])


def fixed(day, agreement=None):
    return make_commitment(agreement, due_kind=Commitment.DueKind.FIXED, due_date=day)


def test_it_records_a_moved_due_date_with_the_reason_chosen(client, staff):
    commitment = fixed(date(2024, 3, 1))
    data = change_form_data(client.get(change_url(commitment)))
    data.update(due_date="01-04-2024", due_change_reason="force_majeure", due_change_note="Banjir bandang")
    response = client.post(change_url(commitment), data)
    assert response.status_code == 302, response.context["errors"]
    change = commitment.due_date_changes.get()
    assert (change.old_due_on, change.new_due_on, change.reason, change.note, change.changed_by) == (
        date(2024, 3, 1),
        date(2024, 4, 1),
        DueDateChange.Reason.FORCE_MAJEURE,
        "Banjir bandang",
        staff,
    )


def test_it_offers_no_stage_move_as_a_hand_chosen_reason(client):
    commitment = fixed(date(2024, 3, 1))
    data = change_form_data(client.get(change_url(commitment)))
    data.update(due_date="01-04-2024", due_change_reason="stage_move")
    response = client.post(change_url(commitment), data)
    assert (response.status_code, DueDateChange.objects.exists()) == (200, False)


def test_it_shows_the_moves_read_only(client):
    commitment = fixed(date(2024, 3, 1))
    commitment.due_date, commitment.due_change_note = date(2024, 4, 1), "Salah ketik"
    commitment.save()
    page = client.get(change_url(commitment)).content.decode()
    assert ("Salah ketik" in page, 'name="due_date_changes-0-note"' in page) == (True, False)


def mark(client, commitments, reason):
    return client.post(
        LIST_URL,
        {
            "action": "mark_not_carried_out",
            "_selected_action": [str(commitment.pk) for commitment in commitments],
            "reason": reason,
        },
        follow=True,
    )


def test_its_action_marks_commitments_not_carried_out_with_the_reason(client):
    commitment = fixed(date(2024, 3, 1))
    mark(client, [commitment], "Anggaran dialihkan")
    commitment.refresh_from_db()
    assert (commitment.status, commitment.not_carried_out_reason) == (
        Commitment.Status.NOT_CARRIED_OUT,
        "Anggaran dialihkan",
    )


def test_its_action_asks_for_a_reason(client):
    commitment = fixed(date(2024, 3, 1))
    response = mark(client, [commitment], "")
    commitment.refresh_from_db()
    shown = [str(message) for message in response.context["messages"]]
    assert (commitment.status, len(shown)) == (Commitment.Status.NOT_STARTED, 1)


def test_its_action_leaves_another_office_s_commitments_alone(client):
    elsewhere = fixed(date(2024, 3, 1), make_agreement(kpu=make_kpu_office()))
    mark(client, [elsewhere], "Bukan urusan kami")
    elsewhere.refresh_from_db()
    assert elsewhere.status == Commitment.Status.NOT_STARTED


def test_the_commitment_list_filters_by_the_task_lists_due_windows(client):
    agreement, today = make_agreement(), timezone.localdate()
    for days in (-3, 5, 20):
        due = {"due_kind": "fixed", "due_date": today + timedelta(days=days)}
        make_commitment(agreement, title=f"Due {days}", **due)
    make_commitment(agreement, title="Tanpa tenggat")

    def listed(due):
        rows = client.get(LIST_URL, {"due": due}).context["cl"].result_list
        return sorted(commitment.title for commitment in rows)

    assert listed("overdue") == ["Due -3"]
    assert listed("week") == ["Due 5"]
    assert listed("month") == ["Due 20", "Due 5"]
    assert listed("none") == ["Tanpa tenggat"]
    assert listed("kemarin") == ["Due -3", "Due 20", "Due 5", "Tanpa tenggat"]
