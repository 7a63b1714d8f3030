"""public.sites.site_reverse keeps the addresses it worked out: each still follows the language, the script
prefix and the office's slug at the time it is asked for."""

import pytest
from django.urls import set_script_prefix
from django.utils import translation

from public.sites import site_reverse
from tests.factories import make_kpu_office

pytestmark = pytest.mark.django_db


def addresses(office=None):
    return [site_reverse("agreement_list", office), site_reverse("agreement_detail", office, [7])]


def test_an_address_follows_the_language():
    with translation.override("id"):
        indonesian = addresses()
    with translation.override("en"):
        english = addresses()

    assert (indonesian, english) == (
        ["/agreements/", "/agreements/7/"],
        ["/en/agreements/", "/en/agreements/7/"],
    )


def test_an_address_follows_the_script_prefix():
    with translation.override("id"):
        before = addresses()
        set_script_prefix("/kerja-sama/")
        try:
            under = addresses()
        finally:
            set_script_prefix("/")

    assert (before, under) == (
        ["/agreements/", "/agreements/7/"],
        ["/kerja-sama/agreements/", "/kerja-sama/agreements/7/"],
    )


def test_an_address_follows_the_office_slug():
    office = make_kpu_office(slug="kpu-bantul")
    with translation.override("id"):
        before = addresses(office)
        office.slug = "kpu-kabupaten-bantul"
        after = addresses(office)

    assert (before, after) == (
        ["/kpu-bantul/agreements/", "/kpu-bantul/agreements/7/"],
        ["/kpu-kabupaten-bantul/agreements/", "/kpu-kabupaten-bantul/agreements/7/"],
    )
