"""A report accepted while a colleague moves its agreement to another office (PostgreSQL, two connections):
the agreement's page shows the accepted report once both have committed. The review locks the agreement
before reading its office, so its change is counted against the office the agreement has when it commits;
before, a move committed in between left the new office's cached page showing the report still awaited."""

import threading

import pytest
from django.db import connection, transaction

from agencies.models import Membership
from agreements import services_reports
from agreements.models import Agreement, ProgressReport
from agreements.services_reports import report_accept
from tests.concurrency import lock_wait_or_end, recorded
from tests.factories import (
    make_commitment,
    make_kpu_office,
    make_kpu_staff,
    make_published_agreement,
    make_report,
)

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def paused_review(monkeypatch):
    """The review stops once it has read the commitment and its agreement, until ``go_on`` is set."""
    read, go_on = threading.Event(), threading.Event()
    locked_with_agreement = services_reports.locked_with_agreement

    def read_then_pause(pk):
        commitment = locked_with_agreement(pk)
        read.set()
        go_on.wait(timeout=20)
        return commitment

    monkeypatch.setattr(services_reports, "locked_with_agreement", read_then_pause)
    return read, go_on


def test_a_report_accepted_while_its_agreement_moves_office_shows_on_its_page(client, paused_review):
    first, second = make_kpu_office(slug="kpu-satu"), make_kpu_office(slug="kpu-dua")
    reviewer = make_kpu_staff(office=first)
    Membership.objects.create(user=reviewer, organisation=second, role=Membership.Role.STAFF)
    agreement = make_published_agreement(kpu=first)
    report = make_report(make_commitment(agreement), claim=ProgressReport.Claim.DONE)
    page = f"/agreements/{agreement.pk}/"
    assert 'value="0"' in client.get(page).text
    read, go_on = paused_review
    results = {}

    def accept():
        report_accept(report=ProgressReport.objects.get(pk=report.pk), reviewer=reviewer)

    def move():
        with transaction.atomic():
            moving = Agreement.objects.get(pk=agreement.pk)
            moving.office = second
            moving.save()

    reviewing = threading.Thread(target=recorded(results, accept), name="accept")
    moving = threading.Thread(target=recorded(results, move), name="move")
    reviewing.start()
    assert read.wait(timeout=20)
    moving.start()
    if not lock_wait_or_end(moving):
        # The move committed while the review still held the old office: a visitor reads the page now.
        client.get(page)
    go_on.set()
    for thread in (reviewing, moving):
        thread.join(timeout=30)
    assert results == {"accept": None, "move": None}

    assert '<progress max="100" value="100"' in client.get(page).text
