"""With the cache down, or refusing writes after losing its counters, the listing and the open data still
answer: the files are served as they are, since nobody can tell whether they are behind the data."""

import pytest
from django.core.cache import cache, caches

from kpu_coop import invalidation
from tests.factories import make_organisation, make_published_agreement

pytestmark = pytest.mark.django_db


def refused(*args, **kwargs):
    raise ConnectionError("OOM command not allowed when used memory > 'maxmemory'")


def down(*args, **kwargs):
    raise ConnectionError("the cache is down")


def status(client, path):
    """The answer's status, read to its end: a download streams from an open file, which the test client
    closes once it is read (closing it here would close the test's database connection too)."""
    response = client.get(path)
    response.getvalue()
    return response.status_code


@pytest.fixture
def files_built(client):
    make_published_agreement(agency=make_organisation(short_name="Kesbangpol", slug="kesbangpol"))
    # Built at once in tests.
    assert status(client, "/data/agreements.csv") == 200


@pytest.mark.usefixtures("files_built")
@pytest.mark.parametrize("path", ["/agreements/", "/data/", "/data/agreements.csv", "/data/datapackage.json"])
def test_every_page_answers_with_the_cache_down(client, monkeypatch, path):
    generations = caches["generations"]
    every_read_and_write = [(cache, "get"), (cache, "set")] + [
        (generations, method) for method in ("get", "get_many", "set", "add")
    ]
    for backend, method in every_read_and_write:
        monkeypatch.setattr(backend, method, down)

    assert status(client, path) == 200


@pytest.mark.usefixtures("files_built")
@pytest.mark.parametrize("path", ["/agreements/", "/data/", "/data/agreements.csv"])
def test_every_page_answers_when_the_cache_refuses_writes_and_lost_its_counter(client, monkeypatch, path):
    # Full with no eviction, after a restart without persistence: the public counter must be added afresh.
    generations = caches["generations"]
    generations.delete(invalidation.generation_key(invalidation.PUBLIC))
    monkeypatch.setattr(cache, "set", refused)
    monkeypatch.setattr(generations, "set", refused)
    monkeypatch.setattr(generations, "add", refused)

    assert status(client, path) == 200


@pytest.mark.parametrize("page_cache", [False, True])
@pytest.mark.parametrize("path", ["/agreements/", "/data/", "/data/agreements.csv?agency=kesbangpol"])
def test_a_cache_that_refuses_writes_costs_no_answer(client, monkeypatch, settings, page_cache, path):
    settings.PAGE_CACHE = page_cache
    make_published_agreement(agency=make_organisation(short_name="Kesbangpol", slug="kesbangpol"))
    monkeypatch.setattr(cache, "set", refused)
    monkeypatch.setattr(caches["generations"], "set", refused)

    assert status(client, path) == 200
