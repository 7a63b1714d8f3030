"""A list that finds nothing says so: its count of 0 and what to try, not a blank space under the filters."""

import pytest
from django.urls import reverse

from agencies.models import Region
from tests.factories import make_organisation, make_published_agreement

pytestmark = pytest.mark.django_db


def test_a_search_that_finds_no_agreement_says_so(client):
    make_published_agreement(title="Perjanjian Kerja Sama Sosialisasi")

    response = client.get("/en" + reverse("public:agreement_list"), {"q": "tidakadasamasekali"})

    assert response.status_code == 200
    assert "0 agreements found" in response.text
    assert "No published agreement matches these filters." in response.text


def test_a_province_with_no_party_says_so(client, settings):
    settings.SINGLE_OFFICE = False
    make_published_agreement(agency=make_organisation(region=Region.objects.get(code="34.02")))

    response = client.get("/en" + reverse("public:organisation_list"), {"province": "93"})

    assert response.status_code == 200
    assert "0 organisations." in response.text
    assert "No organisation of this province is a party to a published agreement." in response.text


def test_the_list_of_agencies_says_when_there_is_none_yet(client):
    response = client.get("/en" + reverse("public:organisation_list"))

    assert "No organisation is a party to a published agreement yet." in response.text
