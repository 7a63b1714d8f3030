"""Every responsible organisation's progress, a page at a time, in the dashboard chart's order of need."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, Commitment
from kpu_coop import pagination
from tests.factories import make_commitment
from tests.workspace.builders import make_cycle

# Session, user and 2FA device; elections; the ids of the agreements followed; then the page with the count
# of organisations riding along, and the names on it; the staff menu's count of reports awaiting review, and
# the superuser's memberships it leaves out (their agencies' reports are not theirs to verify).
AGENCY_PAGE_QUERIES = 9


def agency_page(client, election, **params):
    return client.get(reverse("workspace:agency_progress"), {"election": election.slug, **params})


@pytest.fixture
def cycle(db):
    return make_cycle(3)


def agreements_of(election):
    return list(Agreement.objects.filter(elections=election).order_by("pk"))


def agency_of(agreement):
    return agreement.commitments.first().responsible_id


def test_it_lists_every_responsible_organisation_with_its_figures(staff_client, cycle):
    response = agency_page(staff_client, cycle)
    rows = response.context["rows"]
    assert len(rows) == 3
    assert all(str(row.progress) == "40%" and row.overdue == 1 for row in rows)
    html = response.content.decode()
    assert "3 responsible organisations on" in html
    assert f"?responsible__id__exact={rows[0].key}" in html


def test_it_puts_the_most_overdue_first_then_the_least_done(staff_client, cycle):
    # Against the order they were made in, which is the order of last resort.
    first_made, second_made, last_made = agreements_of(cycle)
    make_commitment(last_made, due_kind="fixed", due_date=timezone.localdate() - timedelta(days=1))
    make_commitment(first_made, status=Commitment.Status.DONE)
    rows = agency_page(staff_client, cycle).context["rows"]
    assert [row.key for row in rows] == [agency_of(last_made), agency_of(second_made), agency_of(first_made)]


def test_it_shows_a_long_list_a_page_at_a_time(staff_client, cycle, monkeypatch):
    monkeypatch.setattr(pagination, "WORKSPACE_AGENCIES", 2)
    first_page = agency_page(staff_client, cycle)
    assert len(first_page.context["rows"]) == 2
    assert "Page 1 of 2" in first_page.content.decode()
    assert len(agency_page(staff_client, cycle, page=2).context["rows"]) == 1
    assert agency_page(staff_client, cycle, page=3).status_code == 404


def test_a_later_page_still_counts_every_organisation(staff_client, cycle, monkeypatch):
    monkeypatch.setattr(pagination, "WORKSPACE_AGENCIES", 2)

    response = agency_page(staff_client, cycle, page=2)

    assert response.context["page"].paginator.count == 3
    html = response.content.decode()
    assert "3 responsible organisations on" in html
    assert "Page 2 of 2" in html


def test_a_page_past_the_end_names_the_last_page(staff_client, cycle, monkeypatch):
    monkeypatch.setattr(pagination, "WORKSPACE_AGENCIES", 2)

    response = agency_page(staff_client, cycle, page=4)

    assert response.status_code == 404
    assert "There is no page “4” of this list: it fills 2 pages." in response.text


def test_an_election_without_commitments_shows_an_empty_first_page(staff_client, cycle):
    empty = make_cycle(0)

    response = agency_page(staff_client, empty)

    assert response.status_code == 200
    assert response.context["rows"] == []
    assert response.context["page"].paginator.count == 0


def test_it_counts_every_election_together_when_asked(staff_client, cycle):
    make_cycle(1)
    response = staff_client.get(reverse("workspace:agency_progress"), {"election": "all"})
    assert len(response.context["rows"]) == 4


def test_it_runs_the_same_number_of_queries_for_few_and_many_organisations(
    staff_client, django_assert_num_queries, db, monkeypatch
):
    monkeypatch.setattr(pagination, "WORKSPACE_AGENCIES", 20)
    small = make_cycle(2)
    with django_assert_num_queries(AGENCY_PAGE_QUERIES):
        agency_page(staff_client, small)
    large = make_cycle(25)
    with django_assert_num_queries(AGENCY_PAGE_QUERIES):
        response = agency_page(staff_client, large)
    assert len(response.context["rows"]) == 20


@pytest.mark.parametrize("page", ["99999999999999999", str(2**62), str(2**63)])
def test_a_page_number_past_any_offset_the_database_takes_is_not_found(staff_client, cycle, page):
    assert agency_page(staff_client, cycle, page=page).status_code == 404
