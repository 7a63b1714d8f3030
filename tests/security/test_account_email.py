"""An account's email address opens it (the login page mails a password reset there), so once its holder has
set a password only an administrator changes it; the change is logged and the old address is told. Plain staff
could otherwise point a liaison's account at themselves, reset its password, report as the liaison and accept
the report themselves."""

import pytest
from django.core import mail
from django.urls import reverse

from agencies.models import Membership
from tests.conftest import logged_in
from tests.factories import make_agreement, make_kpu_staff, make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def liaison():
    agency = make_organisation()
    make_agreement(agency=agency)  # the agency works with the staff's office, which manages its liaisons
    return make_user("penghubung", organisation=agency, email="asli@dinas.example.org")


def change_page(client, user):
    return client.get(reverse("admin:agencies_user_change", args=[user.pk])).content.decode()


def email_input(page):
    return 'name="email"' in page


def test_staff_cannot_change_the_address_of_an_account_in_use(liaison):
    assert not email_input(change_page(logged_in(make_kpu_staff()), liaison))


def test_staff_set_the_address_of_an_account_not_yet_used(liaison):
    liaison.set_unusable_password()
    liaison.save()
    assert email_input(change_page(logged_in(make_kpu_staff()), liaison))


def test_an_administrator_changes_it_and_the_old_address_is_told(liaison, django_capture_on_commit_callbacks):
    administrator = make_kpu_staff(role=Membership.Role.ADMINISTRATOR)
    client = logged_in(administrator)
    url = reverse("admin:agencies_user_change", args=[liaison.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "last_login"}
    data.update(
        {
            "email": "baru@dinas.example.org",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "date_joined_0": "",
            "date_joined_1": "",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    liaison.refresh_from_db()
    assert liaison.email == "baru@dinas.example.org"
    [notice] = mail.outbox
    assert notice.to == ["asli@dinas.example.org"]
    assert "baru@dinas.example.org" in notice.body
