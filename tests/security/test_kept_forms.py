"""A form sent after the login ran out is not lost: its fields wait in the session until the person is back.

Only the views marked ``keeps_typed_form`` (the report form, a monev evaluation) keep one; never files,
passwords, codes or the CSRF token.
"""

import time

import pytest
from django.urls import reverse

from agreements.models import ProgressReport
from security.kept_forms import KEPT
from security.middleware import LOGIN_AT, SEEN_AT
from tests.factories import assign, make_commitment, make_published_agreement, make_user

pytestmark = pytest.mark.django_db

SUMMARY = "Sosialisasi di 12 kecamatan selesai; daftar hadir dilampirkan."


@pytest.fixture
def liaison_and_form(client):
    commitment = make_commitment(make_published_agreement())
    liaison = make_user("penghubung", organisation=commitment.responsible)
    assign(commitment, liaison)
    client.force_login(liaison)
    return liaison, reverse("portal:report_create", args=[commitment.pk])


def idle_too_long(client, settings):
    session = client.session
    now = int(time.time())
    session[LOGIN_AT] = now - settings.SESSION_IDLE_TIMEOUT - 60
    session[SEEN_AT] = now - settings.SESSION_IDLE_TIMEOUT - 1
    session.save()


def test_it_gives_back_a_report_sent_after_the_login_ran_out(client, settings, liaison_and_form):
    _liaison, url = liaison_and_form
    idle_too_long(client, settings)
    typed = {"summary": SUMMARY, "claim": "in_progress", "last_report": 0, "links": "https://example.org/a"}

    sent = client.post(url, typed)
    assert sent["Location"].startswith(reverse("login"))
    assert not ProgressReport.objects.exists()
    login = client.get(sent["Location"])
    assert "What you were sending has been kept" in login.text
    assert client.post(sent["Location"], {"username": "penghubung", "password": "pw"})["Location"] == url

    form = client.get(url).context["form"]
    assert (form["summary"].value(), form["claim"].value(), form["links"].value()) == (
        SUMMARY,
        "in_progress",
        "https://example.org/a",
    )
    assert client.post(url, typed).status_code == 302
    assert ProgressReport.objects.get().summary == SUMMARY
    # Given back once: the next visit starts afresh.
    assert client.get(url).context["form"]["summary"].value() is None


def test_it_keeps_no_secret(client, settings, liaison_and_form):
    _liaison, url = liaison_and_form
    idle_too_long(client, settings)
    client.post(url, {"summary": SUMMARY, "csrfmiddlewaretoken": "x", "new_password": "y", "otp_token": "1"})

    assert client.session[KEPT]["fields"] == {"summary": [SUMMARY]}


def test_it_keeps_nothing_for_a_form_that_does_not_read_it_back(client, settings):
    client.force_login(make_user("penghubung"))
    idle_too_long(client, settings)
    sent = client.post(reverse("portal:tasks"), {"summary": SUMMARY}, follow=True)

    assert KEPT not in client.session
    assert "What you were sending has been kept" not in sent.text


def test_it_gives_the_text_back_to_its_writer_only(client, settings, liaison_and_form):
    liaison, url = liaison_and_form
    colleague = make_user("rekan", organisation=liaison.memberships.get().organisation)
    idle_too_long(client, settings)
    client.post(url, {"summary": SUMMARY, "claim": "in_progress", "last_report": 0})

    client.force_login(colleague)
    assert client.get(url).context["form"]["summary"].value() is None
