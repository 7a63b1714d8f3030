"""A delete page refuses a deletion that would take with it a row the user may not delete, as it did when it
asked about each row apart (kpu_coop/admin_deletion.py asks once per model): another office's staff member's
membership of an agency, an office's last administrator's membership."""

import pytest
from django.urls import reverse

from agencies.models import Membership, Organisation, Region, User
from tests.conftest import logged_in
from tests.factories import make_kpu_office, make_kpu_staff, make_organisation, make_staff, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return Region.objects.create(code="99.01", name="Kabupaten Uji", level=Region.Level.REGENCY)


@pytest.fixture
def office(region):
    return make_kpu_office(slug="kpu-wilayah", short_name="KPU Wilayah", region=region)


@pytest.fixture
def agency(region):
    """An agency of the office's region (the office keeps it and manages its liaisons), on no agreement."""
    agency = make_organisation(short_name="Dinas Wilayah", region=region)
    make_user("penghubung", organisation=agency)
    return agency


def delete_organisation(user, organisation):
    url = reverse("admin:agencies_organisation_delete", args=[organisation.pk])
    return logged_in(user).post(url, {"post": "yes"}).status_code


def test_staff_delete_an_agency_of_their_office_with_its_liaisons(office, agency):
    assert delete_organisation(make_kpu_staff(office=office), agency) == 302
    assert not Organisation.objects.filter(pk=agency.pk).exists()


def test_staff_may_not_delete_an_agency_another_office_s_staff_member_belongs_to(office, agency):
    elsewhere = make_kpu_staff("staf_lain", office=make_kpu_office(slug="kpu-lain", short_name="KPU Lain"))
    Membership.objects.create(user=elsewhere, organisation=agency, role=Membership.Role.LIAISON)
    assert delete_organisation(make_kpu_staff(office=office), agency) == 403
    assert Organisation.objects.filter(pk=agency.pk).exists()


def test_the_agency_s_page_names_what_the_staff_may_not_delete(office, agency):
    elsewhere = make_kpu_staff("staf_lain", office=make_kpu_office(slug="kpu-lain", short_name="KPU Lain"))
    Membership.objects.create(user=elsewhere, organisation=agency, role=Membership.Role.LIAISON)
    url = reverse("admin:agencies_organisation_delete", args=[agency.pk])
    response = logged_in(make_kpu_staff(office=office)).get(url)
    assert set(response.context["perms_lacking"]) == {"keanggotaan"}


def test_a_superuser_may_not_delete_an_office_s_last_administrator(office):
    administrator = make_kpu_staff("admin_terakhir", office=office, role=Membership.Role.ADMINISTRATOR)
    url = reverse("admin:agencies_user_delete", args=[administrator.pk])
    assert logged_in(make_staff()).post(url, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=administrator.pk).exists()


def test_a_superuser_deletes_an_administrator_the_office_has_another_of(office):
    administrator = make_kpu_staff("admin_satu", office=office, role=Membership.Role.ADMINISTRATOR)
    make_kpu_staff("admin_dua", office=office, role=Membership.Role.ADMINISTRATOR)
    url = reverse("admin:agencies_user_delete", args=[administrator.pk])
    assert logged_in(make_staff()).post(url, {"post": "yes"}).status_code == 302
    assert not User.objects.filter(pk=administrator.pk).exists()
