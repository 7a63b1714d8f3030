"""An addendum changes the term of its PKS and adds or retires commitments; the history shows each change."""

from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import OperationalError, transaction
from django.urls import reverse

from agreements.models import Agreement
from agreements.services import AddendumError, addendum_apply
from kpu_coop.change_reasons import reason_text
from tests.factories import make_agreement, make_commitment, make_organisation
from workspace import admin as workspace_admin


@pytest.fixture
def pks(db):
    agency = make_organisation(slug="dispusip")
    mou = make_agreement(kind="mou", title="MoU Bantul", agency=agency)
    pks = make_agreement(
        parent=mou,
        title="PKS Dispusip",
        agency=agency,
        term_start=date(2023, 1, 1),
        term_end=date(2024, 12, 31),
    )
    make_commitment(pks, title="Menyimpan arsip Pemilu")
    make_commitment(pks, title="Menyimpan arsip lama")
    return pks


@pytest.fixture
def addendum(pks):
    agency = pks.parties.get(role="second").organisation
    kpu = pks.parties.get(role="first").organisation
    addendum = make_agreement(
        kind="addendum", parent=pks, title="Addendum I", kpu=kpu, agency=agency, term_end=date(2025, 6, 30)
    )
    make_commitment(addendum, title="Menyimpan arsip Pilkada")
    return addendum


def test_it_extends_the_term_of_the_amended_pks(pks, addendum, staff):
    addendum_apply(addendum=addendum, user=staff)
    pks.refresh_from_db()
    assert (pks.term_start, pks.term_end) == (date(2023, 1, 1), date(2025, 6, 30))


def test_it_moves_the_addendums_commitments_to_the_pks(pks, addendum):
    result = addendum_apply(addendum=addendum)
    added = pks.commitments.get(title="Menyimpan arsip Pilkada")
    assert added.added_by == addendum
    assert result.added == [added]
    assert not addendum.commitments.exists()


def test_it_retires_the_chosen_commitments_so_progress_leaves_them_out(pks, addendum):
    old = pks.commitments.get(title="Menyimpan arsip lama")
    addendum_apply(addendum=addendum, retire=[old])
    old.refresh_from_db()
    assert (old.retired_by, old.is_not_applicable) == (addendum, True)
    assert old.not_applicable_reason.startswith("Retired by addendum “Addendum I”")
    # Two applicable (one original, one added), none done.
    assert Agreement.objects.get(pk=pks.pk).progress.applicable == 2


def test_it_keeps_each_change_in_the_history_with_the_addendum_as_reason(pks, addendum, staff):
    old = pks.commitments.get(title="Menyimpan arsip lama")
    addendum_apply(addendum=addendum, retire=[old], user=staff)
    reason = "Addendum “Addendum I”"
    term = pks.history.latest()
    assert (reason_text(term.history_change_reason), term.history_user, term.term_end) == (
        reason,
        staff,
        date(2025, 6, 30),
    )
    assert term.prev_record.term_end == date(2024, 12, 31)
    retired = old.history.latest()
    assert (reason_text(retired.history_change_reason), retired.retired_by_id) == (reason, addendum.pk)
    moved = pks.commitments.get(title="Menyimpan arsip Pilkada").history.latest()
    assert (moved.agreement_id, moved.prev_record.agreement_id) == (pks.pk, addendum.pk)


def test_it_refuses_a_draft_addendum(addendum):
    addendum.state = "draft"
    with pytest.raises(AddendumError):
        addendum_apply(addendum=addendum)


def test_it_refuses_to_retire_another_agreements_commitment(pks, addendum):
    stranger = make_commitment(title="Lain")
    with pytest.raises(AddendumError):
        addendum_apply(addendum=addendum, retire=[stranger])
    pks.refresh_from_db()
    assert pks.term_end == date(2024, 12, 31)


def test_it_applies_an_addendum_from_the_admin(staff_client, pks, addendum):
    old = pks.commitments.get(title="Menyimpan arsip lama")
    changelist = reverse("admin:agreements_agreement_changelist")
    selection = {"action": "apply_addendum", ACTION_CHECKBOX_NAME: [addendum.pk]}
    form = staff_client.post(changelist, selection).content.decode()
    assert "Menyimpan arsip Pilkada" in form
    assert f'name="retire" value="{old.pk}"' in form
    response = staff_client.post(changelist, {**selection, "apply": "1", "retire": [old.pk]}, follow=True)
    assert "term changed, 1 commitment added, 1 commitment retired." in response.content.decode()


