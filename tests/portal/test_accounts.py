import re

import pytest
from django.contrib.admin.sites import site
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core import mail
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import User
from tests.factories import make_user


def log_in(client, username, password="pw"):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_it_lands_a_liaison_on_their_tasks_after_login(client, liaison):
    response = log_in(client, "dukcapil")
    assert response["Location"] == reverse("portal:home")
    assert client.get(response["Location"])["Location"] == reverse("portal:tasks")


def test_it_lands_staff_on_the_verification_queue_after_login_and_two_factor(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="telepon", confirmed=True)
    two_factor = client.get(log_in(client, "kpu")["Location"])["Location"]
    assert two_factor.startswith(reverse("security:two_factor_verify"))
    response = client.post(two_factor, {"code": f"{totp(device.bin_key):06d}"})
    assert client.get(response["Location"])["Location"] == reverse("portal:verify")


def test_it_returns_to_the_page_asked_for_before_login(client, liaison, commitment):
    url = reverse("portal:commitment", args=[commitment.pk])
    response = client.post(reverse("login"), {"username": "dukcapil", "password": "pw", "next": url})
    assert response["Location"] == url


def test_it_refuses_a_wrong_password(client, liaison):
    response = log_in(client, "dukcapil", "salah")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text


def test_it_refuses_a_wrong_password_in_plain_indonesian(client, liaison):
    # Django's own catalogue said "Masukkan nama pengguna nama pengguna dan sandi yang benar".
    client.cookies["django_language"] = "id"
    page = " ".join(log_in(client, "dukcapil", "salah").text.split())
    expected = "Masukkan nama pengguna dan sandi yang benar. Huruf besar dan kecil pada keduanya dibedakan."
    assert expected in page


def test_it_states_the_password_rules_alike_in_indonesian(client, liaison):
    client.force_login(liaison)
    client.cookies["django_language"] = "id"
    page = " ".join(client.get(reverse("password_change")).text.split())
    for rule in (
        "Kata sandi Anda tidak boleh terlalu mirip dengan informasi pribadi Anda yang lain.",
        "Kata sandi Anda harus memuat setidaknya",
        "Kata sandi Anda tidak boleh kata sandi yang umum dipakai.",
        "Kata sandi Anda tidak boleh hanya berupa angka.",
    ):
        assert rule in page
    assert "Sandi anda" not in page


def test_it_logs_out_with_a_post_form(client, liaison):
    client.force_login(liaison)
    page = client.get(reverse("portal:tasks")).text
    assert f'action="{reverse("logout")}"' in page
    assert client.post(reverse("logout"))["Location"] == reverse("login")
    assert client.get(reverse("portal:tasks")).status_code == 302


def test_it_lets_a_user_change_their_password(client, liaison):
    client.force_login(liaison)
    response = client.post(
        reverse("password_change"),
        {"old_password": "pw", "new_password1": "Kerja-sama-2024!", "new_password2": "Kerja-sama-2024!"},
    )
    assert response["Location"] == reverse("password_change_done")
    liaison.refresh_from_db()
    assert liaison.check_password("Kerja-sama-2024!")


def test_it_emails_a_reset_link_that_sets_a_new_password(client, liaison):
    client.post(reverse("password_reset"), {"email": "dukcapil@example.org"})
    [email] = mail.outbox
    assert "dukcapil" in email.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", email.body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url, {"new_password1": "Bantul-Pemilu-24", "new_password2": "Bantul-Pemilu-24"}
    )
    assert response["Location"] == reverse("password_reset_complete")
    assert log_in(client, "dukcapil", "Bantul-Pemilu-24")["Location"] == reverse("portal:home")


def test_it_offers_no_sign_up(client):
    with pytest.raises(NoReverseMatch):
        reverse("signup")
    assert client.get("/accounts/signup/").status_code == 404
    assert "sign-up" in client.get(reverse("login")).text


def invite(*users):
    request = RequestFactory().post("/admin/agencies/user/")
    request.user = User(is_staff=True, is_superuser=True, pk=0)
    request.session = {}
    request._messages = FallbackStorage(request)
    model_admin = site._registry[User]
    model_admin.log_change = lambda *args: None
    model_admin.invite_users(request, User.objects.filter(pk__in=[u.pk for u in users]))
    return [str(message) for message in request._messages]


def test_it_lets_staff_invite_a_liaison_to_set_a_password(client, agency):
    invited = make_user("baru", organisation=agency, email="baru@example.org")
    invited.set_unusable_password()
    invited.save()
    assert invite(invited) == ["1 invitation sent."]
    [email] = mail.outbox
    assert email.to == ["baru@example.org"]
    assert "Your username: baru" in email.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", email.body).group(1)
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": "Bantul-Pemilu-24", "new_password2": "Bantul-Pemilu-24"})
    assert log_in(client, "baru", "Bantul-Pemilu-24")["Location"] == reverse("portal:home")


def test_it_does_not_invite_users_without_an_email_address(agency):
    nobody = make_user("tanpa", organisation=agency)
    messages = invite(nobody)
    # Nobody invited: no "0 invitations sent." in green above the warning.
    assert messages == ["Not invited (inactive or without an email address): tanpa."]
    assert mail.outbox == []


def test_it_offers_the_invitation_in_the_user_admin(client, staff):
    client.force_login(staff)
    page = client.get(reverse("admin:agencies_user_changelist")).text
    assert 'value="invite_users"' in page


def added_account_messages(client, email):
    data = {"username": "baru", "first_name": "Baru", "last_name": "", "email": email}
    response = client.post(reverse("admin:agencies_user_add"), data, follow=True)
    assert User.objects.filter(username="baru").exists()
    return [str(message) for message in response.context["messages"]]


def test_it_says_an_account_added_without_an_address_was_not_invited(client, staff):
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    messages = added_account_messages(client, "")
    assert any(
        message.startswith("No invitation was sent: the account has no email address.")
        for message in messages
    )
    assert not any("invitation to set a password was sent" in message for message in messages)


def test_it_says_an_account_added_with_an_address_was_invited(client, staff):
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    messages = added_account_messages(client, "baru@example.org")
    assert "An invitation to set a password was sent to baru@example.org." in messages
    assert not any("No invitation was sent" in message for message in messages)


def test_it_speaks_indonesian_by_default(client, settings, db):
    settings.LANGUAGE_CODE = "id"
    page = client.get(reverse("login")).text
    assert '<html lang="id">' in page
    assert "Masuk" in page
    assert "Lupa sandi?" in page


def test_it_does_not_invite_someone_who_already_has_a_password(agency):
    in_use = make_user("aktif", organisation=agency, email="aktif@example.org")
    messages = invite(in_use)
    assert messages == [
        "Not invited (already has a password; an administrator can force a password reset): aktif."
    ]
    assert mail.outbox == []
