"""The public pages state each commitment's timeliness: verified date, original due date, every move with
its reason, days late, and "not carried out" with why (docs/domain.md, "Timeliness")."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from agreements.models import Commitment, DueDateChange
from agreements.services_timeliness import commitment_mark_not_carried_out
from tests.factories import make_commitment, make_published_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement():
    return make_published_agreement()


def fixed(agreement, day, **fields):
    return make_commitment(agreement, due_kind=Commitment.DueKind.FIXED, due_date=day, **fields)


def page(client, agreement):
    return client.get(f"/en/agreements/{agreement.pk}/").content.decode()


def test_it_shows_the_verified_date_and_days_late(client, agreement):
    commitment = fixed(agreement, date(2024, 3, 1))
    Commitment.objects.filter(pk=commitment.pk).update(status="done", verified_on=date(2024, 3, 4))
    assert "verified on 4 March 2024, 3 days late" in page(client, agreement)


def test_it_says_a_commitment_done_by_its_due_date_was_on_time(client, agreement):
    commitment = fixed(agreement, date(2024, 3, 1))
    Commitment.objects.filter(pk=commitment.pk).update(status="done", verified_on=date(2024, 3, 1))
    assert "verified on 1 March 2024, on time" in page(client, agreement)


def test_it_counts_days_late_of_an_open_commitment_to_today(client, agreement):
    fixed(agreement, timezone.localdate() - timedelta(days=5))
    text = page(client, agreement)
    # Said once, in the "overdue" badge: not "Overdue" and "5 days late" side by side.
    assert '<span class="status status-overdue">5 days late</span>' in text
    assert text.count("days late") == 1 and "Overdue" not in text


def test_it_shows_the_original_due_date_and_each_move_with_its_reason(client, agreement):
    commitment = fixed(agreement, date(2024, 3, 1))
    commitment.due_date, commitment.due_change_reason = date(2024, 4, 1), DueDateChange.Reason.ADDENDUM
    commitment.due_change_note = "Adendum I"
    commitment.save()
    text = page(client, agreement)
    assert (
        "(originally 1 March 2024)" in text,
        "1 March 2024 → 1 April 2024 (Addendum): Adendum I" in text,
    ) == (
        True,
        True,
    )


def test_it_shows_why_a_commitment_was_not_carried_out(client, agreement):
    commitment = fixed(agreement, date(2024, 3, 1))
    commitment_mark_not_carried_out(commitment=commitment, reason="Anggaran tidak tersedia")
    text = page(client, agreement)
    assert ("Not carried out" in text, "Anggaran tidak tersedia" in text, "days late" in text) == (
        True,
        True,
        False,
    )


def test_it_shows_the_moves_in_indonesian_by_default(client, agreement):
    commitment = fixed(agreement, date(2024, 3, 1))
    commitment.due_date = date(2024, 4, 1)
    commitment.save()
    text = client.get(f"/agreements/{agreement.pk}/").content.decode()
    assert "1 Maret 2024 → 1 April 2024 (Koreksi)" in text