def test_its_page_says_at_once_what_stops_the_addendum_before_any_date_is_typed(staff_client, pks, addendum):
    # It said "publish it first" only once the dates typed had passed their checks.
    Agreement.objects.filter(pk=pks.pk).update(is_published=True)
    changelist = reverse("admin:agreements_agreement_changelist")
    selection = {"action": "apply_addendum", ACTION_CHECKBOX_NAME: [addendum.pk]}
    response = staff_client.post(changelist, selection, follow=True)
    page = response.content.decode()
    assert "Publish the addendum before applying it: the PKS it amends is public." in page
    assert 'name="retire"' not in page


def test_it_shows_the_chain_both_ways_on_the_agreement_page(staff_client, pks, addendum):
    html = staff_client.get(reverse("admin:agreements_agreement_change", args=[pks.pk])).content.decode()
    mou_url = reverse("admin:agreements_agreement_change", args=[pks.parent_id])
    addendum_url = reverse("admin:agreements_agreement_change", args=[addendum.pk])
    assert f'<a href="{mou_url}">Memorandum of understanding (MoU): MoU Bantul</a>' in html
    assert f'<a href="{addendum_url}">Addendum: Addendum I</a>' in html


def test_it_lists_what_an_addendum_added_and_retired_on_its_page(staff_client, pks, addendum):
    old = pks.commitments.get(title="Menyimpan arsip lama")
    addendum_apply(addendum=addendum, retire=[old])
    html = staff_client.get(reverse("admin:agreements_agreement_change", args=[addendum.pk])).content.decode()
    assert "Commitments added by this addendum" in html
    assert "Menyimpan arsip Pilkada" in html
    assert "Menyimpan arsip lama" in html


def test_it_refuses_an_unpublished_addendum_on_a_published_pks(pks, addendum):
    # Its changes on the public PKS name it (a retired commitment's reason, a moved deadline's note).
    Agreement.objects.filter(pk=pks.pk).update(is_published=True)
    with pytest.raises(AddendumError, match="Publish the addendum"):
        addendum_apply(addendum=addendum)
    assert not pks.commitments.filter(title="Menyimpan arsip Pilkada").exists()
    Agreement.objects.filter(pk=addendum.pk).update(is_published=True)
    addendum_apply(addendum=Agreement.objects.get(pk=addendum.pk))
    assert pks.commitments.filter(title="Menyimpan arsip Pilkada").exists()


@pytest.mark.django_db(transaction=True)  # a run again is a new transaction: none may be open around it
def test_an_apply_rolled_back_to_break_a_deadlock_runs_again_with_fresh_records(
    staff_client, pks, addendum, monkeypatch
):
    # The first run changes the commitments it was given, then PostgreSQL rolls it back (kpu_coop.deadlocks).
    runs = []

    def rolled_back_once(**kwargs):
        runs.append(1)
        if len(runs) > 1:
            return addendum_apply(**kwargs)
        deadlock = OperationalError("deadlock detected")
        deadlock.__cause__ = type("DeadlockDetected", (Exception,), {"sqlstate": "40P01"})()
        with transaction.atomic():
            addendum_apply(**kwargs)
            raise deadlock

    monkeypatch.setattr(workspace_admin, "addendum_apply", rolled_back_once)
    old = pks.commitments.get(title="Menyimpan arsip lama")
    changelist = reverse("admin:agreements_agreement_changelist")
    selection = {"action": "apply_addendum", ACTION_CHECKBOX_NAME: [addendum.pk], "apply": "1"}

    response = staff_client.post(changelist, {**selection, "retire": [old.pk]}, follow=True)

    old.refresh_from_db()
    assert len(runs) == 2
    assert "term changed, 1 commitment added, 1 commitment retired." in response.content.decode()
    assert (old.retired_by, old.is_not_applicable) == (addendum, True)


def test_a_pks_page_offers_to_add_an_addendum_filled_in(staff_client, pks, addendum):
    # Its list of child agreements shows them but adds none: staff did not know where to start one.
    page = staff_client.get(reverse("admin:agreements_agreement_change", args=[pks.pk])).content.decode()
    query = f"kind=addendum&amp;parent={pks.pk}&amp;office={pks.office_id}"
    add = f"{reverse('admin:agreements_agreement_add')}?{query}"
    assert f'<a href="{add}" class="addlink">Add an addendum</a>' in page
    form = staff_client.get(add.replace("&amp;", "&")).context["adminform"].form
    assert (form.initial["kind"], str(form.initial["parent"])) == ("addendum", str(pks.pk))
    addendum_page = staff_client.get(reverse("admin:agreements_agreement_change", args=[addendum.pk]))
    assert "Add an addendum" not in addendum_page.content.decode()
