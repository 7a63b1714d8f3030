"""The admin's "Create an office" page: superusers onboard an office there; nobody else reaches it."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Membership, Organisation, Region
from agencies.onboarding import office_add
from tests.conftest import logged_in
from tests.factories import make_kpu_staff, make_staff, make_user, national_kpu_office
from tests.tools import html_errors

pytestmark = pytest.mark.django_db

URL = reverse("admin:agencies_organisation_office_create")
CHANGELIST = reverse("admin:agencies_organisation_changelist")


@pytest.fixture
def superuser():
    national_kpu_office()
    office_add(region=Region.objects.get(code="34"))
    return logged_in(make_staff())


def form(**fields):
    bantul = Region.objects.get(code="34.02")
    return {"region": bantul.pk, "admin_email": "ketua@bantul.example.org", **fields}


def test_a_superuser_finds_the_button_on_the_organisation_list(superuser):
    assert f'href="{URL}"' in superuser.get(CHANGELIST).text


def test_a_superuser_creates_an_office_and_its_administrator_is_invited(
    superuser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = superuser.post(URL, form())
    office = Organisation.objects.get(region__code="34.02")
    assert response["Location"] == reverse("admin:agencies_organisation_change", args=[office.pk])
    assert Membership.objects.get(organisation=office).role == "administrator"
    assert [email.to for email in mail.outbox] == [["ketua@bantul.example.org"]]
    assert "/accounts/reset/" in mail.outbox[0].body


def test_it_says_when_the_region_already_has_an_office(superuser):
    superuser.post(URL, form())
    response = superuser.post(URL, form(admin_email="lain@example.org"))
    assert response.status_code == 200
    assert "Kabupaten Bantul sudah memiliki kantor KPU." in response.text


def test_it_says_when_the_email_address_is_taken(superuser):
    make_user(email="ketua@bantul.example.org")
    response = superuser.post(URL, form())
    assert response.status_code == 200
    assert "Akun dengan alamat email ini sudah ada." in response.text
    assert not Organisation.objects.filter(region__code="34.02").exists()


@pytest.mark.parametrize("role", [Membership.Role.STAFF, Membership.Role.ADMINISTRATOR])
def test_office_staff_and_administrators_are_refused(role):
    client = logged_in(make_kpu_staff(role=role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, form()).status_code == 403
    assert f'href="{URL}"' not in client.get(CHANGELIST).text
    assert not Organisation.objects.filter(region__code="34.02").exists()


def test_a_liaison_is_sent_to_log_in():
    client = logged_in(make_user())
    assert client.get(URL).status_code == 302


def queries_of(client):
    with CaptureQueriesContext(connection) as captured:
        client.get(URL)
    return len(captured)


def test_the_form_reads_the_regions_in_one_query_whatever_their_number(superuser, django_assert_num_queries):
    expected = queries_of(superuser)
    Region.objects.create(code="99.99", name="Kabupaten Uji", level="regency")
    with django_assert_num_queries(expected):
        superuser.get(URL)


def test_the_form_is_valid_html_blank_and_with_errors(superuser, tmp_path):
    superuser.post(URL, form())
    pages = [
        ("blank", superuser.get(URL).text),
        ("errors", superuser.post(URL, form(admin_email="bukan-email")).text),
    ]
    assert 'class="errornote"' in pages[1][1]
    assert html_errors(pages, tmp_path) == []
