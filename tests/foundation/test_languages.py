import pytest
from django.conf import settings

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def choose(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


def test_it_speaks_indonesian_on_the_login_page_by_default(client):
    page = client.get("/accounts/login/")
    assert page.headers["Content-Language"] == "id"


def test_it_keeps_the_chosen_language_outside_the_public_site(client):
    choose(client, "en")
    page = client.get("/accounts/login/")
    assert page.headers["Content-Language"] == "en"


def test_it_keeps_the_address_language_on_the_public_site(client):
    choose(client, "en")
    assert client.get("/").headers["Content-Language"] == "id"
    assert client.get("/en/").headers["Content-Language"] == "en"


def test_it_switches_the_portal_to_english_with_the_language_form(client):
    client.force_login(make_user())
    client.post("/i18n/setlang/", {"language": "en", "next": "/portal/"})
    page = client.get("/accounts/password_change/")
    assert page.headers["Content-Language"] == "en"
