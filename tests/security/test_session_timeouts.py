"""A login ends after SESSION_IDLE_TIMEOUT seconds without a request and SESSION_ABSOLUTE_TIMEOUT in all."""

import time

import pytest
from django.urls import reverse

from security import middleware
from security.middleware import LOGIN_AT, SEEN_AT
from tests.factories import make_user

pytestmark = pytest.mark.django_db
# The real resolution, before tests/conftest.py's steady_session_clock stretches it.
SEEN_RESOLUTION = middleware.SEEN_RESOLUTION


@pytest.fixture(autouse=True)
def real_session_clock(monkeypatch):
    monkeypatch.setattr(middleware, "SEEN_RESOLUTION", SEEN_RESOLUTION)


@pytest.fixture
def logged_in(client):
    client.force_login(make_user("penghubung"))
    return client


def shift(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_it_keeps_an_active_login(logged_in, settings):
    shift(logged_in, security_login_at=settings.SESSION_IDLE_TIMEOUT * 2, security_seen_at=60)
    assert logged_in.get(reverse("portal:tasks")).status_code == 200


def test_it_ends_a_login_left_idle(logged_in, settings):
    shift(logged_in, security_seen_at=settings.SESSION_IDLE_TIMEOUT + 1)
    response = logged_in.get(reverse("portal:tasks"))
    assert response["Location"].startswith(reverse("login"))


def test_it_ends_a_login_after_the_absolute_time_out_however_active(logged_in, settings):
    shift(logged_in, security_login_at=settings.SESSION_ABSOLUTE_TIMEOUT + 1, security_seen_at=1)
    response = logged_in.get(reverse("portal:tasks"))
    assert response["Location"].startswith(reverse("login"))


def test_it_says_why_the_login_ended(logged_in, settings):
    shift(logged_in, security_seen_at=settings.SESSION_IDLE_TIMEOUT + 1)
    response = logged_in.get(reverse("portal:tasks"), follow=True)
    assert "logged out after a period of inactivity" in response.text


def test_it_records_activity_at_most_once_a_minute(logged_in):
    shift(logged_in, security_seen_at=SEEN_RESOLUTION + 1)
    logged_in.get(reverse("portal:tasks"))
    assert int(time.time()) - logged_in.session[SEEN_AT] < 5
    assert LOGIN_AT in logged_in.session
