import pytest

from agreements.models import Agreement, Commitment
from tests.factories import make_agreement, make_commitment

pytestmark = pytest.mark.django_db
DONE = Commitment.Status.DONE


def test_it_counts_the_verified_done_share_of_commitments():
    agreement = make_agreement()
    make_commitment(agreement, status=DONE)
    make_commitment(agreement)
    make_commitment(agreement)
    make_commitment(agreement, status=Commitment.Status.IN_PROGRESS)
    agreement.refresh_from_db()  # the figures are stored columns
    assert agreement.progress.percent == 25


def test_it_weighs_commitments():
    agreement = make_agreement()
    make_commitment(agreement, status=DONE, weight=3)
    make_commitment(agreement, weight=1)
    agreement.refresh_from_db()  # the figures are stored columns
    assert agreement.progress.percent == 75


def test_it_leaves_out_commitments_that_do_not_apply():
    agreement = make_agreement()
    make_commitment(agreement, status=DONE)
    make_commitment(agreement, is_not_applicable=True, not_applicable_reason="Tidak ada anggaran")
    agreement.refresh_from_db()  # the figures are stored columns
    assert agreement.progress.percent == 100


def test_it_has_no_progress_without_applicable_commitments():
    agreement = make_agreement()
    make_commitment(agreement, is_not_applicable=True, not_applicable_reason="x")
    agreement.refresh_from_db()  # the figures are stored columns
    assert agreement.progress.percent is None
    assert str(agreement.progress) == "–"


def test_it_rounds_down_so_nearly_done_is_not_done():
    agreement = make_agreement()
    make_commitment(agreement, status=DONE, weight=99)
    make_commitment(agreement, weight=1)
    make_commitment(agreement, weight=1, status=DONE)
    agreement.refresh_from_db()  # the figures are stored columns
    assert agreement.progress.percent == 99


def test_it_stores_what_a_recount_in_the_database_gives():
    agreement = make_agreement()
    make_commitment(agreement, status=DONE, weight=2)
    make_commitment(agreement, weight=3)
    make_commitment(agreement, weight=5, is_not_applicable=True, not_applicable_reason="x")
    stored = Agreement.objects.get(pk=agreement.pk)
    assert stored.progress == agreement.commitments.progress_totals()
    assert stored.progress.percent == 40
