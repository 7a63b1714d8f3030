"""Two transactions changing commitments of one agreement (or of two PKS under one MoU) at once keep its
stored progress equal to a full recount (PostgreSQL, READ COMMITTED): the second recount waits for the
first's row lock and then counts its change, instead of recounting from the snapshot it began with."""

import threading

import pytest
from django.db import connection, transaction

from agreements.models import Agreement, ProgressReport
from agreements.services_reports import report_accept
from tests.concurrency import held_while
from tests.factories import make_agreement, make_commitment, make_kpu_staff, make_report

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers"),
    pytest.mark.django_db(transaction=True),
]


def stored_and_recounted(agreement):
    agreement.refresh_from_db()
    recount = agreement.counted_commitments().progress_totals()
    return (agreement.done_weight, agreement.done_count), (recount.done, recount.done_count)


def accept_both_at_once(first, second):
    """The first review holds its transaction open until the second waits for its lock."""
    first_done, go_on, errors = threading.Event(), threading.Event(), []

    def accept(report, hold):
        try:
            with transaction.atomic():
                report = ProgressReport.objects.get(pk=report.pk)
                report_accept(report=report, reviewer=make_kpu_staff())
                if hold:
                    first_done.set()
                    go_on.wait(timeout=20)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    held_while(lambda: accept(first, True), lambda: accept(second, False), holding=first_done, go_on=go_on)
    assert errors == []


def done_report(agreement):
    return make_report(make_commitment(agreement), claim=ProgressReport.Claim.DONE)


def test_two_reviews_on_one_agreement_at_once_both_count():
    agreement = make_agreement()
    accept_both_at_once(done_report(agreement), done_report(agreement))
    stored, recounted = stored_and_recounted(agreement)
    assert stored == recounted == (2, 2)


def test_two_reviews_on_two_pks_of_one_mou_both_count_in_the_mou():
    mou = make_agreement(kind=Agreement.Kind.MOU)
    first, second = (make_agreement(parent=mou, is_published=True) for _ in range(2))
    accept_both_at_once(done_report(first), done_report(second))
    stored, recounted = stored_and_recounted(mou)
    assert stored == recounted == (2, 2)
