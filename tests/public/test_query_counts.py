"""Every public page runs a fixed number of queries, whether 5 or 200 agreements are published."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Organisation, Region
from agreements.models import Agreement, Commitment
from agreements.models.tallies import recounts_deferred
from public.open_data_files import open_data_refresh
from tests.factories import (
    make_commitment,
    make_document,
    make_election,
    make_focus_area,
    make_kpu_office,
    make_organisation,
    make_published_agreement,
    make_stage,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_data_read_afresh")]

# What the page itself reads (the cache generation lives in the cache); the 4 listing filter options
# (parties, focus areas, elections, years) also validate the open data files' filters. Those options are read
# here on every request, as on the first after a commit (later ones find them in the cache).
# Pages listing commitments read their due-date moves in one more query (public.queries.listed_commitments)
# and their reviewed reports' counts in one more (public.queries.with_report_counts).
EXPECTED = {
    # The national landing page also lists the offices by province (one query).
    "home": 8,
    "listing": 7,
    "listing searched and filtered": 7,
    # ... plus the clauses' rows (witnesses, force majeure events and their suspended deadlines; a grant's
    # tranches one more) and the due-date moves and report counts.
    "agreement": 11,
    # ... plus the province filter's choices on the national site of several offices.
    "agencies": 4,
    # The detail pages with a paginated commitment list take its count from the totals (no COUNT query).
    "agency": 7,
    "focus areas": 1,
    "focus area": 7,
    "elections": 1,
    "election": 5,
    "election stage": 5,
    "open data page": 4,
    # The whole files come from disk; the cache generation says they are current.
    "agreements.csv": 0,
    "agreements.json": 0,
    "commitments.csv": 0,
    "commitments.json": 0,
    "documents.csv": 0,
    "due_date_changes.json": 0,
    # Filtered, they are read 1000 rows at a time in one snapshot (here a savepoint and its release): the 4
    # filter options, the rows, then for agreements their parties, elections, focus areas, witnesses, force
    # majeure events and grant tranches; JSON counts.
    "agreements.csv filtered": 13,
    "agreements.json filtered": 14,
    "commitments.csv filtered": 7,
    "commitments.json filtered": 8,
    # The documents and due-date changes files: the same, their rows read with their agreement (and office).
    "documents.csv filtered": 7,
    "documents.json filtered": 8,
    "due_date_changes.csv filtered": 7,
    "due_date_changes.json filtered": 8,
    "feed of agreements": 2,
    "feed of progress": 2,
    "feed of moved deadlines": 2,
}


class World:
    """Published agreements spread over a few agencies, each with commitments due in election stages."""

    def __init__(self):
        self.kpu = make_organisation(kind=Organisation.Kind.ELECTION_COMMISSION)
        self.agencies = [make_organisation() for _ in range(4)]
        self.area = make_focus_area()
        self.election = make_election(voting_day=date(2024, 2, 14))
        self.stages = [make_stage(self.election, order=n) for n in range(3)]
        self.first = self.add_agreement()

    def add_agreement(self, parent=None):
        agreement = make_published_agreement(
            kpu=self.kpu, agency=self.agencies[Agreement.objects.count() % 4], parent=parent
        )
        agreement.elections.add(self.election)
        agreement.focus_areas.add(self.area)
        for stage in self.stages[:2]:
            commitment = make_commitment(
                agreement,
                focus_area=self.area,
                due_kind=Commitment.DueKind.STAGE,
                due_stage=stage,
                status=Commitment.Status.DONE,
                status_changed_at="2024-01-01T00:00Z",
            )
        # Each agreement's last deadline moves once: its pages and the feed list the move.
        commitment.due_offset_days = 3
        commitment.save()
        return agreement

    @recounts_deferred()  # the office's tallies counted once, not after each row
    def grow_to(self, size):
        while Agreement.objects.count() < size:
            self.add_agreement()
            # The first agreement's page grows too: more commitments, documents and addenda.
            make_commitment(self.first, focus_area=self.area, weight=2)
            if Agreement.objects.count() % 20 == 0:
                make_document(self.first)
            if Agreement.objects.count() % 50 == 0:
                make_published_agreement(kind=Agreement.Kind.ADDENDUM, parent=self.first, kpu=self.kpu)
        return self


def urls(world):
    agency, area, election = world.agencies[0], world.area, world.election
    return {
        "home": "/",
        "listing": "/agreements/",
        "listing searched and filtered": f"/agreements/?q=Perjanjian&agency={agency.slug}&year=2022&page=1",
        "agreement": f"/agreements/{world.first.pk}/",
        "agencies": "/agencies/",
        "agency": f"/agencies/{agency.slug}/",
        "focus areas": "/focus-areas/",
        "focus area": f"/focus-areas/{area.slug}/",
        "elections": "/elections/",
        "election": f"/elections/{election.slug}/",
        "election stage": f"/elections/{election.slug}/stages/{world.stages[0].pk}/",
        "open data page": "/data/",
        "agreements.csv": "/data/agreements.csv",
        "agreements.json": "/data/agreements.json",
        "commitments.csv": "/data/commitments.csv",
        "commitments.json": "/data/commitments.json",
        "agreements.csv filtered": f"/data/agreements.csv?agency={agency.slug}",
        "agreements.json filtered": f"/data/agreements.json?agency={agency.slug}",
        "commitments.csv filtered": f"/data/commitments.csv?agency={agency.slug}",
        "commitments.json filtered": f"/data/commitments.json?agency={agency.slug}",
        "documents.csv": "/data/documents.csv",
        "due_date_changes.json": "/data/due_date_changes.json",
        "documents.csv filtered": f"/data/documents.csv?agency={agency.slug}",
        "documents.json filtered": f"/data/documents.json?agency={agency.slug}",
        "due_date_changes.csv filtered": f"/data/due_date_changes.csv?agency={agency.slug}",
        "due_date_changes.json filtered": f"/data/due_date_changes.json?agency={agency.slug}",
        "feed of agreements": "/feeds/agreements/",
        "feed of progress": "/feeds/progress/",
        "feed of moved deadlines": "/feeds/deadlines/",
    }


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        # Downloads are streamed: their queries run as they are read.
        response.getvalue()
    assert response.status_code == 200, url
    return len(queries)


def count_every_page(client, world):
    # The whole open data files as the rebuild task leaves them after a change.
    open_data_refresh()
    return {page: count_queries(client, url) for page, url in urls(world).items()}


def test_it_runs_the_same_queries_on_every_page_for_5_and_200_agreements(client, settings):
    # Every page rendered afresh; the open data files stay current (the cache keeps their generation).
    settings.PAGE_CACHE = False
    world = World().grow_to(5)
    with_5 = count_every_page(client, world)

    with_200 = count_every_page(client, world.grow_to(200))

    assert with_5 == with_200 == EXPECTED


def office_urls(world):
    """The same pages on the office's own site (public.sites)."""
    return {page: f"/{world.kpu.slug}{url}" for page, url in urls(world).items()}


