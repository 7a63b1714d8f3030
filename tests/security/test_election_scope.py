"""Elections belong to the office that organises them: KPU RI's are read by everyone, an office's own by
its staff, the offices below and above it; only the organising office's staff change one or move a stage;
a deadline follows only stages of its agreement's office or of an office above it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agencies.offices import OfficeLevel
from agreements.models import Commitment, Election, ElectionStage
from tests.admin_forms import change_form_data
from tests.conftest import TwoFactorClient
from tests.factories import (
    make_agreement,
    make_election,
    make_kpu_office,
    make_kpu_staff,
    make_stage,
    make_user,
    national_kpu_office,
)


@pytest.fixture
def tree(db):
    national = national_kpu_office()
    province = make_kpu_office(office_level=OfficeLevel.PROVINCE, parent=national)
    regency = make_kpu_office(parent=province)
    sibling = make_kpu_office(parent=province)
    return {
        "national": make_stage(make_election(office=national)),
        "province": make_stage(make_election(office=province, kind=Election.Kind.REGIONAL)),
        "regency": make_stage(make_election(office=regency, kind=Election.Kind.REGIONAL)),
        "sibling": make_stage(make_election(office=sibling, kind=Election.Kind.REGIONAL)),
        "offices": {"national": national, "province": province, "regency": regency, "sibling": sibling},
    }


def names(elections, tree, *keys):
    return {tree[key].election.name for key in keys} & set(elections.values_list("name", flat=True))


def admin_client(user):
    client = TwoFactorClient()
    client.force_login(user)
    return client


def test_it_gives_the_reference_elections_to_kpu_ri(db):
    pemilu = Election.objects.get(slug="pemilu-2024")
    assert pemilu.office.office_level == OfficeLevel.NATIONAL


def test_regency_staff_read_the_national_their_own_and_their_province_s_elections(tree):
    staff = make_kpu_staff(office=tree["offices"]["regency"])
    seen = names(Election.objects.visible_to(staff), tree, "national", "province", "regency", "sibling")
    assert seen == names(Election.objects.all(), tree, "national", "province", "regency")


def test_province_staff_read_their_regencies_elections(tree):
    staff = make_kpu_staff(office=tree["offices"]["province"])
    seen = names(Election.objects.visible_to(staff), tree, "regency", "sibling")
    assert seen == names(Election.objects.all(), tree, "regency", "sibling")


def test_a_liaison_reads_only_the_national_elections(tree):
    liaison = make_user()
    seen = names(Election.objects.visible_to(liaison), tree, "national", "province", "regency")
    assert seen == names(Election.objects.all(), tree, "national")


def test_staff_change_only_their_own_office_s_elections(tree):
    staff = make_kpu_staff(office=tree["offices"]["province"])
    editable = Election.objects.editable_by(staff)
    assert set(editable) == {tree["province"].election}


def test_a_regency_deadline_may_follow_national_and_province_stages(tree):
    agreement = make_agreement(kpu=tree["offices"]["regency"])
    for key in ("national", "province", "regency"):
        commitment = Commitment(agreement=agreement, title="x", due_kind="stage", due_stage=tree[key])
        assert commitment.stage_usable(), key


def test_a_regency_deadline_may_not_follow_a_sibling_s_stage(tree):
    agreement = make_agreement(kpu=tree["offices"]["regency"])
    commitment = Commitment(agreement=agreement, title="x", due_kind="stage", due_stage=tree["sibling"])
    with pytest.raises(ValidationError) as error:
        commitment.clean()
    assert "due_stage" in error.value.message_dict


def test_a_province_deadline_may_not_follow_a_regency_s_stage(tree):
    agreement = make_agreement(kpu=tree["offices"]["province"])
    commitment = Commitment(agreement=agreement, title="x", due_kind="stage", due_stage=tree["regency"])
    assert not commitment.stage_usable()


def stage_url(stage):
    return reverse("admin:agreements_electionstage_change", args=[stage.pk])


def test_staff_move_a_stage_of_their_own_office_s_election(tree):
    stage = tree["regency"]
    client = admin_client(make_kpu_staff(office=tree["offices"]["regency"]))
    data = change_form_data(client.get(stage_url(stage)))
    data["end_date"] = "2024-02-15"
    response = client.post(stage_url(stage), data)
    assert response.status_code == 302
    stage.refresh_from_db()
    assert stage.end_date == date(2024, 2, 15)


def test_staff_cannot_move_a_stage_of_the_national_election(tree):
    stage = tree["national"]
    client = admin_client(make_kpu_staff(office=tree["offices"]["regency"]))
    assert client.get(stage_url(stage)).status_code == 200
    data = {"election": stage.election_id, "name": stage.name, "order": 0, "end_date": "2024-03-01"}
    assert client.post(stage_url(stage), data).status_code == 403
    assert ElectionStage.objects.get(pk=stage.pk).end_date == date(2024, 1, 31)


def test_staff_of_a_sibling_office_do_not_find_its_stage(tree):
    # The admin answers a record outside get_queryset as it answers a deleted one: back to its index.
    client = admin_client(make_kpu_staff(office=tree["offices"]["regency"]))
    assert client.get(stage_url(tree["sibling"])).url == reverse("admin:index")
    url = reverse("admin:agreements_election_change", args=[tree["sibling"].election_id])
    assert client.get(url).url == reverse("admin:index")


def test_staff_cannot_change_the_national_election(tree):
    election = tree["national"].election
    client = admin_client(make_kpu_staff(office=tree["offices"]["regency"]))
    url = reverse("admin:agreements_election_change", args=[election.pk])
    assert client.post(url, {"name": "Diubah", "slug": election.slug, "kind": "general"}).status_code == 403
    election.refresh_from_db()
    assert election.name != "Diubah"


def test_the_deadline_stage_search_offers_own_and_higher_stages_only(tree):
    client = admin_client(make_kpu_staff(office=tree["offices"]["regency"]))
    # The test stages' common name word keeps the answer to one page (the reference stages are many).
    query = {
        "app_label": "agreements",
        "model_name": "commitment",
        "field_name": "due_stage",
        "term": "Tahapan",
    }
    found = client.get(reverse("admin:autocomplete"), query).json()["results"]
    offered = {int(row["id"]) for row in found}
    assert {tree[key].pk for key in ("national", "province", "regency")} <= offered
    assert tree["sibling"].pk not in offered


def test_the_election_form_offers_only_the_user_s_own_office(tree):
    client = admin_client(make_kpu_staff(office=tree["offices"]["regency"]))
    page = client.get(reverse("admin:agreements_election_add")).content.decode()
    assert f'value="{tree["offices"]["regency"].pk}"' in page
    assert f'value="{tree["offices"]["national"].pk}"' not in page


def test_an_office_not_yet_under_a_province_follows_the_national_stages(tree):
    agreement = make_agreement(kpu=make_kpu_office())
    commitment = Commitment(agreement=agreement, title="x", due_kind="stage", due_stage=tree["national"])
    assert commitment.stage_usable()
