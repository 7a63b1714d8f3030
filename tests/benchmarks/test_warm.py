"""benchmarks.warm: requests made as gunicorn makes them, to time what a cached page costs."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from benchmarks.warm import environ, request
from kpu_coop.wsgi import application
from tests.factories import make_published_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def connection_kept():
    """As Django's test client does: a request's end would close the connection that holds the test's
    transaction (on PostgreSQL; SQLite keeps its database in memory open)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_it_splits_the_query_string_from_the_path():
    asked = environ("/agreements/?q=data&page=2")
    assert (asked["PATH_INFO"], asked["QUERY_STRING"]) == ("/agreements/", "q=data&page=2")


def test_it_gets_a_page_through_every_middleware_and_reads_its_answer(
    connection_kept, django_assert_num_queries
):
    agreement = make_published_agreement()
    assert request(application, f"/agreements/{agreement.pk}/").startswith("200")
    # The second is the page kept by the first: a hit, as the measurement needs.
    with django_assert_num_queries(0):
        assert request(application, f"/agreements/{agreement.pk}/").startswith("200")
