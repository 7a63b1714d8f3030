"""Cache generations move when a write to what a page shows commits, whichever path wrote it."""

import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from agencies.models import Membership
from agreements.models import Agreement, Commitment, FocusArea, Witness
from kpu_coop import invalidation
from kpu_coop.invalidation import INTERNAL, PUBLIC, generation
from tests.factories import (
    make_commitment,
    make_focus_area,
    make_kpu_office,
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
    with committed():
        agreement = make_published_agreement()
    moved = []
    monkeypatch.setattr(invalidation, "bump", moved.append)
    with committed():
        for title in ["Satu", "Dua", "Tiga"]:
            agreement.title = title
            agreement.save()

    assert sorted(moved) == sorted([INTERNAL, PUBLIC, invalidation.office_scope(agreement.office_id)])


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
    invalidation.counters().delete(invalidation.generation_key(PUBLIC))

    assert generation(PUBLIC) > old


def test_every_historical_and_link_table_follows_its_record():
    scopes = invalidation.scope_of_tables()

    assert scopes["agreements_historicalcommitment"] == scopes["agreements_commitment"] == PUBLIC
    assert scopes["agreements_agreement_focus_areas"] == PUBLIC
    assert scopes["agreements_historicalevidence"] == scopes["agreements_evidence"] == INTERNAL
    # The public commitment counts its accepted and returned reports.
    assert scopes["agreements_historicalprogressreport"] == scopes["agreements_progressreport"] == PUBLIC


def test_everything_changed_moves_both_generations():
    before = generations()

    invalidation.everything_changed()

    after = generations()
    assert after[0] > before[0] and after[1] > before[1]


# Per office: a write in one office leaves the other offices' cached pages alone.


def office_generations_of(*offices):
    return [invalidation.office_generations(office.pk) for office in offices]


@pytest.fixture
def two_offices(committed):
    with committed():
        first, second = make_kpu_office(), make_kpu_office()
        agreements = make_published_agreement(kpu=first), make_published_agreement(kpu=second)
        make_focus_area(slug="bidang-kantor")
    return first, second, agreements


OFFICE_WRITES = {
    "save": lambda a: (setattr(a, "title", "Baru"), a.save()),
    "new commitment": lambda a: make_commitment(Agreement.objects.get(pk=a.pk)),
    "commitment saved": lambda a: make_commitment(a).save(),
    "link from the agreement": lambda a: a.focus_areas.add(*FocusArea.objects.filter(slug="bidang-kantor")),
    "commitment deleted": lambda a: make_commitment(a).delete(),
    "agreement deleted with its records": lambda a: (
        make_commitment(a),
        Agreement.objects.get(pk=a.pk).delete(),
    ),
    "witness added": lambda a: Witness.objects.create(agreement=a, order=1, name="Saksi", position="Kepala"),
}


@pytest.mark.parametrize("write", OFFICE_WRITES.values(), ids=OFFICE_WRITES.keys())
def test_a_write_in_one_office_moves_its_generation_and_the_national_one_only(write, two_offices, committed):
    first, second, (agreement, _other) = two_offices
    before_national = generation(PUBLIC)
    (every_before, first_before), (_every, second_before) = office_generations_of(first, second)
    with committed():
        write(agreement)

    (every_after, first_after), (_every, second_after) = office_generations_of(first, second)
    assert (generation(PUBLIC) > before_national, first_after > first_before) == (True, True)
    assert (every_after, second_after) == (every_before, second_before)


WRITES_OF_NO_KNOWN_OFFICE = {
    "queryset update": lambda a: Agreement.objects.filter(pk=a.pk).update(title="Baru"),
    "shared record": lambda a: FocusArea.objects.create(name="Baru", slug="baru"),
    "agreement not at hand": lambda a: make_commitment(a).__class__.objects.get(agreement=a).save(),
    "queryset delete": lambda a: Commitment.objects.filter(pk=make_commitment(a).pk).delete(),
}


@pytest.mark.parametrize("write", WRITES_OF_NO_KNOWN_OFFICE.values(), ids=WRITES_OF_NO_KNOWN_OFFICE.keys())
def test_a_write_whose_office_is_not_known_moves_every_office(write, two_offices, committed):
    _first, second, (agreement, _other) = two_offices
    ((every_before, _second),) = office_generations_of(second)
    with committed():
        write(agreement)

    ((every_after, _second),) = office_generations_of(second)
    assert every_after > every_before


def test_moving_an_agreement_to_another_office_moves_both_offices(two_offices, committed):
    first, second, (agreement, _other) = two_offices
    before = office_generations_of(first, second)
    with committed():
        agreement.office = second
        agreement.save()

    after = office_generations_of(first, second)
    assert after[0][1] > before[0][1] and after[1][1] > before[1][1] and after[0][0] == before[0][0]


def test_a_rolled_back_write_in_an_office_moves_nothing(two_offices, committed):
    first, _second, (agreement, _other) = two_offices
    before = office_generations_of(first), generation(PUBLIC)
    with committed():
        try:
            with transaction.atomic():
                agreement.title = "Batal"
                agreement.save()
                raise RuntimeError
        except RuntimeError:
            pass

    assert (office_generations_of(first), generation(PUBLIC)) == before


def test_a_failed_save_does_not_claim_the_writes_after_it(two_offices, committed):
    first, second, (agreement, _other) = two_offices
    (every_before, _first), _second = office_generations_of(first, second)
    with committed():
        try:
            with transaction.atomic():
                Agreement(office=first, pk=agreement.pk, title="Sama").save(force_insert=True)
        except IntegrityError:
            pass
        Agreement.objects.filter(office=second).update(title="Lain")

    (every_after, _first), _second = office_generations_of(first, second)
    assert every_after > every_before


def test_every_office_generation_moves_with_everything_changed(two_offices):
    first, _second, _agreements = two_offices
    ((every, _own),) = office_generations_of(first)

    invalidation.everything_changed()

    assert office_generations_of(first)[0][0] > every


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
