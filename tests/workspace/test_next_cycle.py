"""Copying an agreement into a draft for the next election, re-tying stage deadlines by the stage's name."""

from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from agreements.models import Agreement, Commitment
from agreements.services import CopyError, agreement_copy_to_election
from kpu_coop.change_reasons import reason_text
from tests.factories import make_agreement, make_commitment, make_election, make_focus_area, make_stage


@pytest.fixture
def old_cycle(db):
    election = make_election(slug="pemilu-2024-uji")
    return {
        "election": election,
        "campaign": make_stage(election, name="Masa kampanye", end_date=date(2024, 2, 10)),
        "recap": make_stage(election, name="Rekapitulasi", end_date=date(2024, 3, 20)),
    }


@pytest.fixture
def new_election(db):
    election = make_election(slug="pemilu-2029-uji")
    make_stage(election, name="Masa kampanye", start_date=date(2028, 11, 1), end_date=date(2029, 2, 10))
    return election


@pytest.fixture
def agreement(old_cycle):
    agreement = make_agreement(title="PKS Diskominfo", scope="Publikasi", is_published=True)
    agreement.elections.add(old_cycle["election"])
    agreement.focus_areas.add(make_focus_area(slug="publikasi-uji"))
    make_commitment(
        agreement, title="Kampanye", due_kind="stage", due_stage=old_cycle["campaign"], due_offset_days=-7
    )
    make_commitment(agreement, title="Rekap", due_kind="stage", due_stage=old_cycle["recap"])
    make_commitment(agreement, title="Tetap", due_kind="fixed", due_date=date(2023, 5, 1))
    make_commitment(agreement, title="Selesai", status=Commitment.Status.DONE, weight=4)
    return agreement


def test_it_makes_a_draft_for_the_new_election_with_the_same_parties_and_focus_areas(
    agreement, new_election, staff
):
    copy = agreement_copy_to_election(agreement=agreement, election=new_election, user=staff).agreement
    assert (copy.title, copy.scope, copy.state, copy.is_published) == (
        "PKS Diskominfo",
        "Publikasi",
        "draft",
        False,
    )
    assert list(copy.elections.all()) == [new_election]
    assert list(copy.focus_areas.all()) == list(agreement.focus_areas.all())
    assert sorted(copy.parties.values_list("role", "organisation_id", "number")) == sorted(
        (role, org, "")
        for role, org, _number in agreement.parties.values_list("role", "organisation_id", "number")
    )


def test_it_reties_deadlines_to_the_stage_of_the_same_name(agreement, new_election):
    result = agreement_copy_to_election(agreement=agreement, election=new_election)
    copied = result.agreement.commitments.get(title="Kampanye")
    assert copied.due_stage.election == new_election
    assert copied.due_on == date(2029, 2, 3)
    assert [c.title for c in result.retied] == ["Kampanye"]


def test_it_reports_deadlines_it_could_not_retie_and_leaves_them_without_a_date(agreement, new_election):
    result = agreement_copy_to_election(agreement=agreement, election=new_election)
    assert [(c.title, c.old_stage.name) for c in result.not_retied] == [("Rekap", "Rekapitulasi")]
    rekap = result.agreement.commitments.get(title="Rekap")
    assert (rekap.due_kind, rekap.due_stage, rekap.due_on) == ("none", None, None)


def test_it_clears_fixed_dates_of_the_old_cycle_and_says_so(agreement, new_election):
    result = agreement_copy_to_election(agreement=agreement, election=new_election)
    assert [c.title for c in result.fixed_dates_cleared] == ["Tetap"]
    assert result.agreement.commitments.get(title="Tetap").due_on is None


def test_it_starts_every_commitment_afresh_with_its_weight(agreement, new_election):
    copy = agreement_copy_to_election(agreement=agreement, election=new_election).agreement
    done = copy.commitments.get(title="Selesai")
    assert (done.status, done.weight) == ("not_started", 4)
    assert agreement.commitments.get(title="Selesai").status == "done"


def test_it_leaves_retired_commitments_behind(agreement, new_election):
    addendum = make_agreement(kind="addendum", parent=agreement)
    Commitment.objects.filter(title="Tetap").update(retired_by=addendum, is_not_applicable=True)
    copy = agreement_copy_to_election(agreement=agreement, election=new_election).agreement
    assert not copy.commitments.filter(title="Tetap").exists()


def test_it_refuses_to_copy_into_an_election_the_agreement_covers(agreement, old_cycle):
    with pytest.raises(CopyError):
        agreement_copy_to_election(agreement=agreement, election=old_cycle["election"])


def test_it_notes_the_origin_in_the_history(agreement, new_election, staff):
    copy = agreement_copy_to_election(agreement=agreement, election=new_election, user=staff).agreement
    entry = copy.history.get(history_type="+")
    assert entry.history_user == staff
    assert f"(#{agreement.pk})" in reason_text(entry.history_change_reason)


def test_it_copies_from_the_admin_after_asking_for_the_election(staff_client, agreement, new_election):
    changelist = reverse("admin:agreements_agreement_changelist")
    selection = {"action": "copy_to_election", ACTION_CHECKBOX_NAME: [agreement.pk]}
    form = staff_client.post(changelist, selection)
    assert form.status_code == 200
    assert "Election of the new cycle" in form.content.decode()

    response = staff_client.post(
        changelist, {**selection, "election": new_election.pk, "apply": "1"}, follow=True
    )
    html = response.content.decode()
    assert "Copied into a new draft:" in html
    assert "Rekap (Rekapitulasi)" in html
    assert "Tetap (1 May 2023)" in html
    assert Agreement.objects.filter(elections=new_election, state="draft").count() == 1


def test_a_second_submission_of_the_copy_names_the_first_copy_instead(staff_client, agreement, new_election):
    """The form sent twice (a double click, a reload, a colleague) made two drafts of one agreement."""
    changelist = reverse("admin:agreements_agreement_changelist")
    data = {
        "action": "copy_to_election",
        ACTION_CHECKBOX_NAME: [agreement.pk],
        "election": new_election.pk,
        "apply": "1",
    }
    staff_client.post(changelist, data)
    html = staff_client.post(changelist, data, follow=True).content.decode()
    copy = Agreement.objects.get(elections=new_election)
    assert copy.copied_from == agreement
    assert "“PKS Diskominfo” was copied for" in html
    assert reverse("admin:agreements_agreement_change", args=[copy.pk]) in html


def test_an_agreement_is_copied_again_once_its_copy_is_deleted_or_moved(agreement, new_election):
    first = agreement_copy_to_election(agreement=agreement, election=new_election).agreement
    first.elections.set([make_election(slug="pilkada-uji")])
    second = agreement_copy_to_election(agreement=agreement, election=new_election).agreement
    second.delete()
    assert (
        agreement_copy_to_election(agreement=agreement, election=new_election).agreement.copied_from
        == agreement
    )
