"""Timeliness as public facts: original and verified dates, every due-date move with its reason, days late,
and the final "not carried out" state (docs/domain.md, "Timeliness")."""

from datetime import date

import pytest
from django.utils import timezone

from agreements.models import Commitment, DueDateChange, ProgressReport
from agreements.services_reports import ReportRejected, report_accept, report_submit
from agreements.services_timeliness import NotCarriedOutError, commitment_mark_not_carried_out
from tests.factories import make_commitment, make_kpu_staff, make_report, make_stage, make_user

pytestmark = pytest.mark.django_db

FIXED = Commitment.DueKind.FIXED


def fixed(day, **fields):
    return make_commitment(due_kind=FIXED, due_date=day, **fields)


def redate(commitment, day, **attributes):
    commitment.due_date = day
    for name, value in attributes.items():
        setattr(commitment, name, value)
    commitment.save()


def test_it_keeps_the_first_due_date_as_the_original():
    commitment = fixed(date(2024, 3, 1))
    redate(commitment, date(2024, 4, 1))
    commitment.refresh_from_db()
    assert (commitment.original_due_on, commitment.due_on) == (date(2024, 3, 1), date(2024, 4, 1))


def test_it_takes_the_first_due_date_given_later_as_the_original():
    commitment = make_commitment()
    commitment.due_kind = FIXED
    redate(commitment, date(2024, 5, 1))
    commitment.refresh_from_db()
    assert commitment.original_due_on == date(2024, 5, 1)


def test_a_saved_move_is_recorded_as_a_correction_by_default():
    commitment = fixed(date(2024, 3, 1))
    staff = make_kpu_staff()
    redate(commitment, date(2024, 4, 1), _history_user=staff)
    change = commitment.due_date_changes.get()
    assert (change.old_due_on, change.new_due_on, change.reason, change.changed_by) == (
        date(2024, 3, 1),
        date(2024, 4, 1),
        DueDateChange.Reason.CORRECTION,
        staff,
    )


def test_a_saved_move_keeps_the_reason_and_note_given():
    commitment = fixed(date(2024, 3, 1))
    redate(
        commitment,
        date(2024, 4, 1),
        due_change_reason=DueDateChange.Reason.FORCE_MAJEURE,
        due_change_note="Banjir",
    )
    change = Commitment.objects.get(pk=commitment.pk).due_date_changes.get()
    assert (change.reason, change.note) == (DueDateChange.Reason.FORCE_MAJEURE, "Banjir")


def test_a_save_without_a_move_records_nothing():
    commitment = fixed(date(2024, 3, 1))
    commitment.title = "Judul baru"
    commitment.save()
    Commitment.objects.get(pk=commitment.pk).save()
    assert not DueDateChange.objects.exists()


def test_a_stage_move_records_each_commitment_s_move_with_who_moved_it():
    stage = make_stage(start_date=date(2024, 5, 31), end_date=date(2024, 9, 23))
    commitment = make_commitment(due_kind=Commitment.DueKind.STAGE, due_stage=stage)
    staff = make_kpu_staff()
    stage.end_date, stage._history_user = date(2024, 10, 1), staff
    stage.save()
    change = commitment.due_date_changes.get()
    assert (
        change.old_due_on,
        change.new_due_on,
        change.reason,
        change.changed_by,
        stage.name in change.explained_note,
    ) == (
        date(2024, 9, 23),
        date(2024, 10, 1),
        DueDateChange.Reason.STAGE_MOVE,
        staff,
        True,
    )


def test_a_stage_move_leaves_the_original_due_date():
    stage = make_stage(start_date=date(2024, 5, 31), end_date=date(2024, 9, 23))
    commitment = make_commitment(due_kind=Commitment.DueKind.STAGE, due_stage=stage)
    stage.end_date = date(2024, 10, 1)
    stage.save()
    commitment.refresh_from_db()
    assert (commitment.original_due_on, commitment.due_on) == (date(2024, 9, 23), date(2024, 10, 1))


