"""The region reference: 38 provinces and 514 regencies and cities with Kemendagri codes (docs/domain.md)."""

import pytest
from django.core.management import call_command

from agencies.models import Region

pytestmark = pytest.mark.django_db


def test_it_holds_every_province_and_regency_of_the_2022_codes():
    assert Region.objects.filter(level=Region.Level.PROVINCE).count() == 38
    assert Region.objects.exclude(level=Region.Level.PROVINCE).count() == 514


def test_it_places_each_regency_under_the_province_its_code_starts_with():
    bantul = Region.objects.select_related("parent").get(code="34.02")
    assert (bantul.name, bantul.parent.name) == ("Kabupaten Bantul", "Daerah Istimewa Yogyakarta")
    mismatched = [r.code for r in Region.objects.exclude(parent=None) if not r.code.startswith(r.parent.code)]
    assert not mismatched


def test_it_has_the_papua_provinces_of_2022():
    assert Region.objects.get(code="96.71").parent.name == "Papua Barat Daya"
    assert Region.objects.get(code="93.01").name == "Kabupaten Merauke"


def test_load_regions_restores_a_changed_name_and_changes_nothing_else(capsys):
    Region.objects.filter(code="34.02").update(name="Bantul (salah)")
    call_command("load_regions")
    assert Region.objects.get(code="34.02").name == "Kabupaten Bantul"
    assert "0 regions created, 1 updated; 552 in all." in capsys.readouterr().out
