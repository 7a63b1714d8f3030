"""The feed of moved deadlines: each move of a published commitment's due date is an entry with its reason."""

from datetime import date
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from agreements.models import Commitment, DueDateChange
from tests.factories import make_agreement, make_commitment, make_kpu_office, make_published_agreement

pytestmark = pytest.mark.django_db

ATOM = {"atom": "http://www.w3.org/2005/Atom"}


def entries(client):
    feed = ElementTree.fromstring(client.get(reverse("public:feed_deadlines")).content)
    return feed.findall("atom:entry", ATOM)


def moved(agreement, *, note="", times=1):
    commitment = make_commitment(agreement, due_kind=Commitment.DueKind.FIXED, due_date=date(2024, 3, 1))
    for n in range(times):
        commitment.due_date = date(2024, 4, 1 + n)
        commitment.due_change_reason, commitment.due_change_note = DueDateChange.Reason.FORCE_MAJEURE, note
        commitment.save()
    return commitment


def test_each_move_is_its_own_entry_linking_the_commitment(client):
    commitment = moved(make_published_agreement(), times=2)
    found = entries(client)
    links = {entry.find("atom:link", ATOM).get("href") for entry in found}
    ids = {entry.findtext("atom:id", namespaces=ATOM) for entry in found}
    assert (len(found), len(ids), all(f"#commitment-{commitment.pk}" in link for link in links)) == (
        2,
        2,
        True,
    )


def test_an_entry_gives_the_old_and_new_dates_the_reason_and_the_note(client):
    moved(make_published_agreement(), note="Banjir bandang")
    summary = entries(client)[0].findtext("atom:summary", namespaces=ATOM)
    assert all(part in summary for part in ("1 Maret 2024", "1 April 2024", "Banjir bandang"))


def test_it_leaves_out_unpublished_agreements(client):
    moved(make_agreement(), note="Rahasia")
    assert entries(client) == []


def test_it_reads_the_same_queries_for_any_number_of_moves(client, django_assert_num_queries, settings):
    settings.PAGE_CACHE = False
    agreement = make_published_agreement()
    moved(agreement)
    with django_assert_num_queries(2):
        client.get(reverse("public:feed_deadlines"))
    moved(agreement, times=5)
    with django_assert_num_queries(2):
        client.get(reverse("public:feed_deadlines"))


def test_an_office_sites_feed_lists_only_its_moves_and_links_its_own_pages(client):
    own = moved(make_published_agreement())
    moved(make_published_agreement(kpu=make_kpu_office(slug="kpu-lain")))
    slug = own.agreement.office.slug
    feed = ElementTree.fromstring(client.get(reverse("public:office:feed_deadlines", args=[slug])).content)
    links = [entry.find("atom:link", ATOM).get("href") for entry in feed.findall("atom:entry", ATOM)]
    assert links == [f"http://testserver/{slug}/agreements/{own.agreement_id}/#commitment-{own.pk}"]