def test_accepting_a_done_report_records_the_verified_date():
    report = make_report(fixed(date(2024, 3, 1)), claim=ProgressReport.Claim.DONE)
    report_accept(report=report, reviewer=make_kpu_staff())
    commitment = Commitment.objects.get(pk=report.commitment_id)
    today = timezone.localdate()
    assert (commitment.verified_on, commitment.days_late()) == (today, (today - date(2024, 3, 1)).days)


def test_accepting_a_report_that_does_not_complete_leaves_no_verified_date():
    report = make_report(fixed(date(2024, 3, 1)), claim=ProgressReport.Claim.IN_PROGRESS)
    report_accept(report=report, reviewer=make_kpu_staff())
    assert Commitment.objects.get(pk=report.commitment_id).verified_on is None


@pytest.mark.parametrize(
    ("fields", "today", "late"),
    [
        ({"status": "done", "verified_on": date(2024, 3, 4)}, date(2024, 9, 1), 3),
        ({"status": "done", "verified_on": date(2024, 2, 20)}, date(2024, 9, 1), 0),
        ({"status": "done", "verified_on": None}, date(2024, 9, 1), None),
        ({"status": "in_progress"}, date(2024, 3, 11), 10),
        ({"status": "in_progress"}, date(2024, 2, 1), 0),
        ({"status": "not_carried_out"}, date(2024, 9, 1), None),
        ({"is_not_applicable": True}, date(2024, 9, 1), None),
    ],
)
def test_days_late_count_to_the_verified_date_or_today_while_open(fields, today, late):
    commitment = Commitment(due_on=date(2024, 3, 1), **fields)
    assert commitment.days_late(today) == late


def test_days_late_need_a_due_date():
    assert Commitment(status="in_progress").days_late(date(2024, 9, 1)) is None


def test_staff_mark_an_open_commitment_not_carried_out_with_a_reason():
    commitment = fixed(date(2024, 3, 1))
    assert commitment_mark_not_carried_out(commitment=commitment, reason="Anggaran tidak tersedia")
    commitment.refresh_from_db()
    assert (commitment.status, commitment.not_carried_out_reason, commitment.is_open) == (
        Commitment.Status.NOT_CARRIED_OUT,
        "Anggaran tidak tersedia",
        False,
    )


def test_not_carried_out_needs_a_reason():
    with pytest.raises(NotCarriedOutError):
        commitment_mark_not_carried_out(commitment=fixed(date(2024, 3, 1)), reason="  ")


def test_a_done_commitment_cannot_be_marked_not_carried_out():
    commitment = fixed(date(2024, 3, 1))
    Commitment.objects.filter(pk=commitment.pk).update(status=Commitment.Status.DONE)
    with pytest.raises(NotCarriedOutError):
        commitment_mark_not_carried_out(commitment=commitment, reason="Terlambat")


def test_not_carried_out_counts_as_not_done_and_is_neither_open_nor_overdue():
    done = fixed(date(2024, 3, 1))
    Commitment.objects.filter(pk=done.pk).update(status=Commitment.Status.DONE)
    failed = fixed(date(2024, 3, 1), agreement=done.agreement)
    commitment_mark_not_carried_out(commitment=failed, reason="Tidak dilaksanakan")
    commitments = Commitment.objects.filter(agreement=done.agreement)
    assert (
        str(commitments.progress_totals()),
        commitments.open().count(),
        commitments.overdue().count(),
    ) == (
        "50%",
        0,
        0,
    )


def test_a_report_on_a_commitment_not_carried_out_is_not_accepted():
    commitment = fixed(date(2024, 3, 1))
    report = make_report(commitment, claim=ProgressReport.Claim.DONE)
    commitment_mark_not_carried_out(commitment=commitment, reason="Tidak dilaksanakan")
    with pytest.raises(ReportRejected):
        report_accept(report=report, reviewer=make_kpu_staff())


def test_a_commitment_not_carried_out_takes_no_more_reports():
    commitment = fixed(date(2024, 3, 1))
    commitment_mark_not_carried_out(commitment=commitment, reason="Tidak dilaksanakan")
    with pytest.raises(ReportRejected):
        report_submit(
            commitment=commitment,
            author=make_user(organisation=commitment.responsible),
            summary="Sudah dikerjakan",
            claim=ProgressReport.Claim.DONE,
        )
