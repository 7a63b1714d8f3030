"""The API's lists take an ``office`` parameter (an office's slug): what that office's public site shows."""

import pytest
from django.urls import reverse

from agencies.offices import OfficeLevel
from agreements.models import Election
from tests.factories import (
    make_commitment,
    make_election,
    make_kpu_office,
    make_organisation,
    make_published_agreement,
    national_kpu_office,
)

pytestmark = pytest.mark.django_db


def get(client, name, **params):
    return client.get(reverse(f"api:{name}"), params)


@pytest.fixture
def offices():
    national = national_kpu_office()
    province = make_kpu_office(slug="kpu-prov", office_level=OfficeLevel.PROVINCE, parent=national)
    bantul = make_kpu_office(slug="kpu-bantul", parent=province)
    sleman = make_kpu_office(slug="kpu-sleman", parent=province)
    own = make_published_agreement(kpu=bantul, agency=make_organisation(slug="dinas-bantul"))
    make_commitment(own, title="Kewajiban Bantul")
    other = make_published_agreement(kpu=sleman, agency=make_organisation(slug="dinas-sleman"))
    make_commitment(other, title="Kewajiban Sleman")
    regional = Election.Kind.REGIONAL
    make_election(office=bantul, name="Pilbup Bantul", slug="pilbup-bantul", kind=regional)
    make_election(office=sleman, name="Pilbup Sleman", slug="pilbup-sleman", kind=regional)
    make_election(office=province, name="Pilgub", slug="pilgub", kind=regional)
    return {"own": own, "other": other}


def test_it_lists_one_office_s_agreements(client, offices):
    rows = get(client, "agreement_list", office="kpu-bantul").json()["results"]
    assert [row["id"] for row in rows] == [offices["own"].pk]


def test_it_lists_one_office_s_commitments(client, offices):
    rows = get(client, "commitment_list", office="kpu-bantul").json()["results"]
    assert [row["title"] for row in rows] == ["Kewajiban Bantul"]


def test_it_lists_the_parties_of_one_office_s_agreements(client, offices):
    slugs = {row["slug"] for row in get(client, "organisation_list", office="kpu-bantul").json()["results"]}
    assert "dinas-bantul" in slugs
    assert "dinas-sleman" not in slugs


def test_it_lists_the_elections_an_office_s_site_shows(client, offices):
    slugs = {row["slug"] for row in get(client, "election_list", office="kpu-bantul").json()["results"]}
    assert {"pilbup-bantul", "pilgub", "pemilu-2024"} <= slugs
    assert "pilbup-sleman" not in slugs


def test_each_election_names_its_organising_office(client, offices):
    rows = get(client, "election_list").json()["results"]
    assert {row["slug"]: row["office"] for row in rows}["pilbup-sleman"] == "kpu-sleman"


@pytest.mark.parametrize("value", ["kpu-tidak-ada", "bukan slug!", "x" * 300, "a\x00b"])
def test_it_answers_400_naming_the_parameter_for_an_unknown_office(client, offices, value):
    response = get(client, "agreement_list", office=value)
    assert response.status_code == 400
    assert list(response.json()) == ["office"]


def test_it_documents_the_office_parameter_in_the_schema(client, offices):
    schema = client.get(reverse("api:schema")).json()
    parameters = schema["paths"]["/api/v1/elections/"]["get"]["parameters"]
    office = next(parameter for parameter in parameters if parameter["name"] == "office")
    assert "kpu-bantul" in office["schema"]["enum"]
