"""TOTP: required for staff before any page, available to liaisons."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_staff, make_totp_device, make_user, totp_code
from tests.security.urlconf import all_urls

pytestmark = pytest.mark.django_db


def log_in(client, username):
    return client.post(reverse("login"), {"username": username, "password": "pw"})


def test_it_sends_staff_without_a_device_to_set_one_up(unverified_client):
    make_staff("kpu")
    log_in(unverified_client, "kpu")
    response = unverified_client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("security:two_factor_setup") + "?next=/admin/"


def test_it_lets_unverified_staff_reach_nothing_but_the_two_factor_pages(unverified_client, world):
    unverified_client.force_login(world.staff)
    make_totp_device(world.staff)
    open_pages = {"login", "logout", "set_language", "healthz", "security:two_factor_setup"}
    reached = []
    for name, _, _ in all_urls():
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # needs an object; the matrix test covers those
        if name in open_pages:
            continue
        response = unverified_client.get(url)
        if not (response.status_code == 302 and "/accounts/two-factor/" in response["Location"]):
            reached.append(f"{name}: {response.status_code}")
    assert reached == ["security:two_factor_verify: 200"]


def test_it_shows_the_secret_as_text_and_as_an_otpauth_address(unverified_client):
    staff = make_staff("kpu")
    unverified_client.force_login(staff)
    page = unverified_client.get(reverse("security:two_factor_setup")).text
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert re.search(r"<code>[A-Z2-7]{4}( [A-Z2-7]{1,4})+</code>", page)
    assert "otpauth://totp/kpu-coop%3Akpu?secret=" in page
    assert "<svg" in page
    assert device.config_url.replace("&", "&amp;") in page


def test_it_turns_two_factor_on_with_a_right_code_and_goes_on(unverified_client):
    staff = make_staff("kpu")
    unverified_client.force_login(staff)
    unverified_client.get(reverse("security:two_factor_setup"))
    device = TOTPDevice.objects.get(user=staff)
    response = unverified_client.post(
        reverse("security:two_factor_setup"), {"code": totp_code(device), "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"
    assert unverified_client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_it_refuses_a_wrong_code_at_setup(unverified_client):
    staff = make_staff("kpu")
    unverified_client.force_login(staff)
    unverified_client.get(reverse("security:two_factor_setup"))
    device = TOTPDevice.objects.get(user=staff)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    response = unverified_client.post(reverse("security:two_factor_setup"), {"code": wrong})
    assert response.status_code == 400
    assert "That code is not right" in response.text
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_it_asks_staff_with_a_device_for_a_code_after_the_password(unverified_client):
    device = make_totp_device(make_staff("kpu"))
    log_in(unverified_client, "kpu")
    assert (
        unverified_client.get("/admin/")["Location"]
        == reverse("security:two_factor_verify") + "?next=/admin/"
    )
    response = unverified_client.post(reverse("security:two_factor_verify"), {"code": totp_code(device)})
    assert response.status_code == 302
    assert unverified_client.get("/admin/").status_code == 200


def test_it_accepts_a_code_only_once(unverified_client, client):
    device = make_totp_device(make_staff("kpu"))
    code = totp_code(device)
    log_in(unverified_client, "kpu")
    unverified_client.post(reverse("security:two_factor_verify"), {"code": code})
    log_in(client, "kpu")
    response = client.post(reverse("security:two_factor_verify"), {"code": code})
    assert response.status_code == 400


def test_it_slows_down_guessing_after_wrong_codes(unverified_client):
    make_totp_device(make_staff("kpu"))
    log_in(unverified_client, "kpu")
    for _ in range(3):
        response = unverified_client.post(reverse("security:two_factor_verify"), {"code": "000000"})
    assert "Too many wrong codes" in response.text


def test_it_does_not_let_a_password_alone_replace_the_device(unverified_client):
    make_totp_device(make_staff("kpu"))
    log_in(unverified_client, "kpu")
    response = unverified_client.get(reverse("security:two_factor_setup"))
    assert response["Location"].startswith(reverse("security:two_factor_verify"))


def test_it_does_not_ask_liaisons_who_have_not_turned_it_on(unverified_client):
    make_user("penghubung")
    log_in(unverified_client, "penghubung")
    assert unverified_client.get(reverse("portal:tasks")).status_code == 200


def test_it_asks_a_liaison_who_turned_it_on_at_the_next_login(unverified_client, client):
    make_totp_device(make_user("penghubung"))
    log_in(unverified_client, "penghubung")
    response = unverified_client.get(reverse("portal:tasks"))
    assert response["Location"].startswith(reverse("security:two_factor_verify"))


def test_it_lets_a_liaison_turn_it_off(client):
    liaison = make_user("penghubung")
    make_totp_device(liaison)
    client.force_login(liaison)
    from tests.factories import pass_two_factor

    pass_two_factor(client, liaison)
    client.post(reverse("security:two_factor"))
    assert not TOTPDevice.objects.filter(user=liaison).exists()


def test_it_does_not_let_staff_turn_it_off(client):
    staff = make_staff("kpu")
    client.force_login(staff)
    assert client.post(reverse("security:two_factor")).status_code == 403
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()


def test_it_resets_a_users_devices_from_the_command_line():
    staff = make_staff("kpu")
    make_totp_device(staff)
    call_command("reset_mfa", "kpu", stdout=io.StringIO())
    assert not TOTPDevice.objects.filter(user=staff).exists()


def test_it_ends_a_verified_session_when_the_device_is_reset(client):
    staff = make_staff("kpu")
    client.force_login(staff)
    TOTPDevice.objects.filter(user=staff).delete()
    assert client.get("/admin/")["Location"].startswith(reverse("security:two_factor_setup"))


def test_it_gives_the_demo_staff_account_a_device_in_development(settings, capsys):
    settings.DEBUG = True
    make_staff("kpu")
    call_command("demo_two_factor")
    out = capsys.readouterr().out
    device = TOTPDevice.objects.get(user__username="kpu", confirmed=True)
    assert "otpauth://totp/" in out
    assert totp_code(device) in out or re.search(r"a code now: \d{6}", out)


def test_it_refuses_the_demo_device_in_production(settings):
    settings.DEBUG = False
    make_staff("kpu")
    with pytest.raises(CommandError, match="only with DEBUG=true"):
        call_command("demo_two_factor")
    assert not get_user_model().objects.get(username="kpu").totpdevice_set.exists()


def test_it_shows_no_one_another_users_device_in_the_admin(client):
    # A device is added by scanning a code and removed by the account's action, never typed in or read here.
    device = make_totp_device(make_user("penghubung"))
    client.force_login(make_staff("kpu"))
    for page in ("", "add/", f"{device.pk}/change/", f"{device.pk}/config/"):
        response = client.get(f"/admin/otp_totp/totpdevice/{page}")
        assert response.status_code == 404
        assert device.key not in response.text
