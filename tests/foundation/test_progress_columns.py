"""The progress an agreement stores always equals a full recount of its commitments (for an MoU, with its
published PKS's), whatever wrote them."""

import pytest
from django.db import connection

from agreements.models import Agreement, Commitment, ProgressReport
from agreements.search_document import search_query
from agreements.services import addendum_apply, agreement_copy_to_election, agreement_unpublish
from agreements.services_reports import report_accept
from tests.factories import (
    make_agreement,
    make_commitment,
    make_election,
    make_kpu_staff,
    make_report,
    second_party,
)

pytestmark = pytest.mark.django_db


def stored_and_recounted():
    """Each agreement's stored figures beside a recount from scratch (Commitment.progress_totals)."""
    pairs = []
    for agreement in Agreement.objects.order_by("pk"):
        recount = agreement.counted_commitments().progress_totals()
        stored = agreement.progress
        pairs.append(
            (
                (stored.done, stored.applicable, stored.count, stored.done_count),
                (recount.done, recount.applicable, recount.count, recount.done_count),
            )
        )
    return pairs


def assert_columns_match():
    for stored, recount in stored_and_recounted():
        assert stored == recount


@pytest.fixture
def agreement():
    agreement = make_agreement()
    for weight in (1, 2, 3):
        make_commitment(agreement, weight=weight)
    return agreement


def test_new_commitments_count_at_once(agreement):
    agreement.refresh_from_db()

    assert (agreement.commitment_count, agreement.applicable_weight) == (3, 6)
    assert_columns_match()


def test_a_verified_report_moves_the_agreement_s_progress(agreement):
    commitment = agreement.commitments.get(weight=3)
    report = make_report(commitment, claim=ProgressReport.Claim.DONE)

    report_accept(report=report, reviewer=make_kpu_staff())

    agreement.refresh_from_db()
    assert (agreement.done_weight, agreement.progress.percent) == (3, 50)
    assert_columns_match()


def test_saving_an_agreement_read_before_a_verification_keeps_the_new_figures(agreement):
    read_earlier = Agreement.objects.get(pk=agreement.pk)
    report = make_report(agreement.commitments.get(weight=3), claim=ProgressReport.Claim.DONE)
    report_accept(report=report, reviewer=make_kpu_staff())

    read_earlier.title = "Retitled in the admin"
    read_earlier.save()

    assert Agreement.objects.get(pk=agreement.pk).done_weight == 3
    assert_columns_match()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda c: (setattr(c, "weight", 9), c.save()), id="weight"),
        pytest.param(
            lambda c: (
                setattr(c, "is_not_applicable", True),
                setattr(c, "not_applicable_reason", "-"),
                c.save(),
            ),
            id="not applicable",
        ),
        pytest.param(lambda c: c.delete(), id="deleted"),
        pytest.param(lambda c: Commitment.objects.filter(pk=c.pk).delete(), id="deleted in bulk"),
        pytest.param(lambda c: (setattr(c, "status", "done"), c.save(update_fields=["status"])), id="status"),
    ],
)
def test_every_change_of_a_commitment_is_counted(agreement, change):
    change(agreement.commitments.get(weight=2))

    assert_columns_match()


def test_a_commitment_moved_by_an_addendum_counts_for_the_pks_and_leaves_the_addendum(agreement):
    addendum = make_agreement(kind=Agreement.Kind.ADDENDUM, parent=agreement)
    make_commitment(addendum, responsible=second_party(agreement), weight=4)

    addendum_apply(addendum=addendum, retire=[agreement.commitments.get(weight=1)])

    agreement.refresh_from_db()
    addendum.refresh_from_db()
    assert (agreement.commitment_count, addendum.commitment_count) == (4, 0)
    assert_columns_match()


def test_a_copy_for_the_next_election_counts_its_own_commitments(agreement):
    copy = agreement_copy_to_election(agreement=agreement, election=make_election()).agreement

    copy.refresh_from_db()
    assert copy.commitment_count == 3
    assert_columns_match()


@pytest.fixture
def mou(agreement):
    """An MoU with one commitment of its own above ``agreement``, a published PKS with weights 1, 2, 3."""
    mou = make_agreement(kind=Agreement.Kind.MOU)
    make_commitment(mou, weight=4)
    Agreement.objects.filter(pk=agreement.pk).update(is_published=True)
    agreement.refresh_from_db()
    agreement.parent = mou
    agreement.save()
    return mou


def test_an_mou_counts_its_published_pks_commitments_with_its_own(mou, agreement):
    report = make_report(agreement.commitments.get(weight=3), claim=ProgressReport.Claim.DONE)
    report_accept(report=report, reviewer=make_kpu_staff())

    mou.refresh_from_db()
    assert (mou.commitment_count, mou.done_count, mou.done_weight, mou.applicable_weight) == (4, 1, 3, 10)
    assert_columns_match()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda a: agreement_unpublish(agreement=a), id="unpublished"),
        pytest.param(lambda a: (setattr(a, "parent", None), a.save()), id="moved away"),
        pytest.param(lambda a: a.delete(), id="deleted"),
        pytest.param(lambda a: make_commitment(a, weight=5), id="commitment added"),
    ],
)
def test_an_mou_follows_every_change_of_its_pks(mou, agreement, change):
    change(agreement)

    assert_columns_match()


def test_an_unpublished_pks_counts_only_for_itself(agreement):
    mou = make_agreement(kind=Agreement.Kind.MOU)
    agreement.refresh_from_db()
    agreement.parent = mou
    agreement.save()

    mou.refresh_from_db()
    assert mou.commitment_count == 0
    assert_columns_match()


def test_a_due_date_change_alone_recounts_nothing(agreement, django_assert_num_queries):
    commitment = agreement.commitments.first()
    commitment.due_offset_days = 5

    # The row and its history entry; no recount.
    with django_assert_num_queries(2):
        commitment.save(update_fields=["due_offset_days"])


# The full-text document follows the same way (PostgreSQL only: SQLite searches by words).


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored document is PostgreSQL's")
@pytest.mark.parametrize(
    "change, word",
    [
        pytest.param(lambda a: (setattr(a, "title", "Pemutakhiran"), a.save()), "pemutakhiran", id="title"),
        pytest.param(
            lambda a: (setattr(p := second_party(a), "name", "Dinas Arsip"), p.save()),
            "arsip",
            id="party name",
        ),
        pytest.param(
            lambda a: (setattr(p := a.parties.get(role="second"), "number", "PKS/77"), p.save()),
            "PKS/77",
            id="number",
        ),
    ],
)
def test_the_search_document_follows_what_it_reads(agreement, change, word):
    change(agreement)

    assert Agreement.objects.filter(search_document=search_query(word)).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored document is PostgreSQL's")
def test_the_search_document_equals_a_rebuild(agreement):
    stored = Agreement.objects.values_list("search_document", flat=True).get(pk=agreement.pk)
    Agreement.objects.filter(pk=agreement.pk).refresh_search()

    assert Agreement.objects.values_list("search_document", flat=True).get(pk=agreement.pk) == stored


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored document is PostgreSQL's")
def test_the_search_document_leaves_a_party_that_moved_to_another_agreement(agreement):
    party = agreement.parties.get(role="second")
    party.number = "PKS/88"
    party.save()
    other = make_agreement()
    other.parties.filter(role="second").delete()

    party.agreement = other
    party.save()

    found = Agreement.objects.filter(search_document=search_query("PKS/88"))
    assert list(found.values_list("pk", flat=True)) == [other.pk]
