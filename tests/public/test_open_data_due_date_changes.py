"""The due-date changes files hold every move of a published commitment's due date, never who made it."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Commitment, DueDateChange
from tests.factories import make_agreement, make_commitment, make_published_agreement, make_staff
from tests.public.test_open_data import read_csv, read_json

pytestmark = pytest.mark.django_db


def moved(agreement, title, *, reason=DueDateChange.Reason.ADDENDUM, note="", by=None):
    commitment = make_commitment(
        agreement, title=title, due_kind=Commitment.DueKind.FIXED, due_date=date(2024, 3, 1)
    )
    commitment.due_date, commitment.due_change_reason, commitment.due_change_note = (
        date(2024, 4, 1),
        reason,
        note,
    )
    commitment._history_user = by
    commitment.save()
    return commitment


@pytest.fixture
def commitment():
    staff = make_staff("petugas-rahasia")
    commitment = moved(make_published_agreement(), "Data pemilih", note="Adendum I", by=staff)
    moved(make_agreement(title="PKS belum terbit"), "Belum terbit", note="Catatan belum terbit", by=staff)
    assert DueDateChange.objects.filter(changed_by=staff).count() == 2
    return commitment


def test_it_lists_each_move_of_a_published_commitment(client, commitment):
    move = DueDateChange.objects.get(commitment=commitment)

    rows = read_csv(client.get(reverse("public:due_date_changes_csv")))

    assert rows == [
        {
            "id": str(move.pk),
            "commitment_id": str(commitment.pk),
            "agreement_id": str(commitment.agreement_id),
            "changed_at": timezone.localtime(move.changed_at).isoformat(),
            "old_due_on": "2024-03-01",
            "new_due_on": "2024-04-01",
            "reason": "addendum",
            "note": "Adendum I",
        }
    ]


def test_it_never_names_who_moved_it(client, commitment):
    for name in ("due_date_changes_csv", "due_date_changes_json", "due_date_changes_excel"):
        text = client.get(reverse(f"public:{name}")).getvalue().decode("utf-8-sig")

        assert "petugas-rahasia" not in text and "changed_by" not in text, name
        assert "belum terbit" not in text, name


def test_it_gives_the_moves_as_json_with_dates_and_a_time(client, commitment):
    body = read_json(client.get(reverse("public:due_date_changes_json")))

    assert body["count"] == 1
    item = body["due_date_changes"][0]
    assert (item["old_due_on"], item["new_due_on"], item["reason"]) == (
        "2024-03-01",
        "2024-04-01",
        "addendum",
    )
    assert "T" in item["changed_at"] and item["changed_at"][-6] in "+-"


def test_a_filtered_download_holds_the_moves_of_the_selected_agreements(client, commitment):
    moved(make_published_agreement(title="PKS lain"), "Lain")

    rows = read_csv(client.get(reverse("public:due_date_changes_csv"), {"q": commitment.agreement.title}))

    assert [row["commitment_id"] for row in rows] == [str(commitment.pk)]
