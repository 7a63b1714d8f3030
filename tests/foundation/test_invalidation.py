"""Cache generations move when a write to what a page shows commits, whichever path wrote it."""

import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.urls import reverse

from agencies.models import Membership
from agreements.models import Agreement, FocusArea
from kpu_coop import invalidation
from kpu_coop.invalidation import INTERNAL, PUBLIC, generation
from tests.factories import (
    make_commitment,
    make_focus_area,
    make_organisation,
    make_published_agreement,
    make_user,
)

pytestmark = pytest.mark.django_db


def generations():
    return generation(PUBLIC), generation(INTERNAL)


WRITES = {
    "save": lambda a: (setattr(a, "title", "Baru"), a.save()),
    "queryset update": lambda a: Agreement.objects.filter(pk=a.pk).update(title="Baru"),
    "bulk create": lambda a: FocusArea.objects.bulk_create([FocusArea(name="Baru", slug="baru")]),
    "delete": lambda a: make_commitment(a).delete(),
    "link from the agreement": lambda a: a.focus_areas.add(make_focus_area()),
    "link from the focus area": lambda a: make_focus_area().agreements.add(a),
    "raw SQL": lambda a: connection.cursor().execute(
        "UPDATE agreements_agreement SET title = %s WHERE id = %s", ["Baru", a.pk]
    ),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_a_committed_write_moves_both_generations(write, committed):
    with committed():
        agreement = make_published_agreement()
    before = generations()
    with committed():
        write(agreement)

    after = generations()
    assert after[0] > before[0] and after[1] > before[1]


def test_it_moves_nothing_before_the_commit(committed):
    with committed():
        agreement = make_published_agreement()
    before = generations()

    agreement.title = "Baru"
    agreement.save()

    assert generations() == before


def test_a_rolled_back_write_moves_nothing(committed):
    with committed():
        agreement = make_published_agreement()
    before = generations()
    with committed():
        try:
            with transaction.atomic():
                Agreement.objects.filter(pk=agreement.pk).update(title="Baru")
                raise RuntimeError
        except RuntimeError:
            pass

    assert generations() == before


def test_a_write_after_a_rolled_back_one_still_moves_the_generation(committed):
    with committed():
        agreement = make_published_agreement()
    before = generation(PUBLIC)
    with committed():
        try:
            with transaction.atomic():
                Agreement.objects.filter(pk=agreement.pk).update(title="Batal")
                raise RuntimeError
        except RuntimeError:
            pass
        Agreement.objects.filter(pk=agreement.pk).update(title="Baru")

    assert generation(PUBLIC) > before


def test_it_moves_once_per_transaction_however_many_writes(committed, monkeypatch):
    agreement = make_published_agreement()
    moved = []
    monkeypatch.setattr(invalidation, "bump", moved.append)
    with committed():
        for title in ["Satu", "Dua", "Tiga"]:
            agreement.title = title
            agreement.save()

    assert sorted(moved) == [INTERNAL, PUBLIC]


def test_a_write_only_staff_see_leaves_the_public_pages_alone(committed):
    with committed():
        user = make_user(organisation=make_organisation())
    before = generations()
    with committed():
        Membership.objects.filter(user=user).update(is_active=False)

    assert generation(PUBLIC) == before[0]
    assert generation(INTERNAL) > before[1]


def test_a_write_outside_the_project_tables_moves_nothing(client, committed):
    before = generations()
    with committed():
        session = client.session
        session["seen"] = True
        session.save()

    assert generations() == before


def test_an_evicted_generation_comes_back_higher_than_ever(committed):
    old = generation(PUBLIC)
    cache.delete(invalidation.generation_key(PUBLIC))

    assert generation(PUBLIC) > old


def test_every_historical_and_link_table_follows_its_record():
    scopes = invalidation.scope_of_tables()

    assert scopes["agreements_historicalcommitment"] == scopes["agreements_commitment"] == PUBLIC
    assert scopes["agreements_agreement_focus_areas"] == PUBLIC
    assert scopes["agreements_historicalprogressreport"] == scopes["agreements_progressreport"] == INTERNAL


def test_everything_changed_moves_both_generations():
    before = generations()

    invalidation.everything_changed()

    after = generations()
    assert after[0] > before[0] and after[1] > before[1]


# Two transactions committing out of order: only PostgreSQL runs them truly side by side.


def pages_showing(agreement):
    agency = agreement.parties.get(role="second").organisation
    return [
        "/",
        reverse("public:agreement_list"),
        reverse("public:agreement_detail", args=[agreement.pk]),
        reverse("public:organisation_detail", args=[agency.slug]),
        reverse("public:feed_agreements"),
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers and hides the race")
def test_a_long_transaction_committing_after_a_quick_one_shows_on_every_cached_page_within_a_second(client):
    slow = make_published_agreement(title="Judul lama yang panjang")
    quick = make_published_agreement(title="Judul cepat lama")
    pages = pages_showing(slow)
    for page in pages:
        assert client.get(page).status_code == 200
    written, commit_now, outcome = threading.Event(), threading.Event(), {}

    def long_transaction():
        try:
            with transaction.atomic():
                Agreement.objects.filter(pk=slow.pk).update(title="Judul baru yang panjang")
                written.set()
                commit_now.wait(timeout=20)
            outcome["committed_at"] = time.monotonic()
        finally:
            connection.close()

    writer = threading.Thread(target=long_transaction)
    writer.start()
    assert written.wait(timeout=20)
    quick.title = "Judul cepat baru"
    quick.save()  # commits at once (autocommit), after the long transaction wrote
    # Rendered and cached now, between the two commits: the long transaction's change is not visible yet.
    assert "Judul lama yang panjang" in client.get(pages[1]).text
    commit_now.set()
    writer.join(timeout=30)

    stale = [page for page in pages if "Judul lama yang panjang" in client.get(page).text]
    elapsed = time.monotonic() - outcome["committed_at"]
    assert stale == []
    assert elapsed < 1
