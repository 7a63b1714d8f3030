"""The dashboard's figures are read once per committed change of the data, shared by all staff."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Commitment, ProgressReport
from agreements.services_reports import report_accept
from tests.factories import make_report
from tests.workspace.builders import make_cycle

# Session, user and 2FA device; elections; the staff menu's count of reports awaiting review, with the
# superuser's memberships it leaves out (their agencies' reports are not theirs to verify).
CACHED_BLOCKS_QUERIES = 6


def dashboard_html(client, election):
    return client.get(reverse("workspace:dashboard"), {"election": election.slug}).content.decode()


def figure(count, label):
    return f'<span class="figure number">{count}</span> {label}'


@pytest.fixture
def cycle(db):
    return make_cycle(3)


def test_it_serves_a_repeat_view_without_reading_the_figures_again(
    staff_client, cycle, django_assert_num_queries
):
    url = reverse("workspace:dashboard") + f"?election={cycle.slug}"
    first = staff_client.get(url).context["blocks"]
    with django_assert_num_queries(CACHED_BLOCKS_QUERIES):
        again = staff_client.get(url)
    assert again.context["blocks"] == first
    assert "Reports awaiting verification" in first


def test_it_shows_a_new_report_once_committed(staff_client, cycle, committed):
    assert figure(3, "reports awaiting verification") in dashboard_html(staff_client, cycle)
    with committed():
        make_report(Commitment.objects.get(title="Overdue 0"))
    assert figure(4, "reports awaiting verification") in dashboard_html(staff_client, cycle)


def test_it_shows_a_verified_report_once_committed(staff_client, staff, cycle, committed):
    assert figure(3, "overdue") in dashboard_html(staff_client, cycle)
    with committed():
        report = make_report(Commitment.objects.get(title="Overdue 0"), claim=ProgressReport.Claim.DONE)
        report_accept(report=report, reviewer=staff)
    html = dashboard_html(staff_client, cycle)
    assert figure(2, "overdue") in html
    assert figure(3, "reports awaiting verification") in html


def test_it_counts_afresh_on_a_new_day(staff_client, cycle, monkeypatch):
    assert figure(3, "overdue") in dashboard_html(staff_client, cycle)
    # A month on, the commitments due in the campaign are late as well.
    month_later = timezone.localdate() + timedelta(days=30)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: month_later)
    assert figure(6, "overdue") in dashboard_html(staff_client, cycle)


def test_it_shows_each_language_its_own_page(staff_client, cycle, settings):
    assert "Overdue commitments" in dashboard_html(staff_client, cycle)
    settings.LANGUAGE_CODE = "id"
    assert "Kewajiban lewat tenggat" in dashboard_html(staff_client, cycle)
