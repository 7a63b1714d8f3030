"""An office's agency list shows the agencies of its region; the national list can be cut to one province."""

import pytest
from django.urls import reverse

from agencies.models import Organisation, Region
from tests.factories import make_kpu_office, make_organisation, make_published_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions():
    bantul_region, sleman_region = Region.objects.get(code="34.02"), Region.objects.get(code="34.04")
    bantul = make_kpu_office(slug="kpu-bantul", region=bantul_region)
    make_organisation(slug="dinas-bantul", short_name="Dinas Bantul", region=bantul_region)
    make_organisation(slug="dinas-sleman", short_name="Dinas Sleman", region=sleman_region)
    papua = make_organisation(
        slug="dinas-merauke", short_name="Dinas Merauke", region=Region.objects.get(code="93.01")
    )
    make_published_agreement(kpu=bantul, agency=Organisation.objects.get(slug="dinas-sleman"))
    make_published_agreement(kpu=bantul, agency=papua)
    return {"bantul": bantul}


def listed(response):
    return {organisation.slug for organisation in response.context["page"].object_list}


def test_an_office_site_lists_the_agencies_of_its_region(client, regions):
    response = client.get(reverse("public:office:organisation_list", args=["kpu-bantul"]))
    assert "dinas-bantul" in listed(response)


def test_an_office_site_opens_an_agency_of_its_region(client, regions):
    response = client.get(reverse("public:office:organisation_detail", args=["kpu-bantul", "dinas-bantul"]))
    assert response.status_code == 200


def test_an_office_site_lists_no_other_region_s_agency_without_an_agreement(client, regions):
    make_organisation(slug="dinas-kulon-progo", region=Region.objects.get(code="34.01"))
    response = client.get(reverse("public:office:organisation_list", args=["kpu-bantul"]))
    assert "dinas-kulon-progo" not in listed(response)


def test_the_national_list_is_cut_to_one_province(client, regions):
    response = client.get(reverse("public:organisation_list"), {"province": "34"})
    assert "dinas-sleman" in listed(response)
    assert "dinas-merauke" not in listed(response)


def test_the_national_list_says_where_each_agency_is(client, regions):
    # Every region has its Dukcapil: on one list of all offices' parties, the name alone tells none apart.
    national = client.get(reverse("public:organisation_list")).text
    office = client.get(reverse("public:office:organisation_list", args=["kpu-bantul"])).text

    bantul, sleman = Region.objects.get(code="34.02").name, Region.objects.get(code="34.04").name
    assert f", {sleman}</span>" in national and f", {bantul}</span>" in national
    # An office's list names the region of a party from elsewhere, not its own region's agencies'.
    assert f", {sleman}</span>" in office and f", {bantul}</span>" not in office


def test_the_national_list_answers_400_for_an_unknown_province(client, regions):
    response = client.get(reverse("public:organisation_list"), {"province": "99"})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["province"]


def test_the_api_cuts_the_organisations_to_one_province_as_the_national_list_does(client, regions):
    response = client.get(reverse("api:organisation_list"), {"province": "34"})

    slugs = {row["slug"] for row in response.json()["results"]}
    assert "dinas-sleman" in slugs and "dinas-merauke" not in slugs


def test_the_api_answers_400_naming_the_province_it_does_not_know(client, regions):
    response = client.get(reverse("api:organisation_list"), {"province": "99"})

    assert response.status_code == 400
    assert list(response.json()) == ["province"]


def test_an_office_sites_home_counts_the_agencies_its_agency_list_shows(client, regions):
    response = client.get(reverse("public:office:home", args=["kpu-bantul"]))

    # Dinas Bantul (its region, no agreement), Dinas Sleman and Dinas Merauke (parties to its agreements).
    assert response.context["agency_count"] == 3
