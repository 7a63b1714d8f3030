"""Links that pages and emails give out point to where the site really is (issue 17).

Pages and emails sent while serving a request use the address the request came to; only emails sent
without one (the hourly reminders) use SITE_URL.
"""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from portal.services import calendar_feed_renew
from tests.factories import make_agreement, make_commitment, make_report

HOST = "pks.example.net:8443"


@pytest.fixture(autouse=True)
def elsewhere(settings):
    """The site answers on another address than SITE_URL says (e.g. `runserver 0.0.0.0:8080`)."""
    settings.ALLOWED_HOSTS = ["pks.example.net"]
    settings.SITE_URL = "http://127.0.0.1:8000"


def test_it_shows_the_calendar_address_at_the_host_the_page_was_opened_on(client, liaison):
    feed = calendar_feed_renew(user=liaison)
    client.force_login(liaison)
    page = client.get(reverse("portal:calendar"), HTTP_HOST=HOST).text
    path = reverse("portal:calendar_feed", args=[feed.token])
    assert f'value="http://{HOST}{path}"' in page
    assert f'href="webcal://{HOST}{path}"' in page
    assert "127.0.0.1:8000" not in page


def test_it_links_calendar_events_to_the_host_the_feed_was_fetched_from(client, liaison, commitment):
    commitment.due_kind, commitment.due_date = "fixed", date(2024, 2, 1)
    commitment.save()
    feed = calendar_feed_renew(user=liaison)
    response = client.get(reverse("portal:calendar_feed", args=[feed.token]), HTTP_HOST=HOST, secure=True)
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["url"]) == f"https://{HOST}" + reverse("portal:commitment", args=[commitment.pk])
    assert str(event["uid"]) == f"commitment-{commitment.pk}@{HOST}"


def test_it_links_the_decision_email_to_the_host_the_reviewer_used(
    client, staff, liaison, commitment, django_capture_on_commit_callbacks
):
    report = make_report(commitment, author=liaison, claim="done")
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portal:report", args=[report.pk]),
            {"decision": "accept", "comment": "", "version": report.version},
            HTTP_HOST=HOST,
        )
    [email] = mail.outbox
    assert f"http://{HOST}" + reverse("portal:commitment", args=[commitment.pk]) in email.body
    assert "127.0.0.1:8000" not in email.body


def test_it_links_the_invitation_to_the_host_the_staff_member_used(client, staff, liaison):
    # Invited: no password yet (one who has one is refused an invitation).
    liaison.set_unusable_password()
    liaison.save()
    client.force_login(staff)
    client.post(
        reverse("admin:agencies_user_changelist"),
        {"action": "invite_users", "_selected_action": [liaison.pk]},
        HTTP_HOST=HOST,
    )
    [email] = mail.outbox
    assert f"http://{HOST}/accounts/reset/" in email.body
    assert "127.0.0.1:8000" not in email.body


def test_it_links_reminders_sent_without_a_request_to_site_url(settings, liaison, agency):
    settings.SITE_URL = "https://pks.example.org/"
    commitment = make_commitment(make_agreement(agency=agency), due_kind="fixed", due_date=date(2024, 1, 8))
    call_command("send_reminders", "--date", "2024-01-08", stdout=StringIO())
    [email] = mail.outbox
    assert "https://pks.example.org" + reverse("portal:commitment", args=[commitment.pk]) in email.body
    assert "https://pks.example.org" + reverse("portal:tasks") in email.body
