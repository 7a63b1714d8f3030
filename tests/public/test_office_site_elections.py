"""An office's public site lists the elections its agreements may follow (its own, its province's, KPU RI's),
never another office's Pilkada; the national site lists KPU RI's and names the organiser of any other."""

import pytest
from django.urls import reverse

from agencies.offices import OfficeLevel
from agreements.models import Election
from tests.factories import (
    make_election,
    make_kpu_office,
    make_published_agreement,
    make_stage,
    national_kpu_office,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    national = national_kpu_office()
    province = make_kpu_office(
        slug="kpu-prov", name="KPU Provinsi Uji", office_level=OfficeLevel.PROVINCE, parent=national
    )
    bantul = make_kpu_office(slug="kpu-bantul", name="KPU Kabupaten Bantul", parent=province)
    sleman = make_kpu_office(
        slug="kpu-sleman", name="KPU Kabupaten Sleman", short_name="KPU Sleman", parent=province
    )
    regional = Election.Kind.REGIONAL
    elections = {
        "national": make_election(office=national, name="Pemilu Nasional Uji", slug="pemilu-nasional-uji"),
        "province": make_election(office=province, name="Pilgub Uji", slug="pilgub-uji", kind=regional),
        "bantul": make_election(office=bantul, name="Pilbup Bantul", slug="pilbup-bantul", kind=regional),
        "sleman": make_election(office=sleman, name="Pilbup Sleman", slug="pilbup-sleman", kind=regional),
    }
    for election in elections.values():
        make_stage(election, name=f"Pemungutan {election.slug}")
    return {"offices": {"bantul": bantul, "sleman": sleman}, "elections": elections}


def page(client, name, office=None, args=()):
    if office is None:
        return client.get(reverse(f"public:{name}", args=args))
    return client.get(reverse(f"public:office:{name}", args=[office.slug, *args]))


def test_it_lists_only_the_office_s_own_and_higher_elections_on_its_site(client, tree):
    bantul = tree["offices"]["bantul"]
    for name in ("home", "election_list", "agreement_list"):
        body = page(client, name, bantul).text
        assert "Pilbup Sleman" not in body, name
        assert "Pilbup Bantul" in body and "Pilgub Uji" in body and "Pemilu Nasional Uji" in body, name


def test_it_answers_404_for_another_office_s_election_on_an_office_site(client, tree):
    bantul, sleman = tree["offices"]["bantul"], tree["elections"]["sleman"]
    stage = sleman.stages.get()

    assert page(client, "election_detail", bantul, args=[sleman.slug]).status_code == 404
    assert page(client, "stage_detail", bantul, args=[sleman.slug, stage.pk]).status_code == 404


def test_it_refuses_another_office_s_election_as_a_filter_on_an_office_site(client, tree):
    bantul = tree["offices"]["bantul"]
    response = client.get(
        reverse("public:office:agreement_list", args=[bantul.slug]) + "?election=pilbup-sleman"
    )
    assert response.status_code == 400


def test_it_counts_only_the_office_s_agreements_per_election_on_its_site(client, tree):
    bantul, sleman = tree["offices"]["bantul"], tree["offices"]["sleman"]
    national = tree["elections"]["national"]
    make_published_agreement(kpu=bantul).elections.add(national)
    for _ in range(2):
        make_published_agreement(kpu=sleman).elections.add(national)

    counts = {
        each.slug: each.agreement_count for each in page(client, "election_list", bantul).context["elections"]
    }
    assert counts["pemilu-nasional-uji"] == 1


def test_the_national_site_lists_the_national_elections_only(client, tree):
    listed = {election.slug for election in page(client, "election_list").context["elections"]}
    assert "pemilu-nasional-uji" in listed
    assert not listed & {"pilgub-uji", "pilbup-bantul", "pilbup-sleman"}


def test_the_national_site_names_the_organiser_of_a_regional_election(client, tree):
    response = page(client, "election_detail", args=["pilbup-sleman"])
    assert "KPU Kabupaten Sleman" in response.text


def test_the_national_filter_names_the_office_of_each_regional_election(client, tree):
    choices = dict(page(client, "agreement_list").context["form"].fields["election"].choices)
    assert choices["pilbup-sleman"] == "Pilbup Sleman (KPU Sleman)"


def test_a_single_office_installation_lists_every_election_as_before(client, tree, settings):
    settings.SINGLE_OFFICE = True
    response = page(client, "election_list")

    listed = {election.slug for election in response.context["elections"]}
    assert {"pemilu-nasional-uji", "pilgub-uji", "pilbup-bantul", "pilbup-sleman"} <= listed
    assert "KPU Kabupaten Sleman" not in response.text
