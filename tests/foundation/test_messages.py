"""Messages after an action look the same on the public site, in the portal and in the workspace."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse

from tests.factories import make_organisation, make_staff, make_user

pytestmark = pytest.mark.django_db

SHOWN = '<p class="message message-success" role="status">Tersimpan.</p>'


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def with_message(client, level=constants.SUCCESS, text="Tersimpan."):
    """Leave a message for the next page, as a view does before it redirects."""
    storage = CookieStorage(HttpRequest())
    client.cookies[storage.cookie_name] = storage._encode([Message(level, text)])


def test_the_public_layout_shows_a_message(client):
    with_message(client)

    assert SHOWN in client.get(reverse("public:agreement_list")).text


def test_the_portal_shows_a_message(client):
    client.force_login(make_user(organisation=make_organisation()))
    with_message(client)

    assert SHOWN in client.get(reverse("portal:tasks")).text


def test_the_workspace_shows_a_message(client):
    client.force_login(make_staff())
    with_message(client)

    assert SHOWN in client.get(reverse("workspace:dashboard")).text


def test_it_marks_a_warning_as_an_alert(client):
    with_message(client, constants.WARNING, "Periksa lagi.")

    text = client.get(reverse("public:agreement_list")).text

    assert '<p class="message message-warning" role="alert">Periksa lagi.</p>' in text


def test_a_message_is_never_kept_in_the_public_page_cache(client):
    with_message(client)
    client.get(reverse("public:agreement_list"))
    del client.cookies[CookieStorage(HttpRequest()).cookie_name]

    assert "Tersimpan." not in client.get(reverse("public:agreement_list")).text
