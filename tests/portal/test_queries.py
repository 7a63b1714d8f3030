"""Each portal page makes the same number of SQL queries however much data there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import ProgressReport
from portal.services import calendar_feed_renew
from tests.factories import (
    assign,
    make_agreement,
    make_commitment,
    make_evidence,
    make_focus_area,
    make_report,
    make_stage,
    make_user,
)


def fill(agency, liaison, size):
    """``size`` agreements, commitments, reports and evidence files for the agency."""
    stage = make_stage()
    area = make_focus_area()
    commitments = []
    for _ in range(size):
        agreement = make_agreement(agency=agency)
        commitment = make_commitment(agreement, focus_area=area, due_kind="stage", due_stage=stage)
        assign(commitment, liaison)
        commitments.append(commitment)
    first = commitments[0]
    for _ in range(size):
        report = make_report(first, author=make_user(organisation=agency), links="https://example.org/a")
        make_evidence(report)
    return first


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def measure(client, liaison, staff, agency, size):
    first = fill(agency, liaison, size)
    report = ProgressReport.objects.filter(commitment=first).first()
    feed = calendar_feed_renew(user=liaison)
    # A calendar app has no session: the feed is counted before anyone logs in.
    feed_queries = count_queries(client, reverse("portal:calendar_feed", args=[feed.token]))
    client.force_login(liaison)
    counts = {
        "tasks": count_queries(client, reverse("portal:tasks")),
        "tasks filtered": count_queries(
            client, reverse("portal:tasks"), scope="all", status="not_started", focus_area=first.focus_area_id
        ),
        "commitment": count_queries(client, reverse("portal:commitment", args=[first.pk])),
        "report form": count_queries(client, reverse("portal:report_create", args=[first.pk])),
        "report": count_queries(client, reverse("portal:report", args=[report.pk])),
        "calendar feed": feed_queries,
    }
    client.force_login(staff)
    counts["verify queue"] = count_queries(client, reverse("portal:verify"))
    counts["report (staff)"] = count_queries(client, reverse("portal:report", args=[report.pk]))
    return counts


# Each includes the session and the user (2); a liaison's page also reads their organisations (1) and
# a staff page their two-factor device (1). A staff page's menu counts the reports awaiting review (1), which
# reads the staff member's memberships (here a superuser's, 1): their agencies' reports are not theirs to
# verify.
EXPECTED = {
    "tasks": 8,
    "tasks filtered": 8,
    "commitment": 9,
    "report form": 5,
    "report": 5,
    "calendar feed": 3,
    "verify queue": 7,
    "report (staff)": 7,
}


@pytest.mark.parametrize("size", [2, 20])
def test_it_makes_a_fixed_number_of_queries_per_page(client, liaison, staff, agency, size):
    assert measure(client, liaison, staff, agency, size) == EXPECTED
