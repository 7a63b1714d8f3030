from datetime import date

import pytest
from django.urls import reverse
from icalendar import Calendar

from agreements.models import Commitment
from portal.models import CalendarFeed
from portal.services import calendar_feed_renew
from tests.factories import make_agreement, make_commitment, make_stage


def events(client, feed):
    response = client.get(reverse("portal:calendar_feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def deadlines(commitment, other_commitment):
    for item in (commitment, other_commitment):
        item.due_kind, item.due_date = "fixed", date(2024, 2, 1)
        item.save()


def test_it_lists_the_deadlines_of_the_users_agency_only(client, liaison, deadlines):
    feed = calendar_feed_renew(user=liaison)
    found = events(client, feed)
    assert list(found) == ["Due: Menyediakan data kependudukan"]
    event = found["Due: Menyediakan data kependudukan"]
    assert event.decoded("dtstart") == date(2024, 2, 1)
    assert event.decoded("dtend") == date(2024, 2, 2)


def test_it_lists_every_agencys_deadlines_for_staff(client, staff, deadlines):
    assert sorted(events(client, calendar_feed_renew(user=staff))) == [
        "Due: Menyediakan data kependudukan",
        "Due: Publikasi tahapan",
    ]


def test_it_leaves_out_done_commitments_and_those_without_a_date(client, liaison, agency):
    agreement = make_agreement(agency=agency)
    make_commitment(agreement, title="Tanpa tanggal")
    done = make_commitment(agreement, title="Selesai", due_kind="fixed", due_date=date(2024, 2, 1))
    done.status = "done"
    done.save()
    assert events(client, calendar_feed_renew(user=liaison)) == {}


def test_it_moves_the_event_when_kpu_moves_the_stage(client, liaison, agency):
    stage = make_stage(start_date=date(2024, 8, 27), end_date=date(2024, 8, 29))
    make_commitment(make_agreement(agency=agency), title="Ikut tahapan", due_kind="stage", due_stage=stage)
    feed = calendar_feed_renew(user=liaison)
    before = events(client, feed)["Due: Ikut tahapan"]
    stage.end_date = date(2024, 9, 5)
    stage.save()
    after = events(client, feed)["Due: Ikut tahapan"]
    assert before.decoded("dtstart") == date(2024, 8, 29)
    assert after.decoded("dtstart") == date(2024, 9, 5)
    assert after["uid"] == before["uid"]


def test_it_stops_the_old_address_when_the_user_renews_it(client, liaison):
    old = calendar_feed_renew(user=liaison).token
    client.force_login(liaison)
    response = client.post(reverse("portal:calendar"))
    assert response.status_code == 302
    new = CalendarFeed.objects.get(user=liaison).token
    assert new != old
    assert client.get(reverse("portal:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("portal:calendar_feed", args=[new])).status_code == 200


def test_it_answers_404_for_an_unknown_token_or_an_inactive_user(client, liaison):
    feed = calendar_feed_renew(user=liaison)
    assert client.get(reverse("portal:calendar_feed", args=["x" * 43])).status_code == 404
    liaison.is_active = False
    liaison.save()
    assert client.get(reverse("portal:calendar_feed", args=[feed.token])).status_code == 404


def test_it_shows_the_address_only_to_its_owner(client, liaison, outsider):
    feed = calendar_feed_renew(user=liaison)
    client.force_login(liaison)
    assert feed.token in client.get(reverse("portal:calendar")).text
    client.force_login(outsider)
    page = client.get(reverse("portal:calendar")).text
    assert feed.token not in page
    assert "Create my calendar address" in page


def test_it_keeps_who_renewed_it_in_the_history_but_not_the_secret(liaison):
    feed = calendar_feed_renew(user=liaison)
    entry = feed.history.get()
    assert entry.history_user == liaison
    assert not hasattr(entry, "token")


def test_it_writes_a_pasted_control_character_as_a_calendar_may_hold_it(client, liaison, commitment):
    commitment.due_kind, commitment.due_date = "fixed", date(2024, 2, 1)
    commitment.save()
    # Stored before saving cleaned such text (kpu_coop.text.keep_text_printable).
    Commitment.objects.filter(pk=commitment.pk).update(title="Data\x0bpemilih\x01")
    response = client.get(reverse("portal:calendar_feed", args=[calendar_feed_renew(user=liaison).token]))

    assert b"\x0b" not in response.content and b"\x01" not in response.content
    assert list(events(client, CalendarFeed.objects.get())) == ["Due: Data\npemilih"]
