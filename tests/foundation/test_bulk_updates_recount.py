"""Commitments and agreements written in bulk (``objects.update``, ``bulk_update``) leave the agreements'
progress columns, search documents and the offices' tallies equal to a full recount, as saves do
(agreements.models.followed_updates, agreements.signals)."""

import pytest
from django.db import connection

from agreements.models import Agreement, Commitment
from agreements.search_document import search_query
from tests.factories import make_agreement, make_kpu_office, make_published_agreement
from tests.foundation.test_progress_columns import assert_columns_match
from tests.foundation.test_tallies import assert_tallies_match, due_in, stages, stored  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(stages):  # noqa: F811
    agreement = make_published_agreement()
    for weight in (1, 2, 3):
        due_in(stages[0], agreement, weight=weight)
    return agreement


def test_an_update_of_weights_and_status_recounts_the_agreement(agreement):
    agreement.commitments.update(weight=5)
    agreement.commitments.filter(weight=5).update(status=Commitment.Status.DONE)

    agreement.refresh_from_db()
    assert (agreement.applicable_weight, agreement.done_weight) == (15, 15)
    assert_columns_match()
    assert_tallies_match()


def test_bulk_update_recounts_what_it_wrote(agreement, stages):  # noqa: F811
    commitments = list(agreement.commitments.order_by("pk"))
    commitments[0].is_not_applicable, commitments[0].not_applicable_reason = True, "Tidak ada pemilihan"
    commitments[1].due_stage = stages[1]

    Commitment.objects.bulk_update(commitments, ["is_not_applicable", "not_applicable_reason", "due_stage"])

    agreement.refresh_from_db()
    assert agreement.applicable_weight == 5
    assert_columns_match()
    assert_tallies_match()


def test_commitments_moved_in_bulk_leave_one_agreement_and_office_and_join_the_other(agreement):
    elsewhere = make_published_agreement(office=make_kpu_office())

    agreement.commitments.filter(weight__gte=2).update(agreement=elsewhere)

    agreement.refresh_from_db(), elsewhere.refresh_from_db()
    assert (agreement.commitment_count, elsewhere.commitment_count) == (1, 2)
    assert_columns_match()
    assert_tallies_match()


def test_an_update_of_what_nothing_counts_recounts_nothing(agreement, django_assert_num_queries):
    with django_assert_num_queries(1):
        agreement.commitments.update(title="Sosialisasi")


def test_an_update_of_a_draft_s_commitments_recounts_its_progress_only():
    draft = make_agreement()
    draft.commitments.create(title="Rapat koordinasi", responsible=draft.parties.first().organisation)
    Commitment.objects.filter(agreement=draft).update(weight=4)

    draft.refresh_from_db()
    assert draft.applicable_weight == 4
    assert_columns_match()
    assert_tallies_match()


def test_a_pks_published_in_bulk_counts_in_its_mou_and_its_office_tallies(agreement):
    mou = make_agreement(kind=Agreement.Kind.MOU, office=agreement.office)
    Agreement.objects.filter(pk=agreement.pk).update(is_published=False, parent=mou, kind=Agreement.Kind.PKS)
    assert Agreement.objects.get(pk=mou.pk).commitment_count == 0

    Agreement.objects.filter(pk=agreement.pk).update(is_published=True)

    assert Agreement.objects.get(pk=mou.pk).commitment_count == 3
    assert_columns_match()
    assert_tallies_match()


def test_agreements_moved_to_another_office_in_bulk_move_their_tallies(agreement):
    elsewhere = make_kpu_office()

    Agreement.objects.filter(pk=agreement.pk).update(office=elsewhere)

    assert {office for office, _stage in stored()} == {elsewhere.pk}
    assert_tallies_match()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored document is PostgreSQL's")
def test_an_agreement_retitled_in_bulk_is_found_by_its_new_title(agreement):
    Agreement.objects.filter(pk=agreement.pk).update(title="Pendidikan pemilih pemula")

    assert Agreement.objects.filter(search_document=search_query("pemula")).exists()
