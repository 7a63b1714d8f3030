"""Error pages speak the visitor's language and say what to do: a request that cannot be read (a NUL
character, which PostgreSQL refuses in text, anywhere in the address), a refusal, an expired form, a
failure."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from kpu_coop.urls import handler500
from security.views import server_error
from tests.conftest import logged_in
from tests.factories import make_agreement, make_kpu_office, make_kpu_staff, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def indonesian(settings):
    settings.LANGUAGE_CODE = "id"


@pytest.mark.parametrize(
    "address",
    [
        "/portal/calendar/ab%00cd.ics",
        "/agreements/?q=a%00b",
        "/admin/agreements/agreement/?kind__exact=%00",
        "/admin/autocomplete/?term=a%00&app_label=agreements&model_name=commitment&field_name=agreement",
    ],
)
def test_a_nul_character_in_the_address_is_a_bad_request_in_indonesian(address):
    response = logged_in(make_kpu_staff()).get(address)
    assert response.status_code == 400
    assert "Permintaan tidak dapat dibaca" in response.text


def test_a_refusal_says_who_to_ask_in_indonesian():
    # Turning off two-factor authentication that was never on is refused.
    response = logged_in(make_user("penghubung")).post(reverse("security:two_factor"))
    assert response.status_code == 403
    assert "Tidak diizinkan" in response.text


def test_a_form_sent_without_its_security_check_says_it_expired():
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Formulir sudah kedaluwarsa" in response.text


def test_a_failure_is_told_in_indonesian_without_the_database(django_assert_num_queries):
    with translation.override("id"), django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.content.decode()
    assert handler500 == "security.views.server_error"


def test_a_missing_page_of_the_portal_or_the_workspace_says_so_in_its_own_frame():
    """Not the public site's "the agreement is not published": a liaison asked for another agency's report,
    staff for another office's record."""
    liaison = logged_in(make_user("penghubung"))
    portal = liaison.get(reverse("portal:report", args=[999999]))
    assert portal.status_code == 404
    assert "Kembali ke tugas Anda" in portal.text and "belum diterbitkan" not in portal.text

    staff = logged_in(make_kpu_staff())
    elsewhere = make_agreement(kpu=make_kpu_office())
    for address in (
        "/workspace/monev/offices/999999/2024-Q1/",
        reverse("admin:agreements_agreement_history", args=[elsewhere.pk]),
    ):
        response = staff.get(address)
        assert response.status_code == 404, address
        assert "Kembali ke dasbor" in response.text and "belum diterbitkan" not in response.text

    public = Client().get("/agreements/999999/")
    assert public.status_code == 404 and "belum diterbitkan" in public.text

    past_the_end = liaison.get(reverse("portal:tasks"), {"page": 99})
    assert past_the_end.status_code == 404
    assert "Tidak ada halaman “99”" in past_the_end.text and "Kembali ke tugas Anda" not in past_the_end.text
    assert "portal/404.html" in [template.name for template in past_the_end.templates]
