"""Who is staff follows the offices: a closed office's staff lose the admin and the workspace (and have them
back when it reopens), and a KPU office holds staff and administrators only, since a liaison of the office
would read its unpublished agreements (it is a party to each) without two-factor authentication."""

import pytest
from django.urls import reverse
from django.utils import translation

from agencies.models import Membership
from agencies.roles import Role, membership_grant_error, role_of
from tests.conftest import logged_in
from tests.factories import make_kpu_office, make_kpu_staff, make_staff, make_user

pytestmark = pytest.mark.django_db


def set_active(office, active):
    """As a superuser closes or reopens an office: its change form, every field as shown but ``is_active``."""
    client = logged_in(make_staff())
    url = reverse("admin:agencies_organisation_change", args=[office.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value not in (None, False)}
    data.update({"is_active": "on" if active else "", "memberships-TOTAL_FORMS": "0"})
    data.update({"memberships-INITIAL_FORMS": "0", "_version": form.initial.get("_version", "")})
    response = client.post(url, {key: value for key, value in data.items() if value != ""})
    assert response.status_code == 302, response.context["adminform"].form.errors


@pytest.fixture
def office():
    return make_kpu_office(slug="kpu-tutup", short_name="KPU Tutup")


def test_closing_an_office_takes_its_staff_out_of_the_admin(office):
    staff = make_kpu_staff("staf-tutup", office=office)
    set_active(office, False)
    staff.refresh_from_db()
    assert (staff.is_staff, role_of(staff)) == (False, Role.LIAISON)
    assert logged_in(staff).get(reverse("admin:agencies_user_changelist")).status_code == 302


def test_reopening_it_gives_them_back(office):
    staff = make_kpu_staff("staf-tutup", office=office)
    set_active(office, False)
    set_active(office, True)
    staff.refresh_from_db()
    assert staff.is_staff and role_of(staff) == Role.STAFF


@pytest.mark.parametrize("role", [Membership.Role.LIAISON, Membership.Role.HEAD])
def test_nobody_is_made_a_liaison_of_a_kpu_office(office, role):
    administrator = make_kpu_staff(office=office, role=Membership.Role.ADMINISTRATOR)
    with translation.override("en"):
        user = make_user(invited_by=administrator)
        error = membership_grant_error(actor=administrator, user=user, organisation=office, role=role)
        assert error == "A KPU office has staff and administrators only: liaisons belong to the agencies."
