"""The admin's history and delete confirmation pages run a fixed number of queries: the same with three times
the rows (versions, or rows the deletion takes with it) as with a few."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_agreement, make_election, make_focus_area, make_kpu_staff

pytestmark = pytest.mark.django_db

ROWS = 2


def queries(client, url, data=None):
    """The queries of a request (a GET, or a POST of ``data``) sent a second time: the first fills caches."""
    send = client.get if data is None else client.post
    send(url, data or {})
    with CaptureQueriesContext(connection) as captured:
        response = send(url, data or {})
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def with_few_and_with_three_times_the_rows(count, grow):
    grow(ROWS)
    few = count()
    grow(2 * ROWS)
    return few, count()


def test_the_agreement_history_page_reads_the_same_queries_for_three_times_the_versions(client):
    """Each version's linked elections and focus areas are read with every other version's, not apart."""
    staff = make_kpu_staff()
    agreement = make_agreement()
    client.force_login(staff)

    def edit(rows):
        for n in range(rows):
            agreement.elections.add(make_election())
            agreement.focus_areas.add(make_focus_area())
            agreement.title = f"Perjanjian diubah {agreement.history.count()}-{n}"
            agreement.save()

    url = reverse("admin:agreements_agreement_history", args=[agreement.pk])
    few, many = with_few_and_with_three_times_the_rows(lambda: queries(client, url), edit)
    assert few == many
