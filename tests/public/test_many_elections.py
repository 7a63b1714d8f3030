"""With more elections than a drop-down can hold (a national installation: a Pilkada in every region), the
national listing's election filter offers KPU RI's, and an election chosen from its own page stays chosen."""

import pytest
from django.urls import reverse

from public import filters
from tests.factories import make_election, make_kpu_office, make_published_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(monkeypatch):
    monkeypatch.setattr(filters, "ELECTION_CHOICE_LIMIT", 2)
    pemilu = make_election(name="Pemilu Uji", slug="pemilu-uji")
    office = make_kpu_office(slug="kpu-sleman")
    regional = [make_election(name=f"Pilkada {n}", slug=f"pilkada-{n}", office=office) for n in range(3)]
    covered = make_published_agreement(office=office, title="PKS Pilkada 1")
    covered.elections.add(regional[1])
    make_published_agreement(office=office, title="PKS lain")
    return pemilu


def test_the_filter_offers_kpu_ris_elections_and_says_where_the_others_are(client, national):
    html = client.get(reverse("public:agreement_list")).text

    assert '<option value="pemilu-uji"' in html
    assert '<option value="pilkada-1"' not in html
    assert 'aria-describedby="id_election_helptext"' in html
    assert "Pemilihan daerah dipilih dari halamannya di situs kantor KPU penyelenggaranya." in html


def test_a_regional_election_from_its_page_link_filters_the_listing(client, national):
    response = client.get(reverse("public:agreement_list"), {"election": "pilkada-1"})

    assert response.status_code == 200
    assert [agreement.title for agreement in response.context["page"].object_list] == ["PKS Pilkada 1"]
    assert '<option value="pilkada-1" selected' in response.text


def test_an_unknown_election_is_still_refused_with_a_message(client, national):
    response = client.get(reverse("public:agreement_list"), {"election": "pilkada-tidak-ada"})

    assert response.status_code == 400
    assert "Pemilihan tersebut tidak ada." in response.text
