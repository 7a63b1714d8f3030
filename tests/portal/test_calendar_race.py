"""Two first requests for a calendar address at once (a double click, two tabs) make one address, no 500."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from portal import services
from portal.models import CalendarFeed
from tests.concurrency import held_while
from tests.conftest import logged_in
from tests.factories import make_organisation, make_user


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers and hides the race")
def test_two_first_requests_at_once_make_one_address(monkeypatch):
    liaison = make_user("wati", organisation=make_organisation())
    first_read, go_on = threading.Event(), threading.Event()
    new_token = services.new_calendar_token

    def first_pauses_after_its_read():
        if threading.current_thread().name == "first":
            first_read.set()
            go_on.wait(timeout=20)
        return new_token()

    monkeypatch.setattr(services, "new_calendar_token", first_pauses_after_its_read)
    answers = {}

    def ask():
        try:
            answers[threading.current_thread().name] = (
                logged_in(liaison).post(reverse("portal:calendar")).status_code
            )
        finally:
            connection.close()

    held_while(ask, ask, holding=first_read, go_on=go_on)

    assert answers == {"first": 302, "second": 302}
    assert CalendarFeed.objects.filter(user=liaison).count() == 1
