"""The dashboard's election filter: one list for one province's elections, grouped by province for KPU RI's
staff, who see a Pilkada of each region, all named alike (workspace.figures.election_groups)."""

import re

import pytest
from django.urls import reverse

from agencies.offices import OfficeLevel
from tests.factories import make_election, make_kpu_office, make_kpu_staff, national_kpu_office

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions():
    """Two provinces (named out of alphabetical order), each with one regency holding a "Pilkada 2024"."""
    national = national_kpu_office()
    bali = make_kpu_office(name="KPU Provinsi Bali", office_level=OfficeLevel.PROVINCE, parent=national)
    aceh = make_kpu_office(name="KPU Provinsi Aceh", office_level=OfficeLevel.PROVINCE, parent=national)
    badung = make_kpu_office(name="KPU Kabupaten Badung", parent=bali)
    aceh_besar = make_kpu_office(name="KPU Kabupaten Aceh Besar", parent=aceh)
    make_election(office=national, name="Pemilu Uji", slug="pemilu-uji")
    for office in (badung, aceh_besar):
        make_election(office=office, name="Pilkada 2024", slug=f"pilkada-{office.slug}")
    return {"national": national, "badung": badung, "aceh_besar": aceh_besar}


def election_filter(client, user):
    client.force_login(user)
    page = client.get(reverse("workspace:dashboard")).text
    return re.search(r'<select id="election-filter".*?</select>', page, re.DOTALL).group(0)


def test_kpu_ri_staff_choose_a_regional_election_under_its_province(client, regions):
    select = election_filter(client, make_kpu_staff("kpu-ri", office=regions["national"]))

    # National first, outside any group; then each province, by name, with its regencies' elections.
    assert select.index('value="pemilu-uji"') < select.index("<optgroup")
    aceh, bali = (
        select.index('<optgroup label="KPU Provinsi Aceh">'),
        select.index('label="KPU Provinsi Bali"'),
    )
    assert aceh < select.index(f'value="pilkada-{regions["aceh_besar"].slug}"') < bali
    assert bali < select.index(f'value="pilkada-{regions["badung"].slug}"')
    assert select.count("</optgroup>") == 2


def test_a_regency_office_chooses_from_one_list(client, regions):
    select = election_filter(client, make_kpu_staff("kpu-badung", office=regions["badung"]))

    assert "optgroup" not in select
    assert 'value="pemilu-uji"' in select
    assert f'value="pilkada-{regions["badung"].slug}"' in select
    assert f'value="pilkada-{regions["aceh_besar"].slug}"' not in select