# One query more than the national page: the office, read from its address. The whole files are the national
# ones, so an office's are read as filtered ones are (the 4 filter options, then the rows).
OFFICE_EXPECTED = {
    **{page: count + 1 for page, count in EXPECTED.items()},
    "home": 8,  # the office's, without the national landing page's list of offices
    "agencies": EXPECTED["agencies"],  # without the national list's province filter
    **{name: EXPECTED[f"{name} filtered"] + 1 for name in ("agreements.csv", "agreements.json")},
    **{name: EXPECTED[f"{name} filtered"] + 1 for name in ("commitments.csv", "commitments.json")},
    **{name: EXPECTED[f"{name} filtered"] + 1 for name in ("documents.csv", "due_date_changes.json")},
}


def count_every_office_page(client, world):
    return {page: count_queries(client, url) for page, url in office_urls(world).items()}


def test_an_office_site_runs_the_same_queries_for_5_and_60_agreements(client, settings):
    settings.PAGE_CACHE = False
    world = World().grow_to(5)
    # Another office's agreements are there too, and filtered out.
    make_published_agreement(kpu=make_kpu_office(), agency=world.agencies[0])
    with_5 = count_every_office_page(client, world)

    with_60 = count_every_office_page(client, world.grow_to(60))

    assert with_5 == with_60 == OFFICE_EXPECTED


def test_the_national_landing_page_runs_the_same_queries_for_2_and_30_offices(client, settings):
    settings.PAGE_CACHE = False
    for _ in range(2):
        make_published_agreement(kpu=make_kpu_office())
    with_2 = count_queries(client, "/")
    # One province's regencies and cities, each with its office (one office per region).
    for region in Region.objects.filter(parent__code="33").order_by("code")[:28]:
        make_published_agreement(kpu=make_kpu_office(region=region))

    with_30 = count_queries(client, "/")

    assert with_2 == with_30 == EXPECTED["home"]
    assert len(client.get("/").context["provinces"]) == 2
