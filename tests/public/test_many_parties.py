"""With more parties than a drop-down can hold (a national installation), the party filter is typed."""

import pytest
from django.urls import reverse

from kpu_coop import pagination
from tests.factories import make_organisation, make_published_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(monkeypatch):
    monkeypatch.setattr(pagination, "CHOICE_LIMIT", 2)
    regions = [make_organisation(short_name="Dukcapil", slug=f"dukcapil-{n}") for n in (1, 2)]
    other = make_organisation(short_name="Diskominfo", slug="diskominfo-1")
    return {
        "bantul": make_published_agreement(agency=regions[0], title="PKS Dukcapil Bantul"),
        "sleman": make_published_agreement(agency=regions[1], title="PKS Dukcapil Sleman"),
        "kominfo": make_published_agreement(agency=other, title="PKS Diskominfo"),
    }


def titles(response):
    return sorted(agreement.title for agreement in response.context["page"].object_list)


def test_the_party_filter_is_a_text_box_with_help(client, national):
    html = client.get(reverse("public:agreement_list")).text

    assert '<input type="text" name="agency"' in html
    assert 'aria-describedby="id_agency_helptext"' in html
    assert '<option value="dukcapil-1"' not in html


def test_a_typed_short_name_finds_that_party_in_every_region(client, national):
    response = client.get(reverse("public:agreement_list"), {"agency": "dukcapil"})

    assert titles(response) == ["PKS Dukcapil Bantul", "PKS Dukcapil Sleman"]


def test_an_agency_page_link_with_a_slug_finds_that_party_only(client, national):
    response = client.get(reverse("public:agreement_list"), {"agency": "dukcapil-2"})

    assert titles(response) == ["PKS Dukcapil Sleman"]


def test_an_unknown_typed_party_is_refused_with_a_message_and_the_typed_text_kept(client, national):
    response = client.get(reverse("public:agreement_list"), {"agency": "Dinas Entah"})

    assert response.status_code == 400
    assert "Pihak tersebut tidak ada di situs ini." in response.text
    assert 'value="Dinas Entah"' in response.text


def test_the_open_data_files_take_the_typed_party_too(client, national):
    response = client.get(reverse("public:agreements_csv"), {"agency": "Diskominfo"})

    rows = response.getvalue().decode().splitlines()
    assert len(rows) == 2 and "PKS Diskominfo" in rows[1]
