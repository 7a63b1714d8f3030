from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from agreements.models import Commitment, ReminderLog
from tests.factories import assign, make_agreement, make_commitment, make_stage, make_user

MONDAY = date(2024, 1, 8)


def send(today):
    out = StringIO()
    call_command("send_reminders", "--date", today.isoformat(), stdout=out)
    return out.getvalue()


@pytest.fixture
def agreement(agency):
    return make_agreement(agency=agency)


def due(agreement, on, **fields):
    fields.setdefault("title", f"Tenggat {on.isoformat()}")
    return make_commitment(agreement, due_kind="fixed", due_date=on, **fields)


def test_it_emails_one_digest_of_commitments_due_in_30_7_and_0_days(liaison, agreement):
    for days in [0, 7, 30, 31, 45]:
        due(agreement, MONDAY + timedelta(days=days))
    send(MONDAY)
    [email] = mail.outbox
    assert email.to == ["dukcapil@example.org"]
    assert email.subject == "Deadline reminder: 3 commitments"
    assert "== Due today ==" in email.body
    assert "== Due within 7 days ==" in email.body
    assert "== Due within 30 days ==" in email.body
    assert "Tenggat 2024-02-07" in email.body
    assert "Tenggat 2024-02-08" not in email.body


def test_it_sends_nothing_new_when_run_again(liaison, agreement):
    due(agreement, MONDAY + timedelta(days=7))
    send(MONDAY)
    output = send(MONDAY)
    assert len(mail.outbox) == 1
    assert "sent 0 digest(s)" in output


def test_it_sends_each_threshold_once_as_the_date_comes_closer(liaison, agreement):
    due(agreement, MONDAY + timedelta(days=30))
    sent_on = []
    for offset in range(31):
        before = len(mail.outbox)
        send(MONDAY + timedelta(days=offset))
        if len(mail.outbox) > before:
            sent_on.append(offset)
    assert sent_on == [0, 23, 30]
    assert list(ReminderLog.objects.order_by("sent_at", "pk").values_list("threshold", flat=True)) == [
        "30d",
        "7d",
        "0d",
    ]


def test_it_reminds_about_overdue_commitments_once_a_week(liaison, agreement):
    due(agreement, MONDAY - timedelta(days=1))
    sent_on = [offset for offset in range(15) if send(MONDAY + timedelta(days=offset)).count("sent to")]
    assert sent_on == [0, 7, 14]
    assert "== Overdue ==" in mail.outbox[0].body


def test_it_skips_done_and_not_applicable_commitments(liaison, agreement):
    done = due(agreement, MONDAY, title="Selesai")
    Commitment.objects.filter(pk=done.pk).update(status="done")
    due(
        agreement,
        MONDAY,
        title="Tidak berlaku",
        is_not_applicable=True,
        not_applicable_reason="Tidak relevan",
    )
    send(MONDAY)
    assert mail.outbox == []


def test_it_writes_to_the_assigned_liaisons_when_there_are_some(agency, liaison, agreement):
    colleague = make_user("dukcapil2", organisation=agency, email="dua@example.org")
    assign(due(agreement, MONDAY), colleague)
    send(MONDAY)
    assert [email.to for email in mail.outbox] == [["dua@example.org"]]


def test_it_writes_to_every_liaison_of_the_agency_and_nobody_else(
    agency, liaison, agreement, outsider, other_commitment, staff
):
    make_user("kepala", organisation=agency, role="head", email="kepala@example.org")
    make_user("mantan", organisation=agency, email="mantan@example.org").memberships.update(is_active=False)
    make_user("tanpa-email", organisation=agency)
    due(agreement, MONDAY)
    send(MONDAY)
    assert [email.to for email in mail.outbox] == [["dukcapil@example.org"]]
    assert ReminderLog.objects.get().recipient == liaison


def test_it_reminds_again_when_the_stage_moves_the_due_date(liaison, agreement):
    stage = make_stage(start_date=date(2024, 1, 1), end_date=MONDAY + timedelta(days=30))
    commitment = make_commitment(
        agreement, due_kind="stage", due_stage=stage, due_anchor="end", title="Ikut tahapan"
    )
    send(MONDAY)
    assert "== Due within 30 days ==" in mail.outbox[-1].body

    stage.end_date = MONDAY + timedelta(days=5)
    stage.save()
    commitment.refresh_from_db()
    assert commitment.due_on == MONDAY + timedelta(days=5)
    send(MONDAY)
    assert len(mail.outbox) == 2
    assert "== Due within 7 days ==" in mail.outbox[-1].body
    assert "Saturday, 13 January 2024" in mail.outbox[-1].body


def test_it_sends_nothing_and_logs_nothing_on_a_dry_run(liaison, agreement):
    due(agreement, MONDAY)
    out = StringIO()
    call_command("send_reminders", "--date", MONDAY.isoformat(), "--dry-run", stdout=out)
    assert "would send 1 digest(s)" in out.getvalue()
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()


def test_it_keeps_the_lines_for_the_next_run_when_sending_fails(liaison, agreement, monkeypatch):
    due(agreement, MONDAY)

    def fail(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.EmailMessage.send", fail)
        with pytest.raises(ConnectionRefusedError):
            send(MONDAY)
    assert not ReminderLog.objects.exists()
    send(MONDAY)
    assert len(mail.outbox) == 1


def test_it_writes_the_digest_in_indonesian(settings, liaison, agreement):
    settings.LANGUAGE_CODE = "id"
    due(agreement, MONDAY + timedelta(days=7))
    send(MONDAY)
    [email] = mail.outbox
    assert email.subject == "Pengingat tenggat: 1 kewajiban"
    assert "== Jatuh tempo dalam 7 hari ==" in email.body
    assert "Senin, 15 Januari 2024" in email.body


def test_it_refuses_a_date_it_cannot_read(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="is not a date"):
        call_command("send_reminders", "--date", "kemarin")
