"""django-axes: one username from one address is paused after repeated failures, with a friendly page."""

import io
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def liaison():
    return make_user("penghubung")


def attempt(client, password, address="198.51.100.7", **extra):
    return client.post(
        reverse("login"), {"username": "penghubung", "password": password}, REMOTE_ADDR=address, **extra
    )


def fail_until_locked(client, settings, **extra):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(client, "salah", **extra)
    return response


def test_it_locks_out_after_the_failure_limit(client, settings):
    assert fail_until_locked(client, settings).status_code == 429


def test_it_refuses_even_the_right_password_while_locked(client, settings):
    fail_until_locked(client, settings)
    response = attempt(client, "pw")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_shows_a_friendly_page_in_english(client, settings):
    response = fail_until_locked(client, settings)
    assert "Too many failed logins" in response.text
    assert "paused for 15 minutes" in response.text


def test_it_shows_a_friendly_page_in_indonesian(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    response = fail_until_locked(client, settings)
    assert "Terlalu banyak" in response.text


def test_it_does_not_lock_the_user_out_from_another_address(client, settings):
    fail_until_locked(client, settings)
    assert attempt(client, "pw", address="192.0.2.44").status_code == 302


def test_it_counts_the_client_behind_the_trusted_proxy_not_the_proxy(client, settings):
    import ipaddress

    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1")]
    fail_until_locked(client, settings, address="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    other_client = attempt(client, "pw", address="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.44")
    assert other_client.status_code == 302
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"


def test_it_ignores_a_forwarded_address_from_an_untrusted_peer(client, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(client, "salah", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    assert response.status_code == 429


def test_it_lets_the_user_in_again_after_the_cool_off(client, settings):
    fail_until_locked(client, settings)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    assert attempt(client, "pw").status_code == 302


def test_it_unlocks_a_user_from_the_command_line(client, settings):
    fail_until_locked(client, settings)
    call_command("axes_reset_username", "penghubung", stdout=io.StringIO())
    assert attempt(client, "pw").status_code == 302


def test_it_locks_out_the_admin_login_too(client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("admin:login"), {"username": "penghubung", "password": "salah"})
    assert response.status_code == 429
