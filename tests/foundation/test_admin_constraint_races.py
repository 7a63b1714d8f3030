"""Two staff members saving the admin's account or organisation forms at once, both naming what the database
keeps unique (an email address, a slug, a region's KPU office): both forms pass their checks before either
writes, and the later save trips the database's constraint. It comes back as its form with the field's
error and the user's input, as if sent a moment later, having saved nothing: not a 500 page.

PostgreSQL only: SQLite serialises writers, so the later form reads the first's row and the race never opens
there (the same errors without a race: tests/foundation/test_onboarding.py, test_one_office_per_region.py).
"""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from agencies.models import Organisation, Region, User
from tests.admin_forms import change_form_data
from tests.concurrency import admin_paused_before_saving, held_while_or_before, recorded
from tests.conftest import logged_in
from tests.factories import make_kpu_office, make_kpu_staff, make_staff, national_kpu_office

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers and hides the race"
    ),
    pytest.mark.django_db(transaction=True),
]


def saved_at_once(monkeypatch, model, posts):
    """``posts`` ({"first": (client, url, data), "second": ...}) sent at once: the first is held after its
    checks, before it writes, while the second runs to its end. Returns each one's response."""
    holding, go_on = admin_paused_before_saving(monkeypatch, model)
    answers = {}

    def post():
        client, url, data = posts[threading.current_thread().name]
        return client.post(url, data)

    waited = held_while_or_before(
        recorded(answers, post), recorded(answers, post), holding=holding, go_on=go_on
    )
    assert not waited, answers
    assert all(hasattr(answer, "status_code") for answer in answers.values()), answers
    return answers["first"], answers["second"]


def diy():
    """Region 34, a province (a transactional test may start without the loaded regions)."""
    region, _created = Region.objects.get_or_create(
        code="34", defaults={"name": "Daerah Istimewa Yogyakarta", "level": Region.Level.PROVINCE}
    )
    return region


def test_two_accounts_added_at_once_with_one_address_make_one_and_show_the_other_form_its_error(monkeypatch):
    office = make_kpu_office(short_name="KPU Balap", slug="kpu-balap")
    url = reverse("admin:agencies_user_add")

    def account(staff, username, email):
        data = {
            "username": username,
            "first_name": "Ketua",
            "last_name": "",
            "email": email,
            "_save": "Simpan",
        }
        return logged_in(make_kpu_staff(staff, office=office)), url, data

    first, second = saved_at_once(
        monkeypatch,
        User,
        {
            "first": account("ani", "ketua", "ketua@balap.example.org"),
            "second": account("budi", "ketua-balap", "KETUA@balap.example.org"),
        },
    )

    assert (first.status_code, second.status_code) == (200, 302)
    page = first.content.decode()
    assert "Akun dengan alamat email ini sudah ada." in page
    assert 'value="ketua@balap.example.org"' in page, "the user's input is kept"
    assert list(
        User.objects.filter(email__iexact="ketua@balap.example.org").values_list("username", flat=True)
    ) == ["ketua-balap"]


def agency_added(staff, **fields):
    client = logged_in(staff)
    url = reverse("admin:agencies_organisation_add")
    data = change_form_data(client.get(url))
    return client, url, {**data, "kind": "agency", "is_active": "on", **fields}


def test_two_agencies_added_at_once_with_one_slug_make_one_and_show_the_other_form_its_error(monkeypatch):
    region = diy()
    office = make_kpu_office(short_name="KPU DIY", slug="kpu-diy", region=region, office_level="province")
    ani, budi = make_kpu_staff("ani", office=office), make_kpu_staff("budi", office=office)

    first, second = saved_at_once(
        monkeypatch,
        Organisation,
        {
            "first": agency_added(ani, name="Dinas Kominfo DIY", short_name="Kominfo", slug="kominfo-diy"),
            "second": agency_added(budi, name="Diskominfo DIY", short_name="Diskominfo", slug="kominfo-diy"),
        },
    )

    assert (first.status_code, second.status_code) == (200, 302)
    page = first.content.decode()
    assert "Organisasi dengan Alamat singkat (slug) telah ada." in page
    assert 'value="Dinas Kominfo DIY"' in page, "the user's input is kept"
    assert list(Organisation.objects.filter(slug="kominfo-diy").values_list("short_name", flat=True)) == [
        "Diskominfo"
    ]


def test_two_offices_added_at_once_for_one_region_make_one_and_show_the_other_form_its_error(monkeypatch):
    """The plain organisation form, not "Create an office" (which locks the region first)."""
    region, national = diy(), national_kpu_office()

    def office(superuser, slug):
        client, url, data = agency_added(make_staff(superuser), name="KPU Provinsi DIY", short_name="KPU DIY")
        office_fields = {"kind": "election_commission", "office_level": "province", "parent": national.pk}
        return client, url, {**data, **office_fields, "region": region.pk, "slug": slug}

    first, second = saved_at_once(
        monkeypatch,
        Organisation,
        {"first": office("root", "kpu-diy"), "second": office("admin", "kpu-yogya")},
    )

    assert (first.status_code, second.status_code) == (200, 302)
    assert "Wilayah ini sudah memiliki kantor KPU." in first.content.decode()
    assert list(Organisation.objects.offices().filter(region=region).values_list("slug", flat=True)) == [
        "kpu-yogya"
    ]
