"""One KPU office per region, whatever path creates it (docs/domain.md, "Onboarding an office"): the admin's
organisation form, ``manage.py load_offices`` and the database itself refuse a second; another region's
office and the agencies of the region are still welcome."""

import threading

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from agencies.management.commands import load_offices
from agencies.models import Organisation, Region
from agencies.onboarding import office_add, office_create
from tests.admin_forms import change_form_data
from tests.concurrency import held_while_or_before, recorded
from tests.conftest import logged_in
from tests.factories import (
    make_kpu_office,
    make_kpu_staff,
    make_organisation,
    make_staff,
    national_kpu_office,
)


def organisation_added(client, **fields):
    url = reverse("admin:agencies_organisation_add")
    return client.post(url, {**change_form_data(client.get(url)), "is_active": "on", **fields})


def office_added(client, region, slug):
    return organisation_added(
        client,
        kind="election_commission",
        office_level="province",
        region=region.pk,
        parent=national_kpu_office().pk,
        name="KPU Provinsi DIY",
        short_name="KPU DIY",
        slug=slug,
    )


@pytest.fixture
def diy(db):
    national_kpu_office()
    region = Region.objects.get(code="34")
    office_add(region=region)
    return region


def test_the_organisation_form_refuses_a_second_office_for_a_region(diy):
    response = office_added(logged_in(make_staff("root")), diy, slug="kpu-diy-kedua")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["region"] == ["Wilayah ini sudah memiliki kantor KPU."]
    assert Organisation.objects.offices().filter(region=diy).count() == 1


def test_the_organisation_form_says_it_in_english_too(diy):
    client = logged_in(make_staff("root"))
    client.cookies["django_language"] = "en"

    response = office_added(client, diy, slug="kpu-diy-kedua")

    assert response.context["adminform"].form.errors["region"] == ["This region already has a KPU office."]


def test_the_organisation_form_adds_an_office_for_another_region(diy):
    response = office_added(logged_in(make_staff("root")), Region.objects.get(code="33"), slug="kpu-jateng")

    assert response.status_code == 302
    assert Organisation.objects.offices().get(slug="kpu-jateng").region.code == "33"


def test_staff_add_an_agency_of_their_office_s_region(diy):
    staff = make_kpu_staff("ani", office=Organisation.objects.offices().get(region=diy))

    response = organisation_added(
        logged_in(staff),
        kind="agency",
        region=diy.pk,
        name="Dinas Kominfo DIY",
        short_name="Kominfo",
        slug="kominfo",
    )

    assert response.status_code == 302
    assert Organisation.objects.filter(region=diy).count() == 2


def test_the_database_refuses_a_second_office_for_a_region_and_not_an_agency(diy):
    make_organisation(region=diy)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_kpu_office(region=diy, office_level="province")
    assert Organisation.objects.filter(region=diy).count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers and hides the race")
@pytest.mark.django_db(transaction=True)
def test_load_offices_says_which_region_an_office_created_meanwhile_serves(monkeypatch):
    """`load_offices` reads which regions have an office, then creates the others (hundreds, in one
    transaction, locking no region): an office created meanwhile with "Create an office" is its region's."""
    national_kpu_office()
    # One region to load an office for (the regencies first: their province is protected while they exist).
    Region.objects.exclude(parent=None).delete()
    Region.objects.exclude(code="34").delete()
    diy, _created = Region.objects.get_or_create(
        code="34", defaults={"name": "Daerah Istimewa Yogyakarta", "level": Region.Level.PROVINCE}
    )
    holding, go_on = threading.Event(), threading.Event()

    def office_add_after_a_pause(**arguments):
        holding.set()
        go_on.wait(timeout=20)
        return office_add(**arguments)

    monkeypatch.setattr(load_offices, "office_add", office_add_after_a_pause)
    answers = {}

    def create():
        return office_create(region=diy, admin_email="ketua@diy.example.org", base_url="http://testserver").pk

    held_while_or_before(
        recorded(answers, lambda: call_command("load_offices")),
        recorded(answers, create),
        holding=holding,
        go_on=go_on,
    )

    assert list(Organisation.objects.offices().filter(region=diy).values_list("pk", flat=True)) == [
        answers["second"]
    ]
    assert answers["first"].startswith("CommandError"), answers
    assert "Daerah Istimewa Yogyakarta: Wilayah ini sudah memiliki kantor KPU." in answers["first"], answers
    assert "jalankan perintah ini lagi" in answers["first"], answers


BEFORE = [("agencies", "0010_one_kpu_ri_and_one_account_per_email")]
AFTER = [("agencies", "0011_one_kpu_office_per_region")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.fixture
def latest_schema_after():
    """Leave the database at the latest migrations: later tests in this worker expect every constraint."""
    yield
    Organisation.objects.filter(slug="kpu-bantul-lama").delete()
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_migration_names_the_offices_sharing_a_region(latest_schema_after):
    migrate(BEFORE)
    bantul, _created = Region.objects.get_or_create(
        code="34.02", defaults={"name": "Kabupaten Bantul", "level": Region.Level.REGENCY}
    )
    make_kpu_office(region=bantul, slug="kpu-bantul")
    make_kpu_office(region=bantul, slug="kpu-bantul-lama")

    with pytest.raises(RuntimeError, match=r"34\.02 Kabupaten Bantul: kpu-bantul, kpu-bantul-lama"):
        migrate(AFTER)
