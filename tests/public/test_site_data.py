"""A site's shared reads (the listing's filter choices, the count of its agreements, the office an office
site's address names) are read once per data generation, shown fresh once a change commits, and read afresh
when the cache is down (public.caching.shared_read; a cache refusing writes: test_cache_outage.py)."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kpu_coop import invalidation
from kpu_coop.invalidation import office_scope
from tests.factories import make_kpu_office, make_organisation, make_published_agreement

pytestmark = pytest.mark.django_db

LISTING = "/agreements/"


@pytest.fixture(autouse=True)
def pages_not_cached(settings):
    # Every listing rendered afresh: only the shared reads may come from the cache.
    settings.PAGE_CACHE = False


@pytest.fixture
def counters_down(monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(invalidation.counters(), "get_many", down)
    monkeypatch.setattr(invalidation.counters(), "get", down)


def queries(client, path=LISTING):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), response.text


def test_the_second_listing_reads_no_filter_choices(client):
    make_published_agreement()
    first, _page = queries(client)

    second, _page = queries(client)

    # Parties, focus areas, elections and years; and the count of the site's published agreements.
    assert first - second == 5


def test_a_committed_agreement_adds_its_party_and_year_to_the_choices(client, committed):
    with committed():
        make_published_agreement(date_signed=date(2022, 12, 28))
    assert "Kesbangpol" not in queries(client)[1]

    with committed():
        make_published_agreement(
            agency=make_organisation(short_name="Kesbangpol", slug="kesbangpol"), date_signed=date(2019, 3, 1)
        )

    page = queries(client)[1]
    assert '<option value="kesbangpol">Kesbangpol</option>' in page
    assert '<option value="2019">2019</option>' in page


def found(client, path=LISTING):
    return client.get(path).context["paginator"].count


def test_the_listing_counts_a_committed_agreement_and_a_filter_counts_its_own(client, committed):
    with committed():
        make_published_agreement(date_signed=date(2022, 12, 28))
    assert found(client) == 1

    with committed():
        make_published_agreement(date_signed=date(2019, 3, 1))

    assert (
        found(client),
        found(client, f"{LISTING}?year=2019"),
        found(client, f"{LISTING}?sort=oldest"),
    ) == (
        2,
        1,
        2,
    )


def test_an_office_site_keeps_its_choices_when_another_office_writes(client, committed):
    bantul, other = make_kpu_office(slug="kpu-bantul"), make_kpu_office(slug="kpu-lain")
    with committed():
        make_published_agreement(kpu=bantul)
        # Made beforehand: a new organisation is shared by every office and moves them all.
        agency = make_organisation()
    listing = "/kpu-bantul/agreements/"
    queries(client, listing)
    cached = queries(client, listing)[0]

    with committed():
        make_published_agreement(kpu=other, agency=agency)
    assert queries(client, listing)[0] == cached

    with committed():
        make_published_agreement(kpu=bantul, agency=agency)
    # Its choices and its count read afresh.
    assert queries(client, listing)[0] == cached + 5


@pytest.mark.usefixtures("counters_down")
def test_the_listing_reads_its_choices_itself_when_the_cache_is_down(client):
    make_published_agreement(agency=make_organisation(short_name="Kesbangpol", slug="kesbangpol"))

    assert '<option value="kesbangpol">Kesbangpol</option>' in queries(client)[1]


def test_two_offices_whose_counters_meet_keep_their_own_choices(client, committed):
    bantul, sleman = make_kpu_office(slug="kpu-bantul"), make_kpu_office(slug="kpu-sleman")
    with committed():
        make_published_agreement(kpu=bantul, agency=make_organisation(short_name="Dukcapil", slug="dukcapil"))
        make_published_agreement(
            kpu=sleman, agency=make_organisation(short_name="Kesbangpol", slug="kesbangpol")
        )
    # Each counter starts from the clock: here one apart, then one write in Bantul makes them equal.
    start = 1_764_900_000_000_000_000
    invalidation.counters().set(invalidation.generation_key(office_scope(bantul.pk)), start, timeout=None)
    invalidation.counters().set(invalidation.generation_key(office_scope(sleman.pk)), start + 1, timeout=None)
    with committed():
        make_published_agreement(kpu=bantul, agency=make_organisation())
    assert '<option value="dukcapil">' in queries(client, "/kpu-bantul/agreements/")[1]

    page = queries(client, "/kpu-sleman/agreements/")[1]

    assert '<option value="kesbangpol">' in page
    assert '<option value="dukcapil">' not in page


def test_each_shared_read_is_one_round_trip_to_the_cache(client, cache_reads):
    make_published_agreement()
    queries(client)
    asked = cache_reads(cache, invalidation.counters())

    queries(client)

    # The filter choices and the count, each fetched with the generations that say they are current.
    assert len(asked) == 2, asked


def test_an_office_site_reads_its_office_once_and_shows_a_rename_once_it_commits(client, committed):
    office = make_kpu_office(slug="kpu-bantul", name="KPU Kabupaten Bantul")
    make_published_agreement(kpu=office)
    listing = "/kpu-bantul/agreements/"
    first = queries(client, listing)[0]

    # The office its address names (1 query) comes from the cache, as do the filter choices (4) and the count.
    assert queries(client, listing)[0] == first - 6

    office.name = "KPU Kabupaten Bantul Baru"
    with committed():
        office.save()
    assert "KPU Kabupaten Bantul Baru" in queries(client, listing)[1]


def test_an_office_closed_has_no_site_once_its_change_commits(client, committed):
    office = make_kpu_office(slug="kpu-bantul")
    queries(client, "/kpu-bantul/agreements/")

    office.is_active = False
    with committed():
        office.save()

    assert client.get("/kpu-bantul/agreements/").status_code == 404


def test_an_address_naming_no_office_is_looked_up_each_time_not_kept(client):
    assert client.get("/kpu-tidak-ada/agreements/").status_code == 404

    # Nothing kept for it: made-up addresses cannot fill the cache.
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/kpu-tidak-ada/agreements/").status_code == 404
    assert len(captured) == 1


@pytest.mark.usefixtures("counters_down")
def test_an_office_site_reads_its_office_itself_when_the_cache_is_down(client):
    make_published_agreement(kpu=make_kpu_office(slug="kpu-bantul", name="KPU Kabupaten Bantul"))

    assert "KPU Kabupaten Bantul" in queries(client, "/kpu-bantul/agreements/")[1]
