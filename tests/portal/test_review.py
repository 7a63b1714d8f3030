from datetime import UTC, datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from agreements.models import Commitment, ProgressReport
from agreements.services_reports import ReportRejected, report_accept, report_return
from tests.factories import make_commitment, make_report


def review(client, report, decision, comment=""):
    return client.post(
        reverse("portal:report", args=[report.pk]),
        {"decision": decision, "comment": comment, "version": report.version},
    )


@pytest.fixture
def done_report(commitment, liaison):
    return make_report(commitment, author=liaison, claim="done", summary="Data sudah diserahkan.")


def test_it_lists_submitted_reports_oldest_first_in_the_queue(client, staff, commitment, other_commitment):
    first = make_report(commitment, summary="Pertama")
    second = make_report(other_commitment, summary="Kedua")
    make_report(commitment, status="accepted", reviewer=staff, reviewed_at="2024-01-01T00:00Z")
    client.force_login(staff)
    page = client.get(reverse("portal:verify")).text
    assert "2 reports awaiting review" in page
    assert page.index(reverse("portal:report", args=[first.pk])) < page.index(
        reverse("portal:report", args=[second.pk])
    )


def test_it_makes_the_commitment_done_when_kpu_accepts_a_done_report(
    client, staff, done_report, commitment, django_capture_on_commit_callbacks
):
    agreement = commitment.agreement
    make_commitment(agreement)
    agreement.refresh_from_db()
    assert agreement.progress.percent == 0
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = review(client, done_report, "accept", "Terima kasih.")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:verify")
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.DONE
    assert commitment.status_changed_at is not None
    agreement.refresh_from_db()
    assert agreement.progress.percent == 50


@pytest.mark.parametrize("claim", ["in_progress", "blocked"])
def test_it_sets_the_claimed_status_on_accept(staff, commitment, liaison, claim):
    report = make_report(commitment, author=liaison, claim=claim, blocked_reason="Menunggu data")
    report_accept(report=report, reviewer=staff)
    commitment.refresh_from_db()
    assert commitment.status == claim


def test_it_emails_the_author_when_a_report_is_accepted(
    client, staff, done_report, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        review(client, done_report, "accept", "Lengkap.")
    [email] = mail.outbox
    assert email.to == ["dukcapil@example.org"]
    assert email.subject == "Report accepted: Menyediakan data kependudukan"
    assert "Lengkap." in email.body
    assert f"/portal/commitments/{done_report.commitment_id}/" in email.body


def test_it_returns_a_report_with_a_comment_and_emails_the_author(
    client, staff, done_report, commitment, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = review(client, done_report, "return", "Lampirkan berita acara serah terima.")
    assert response.status_code == 302
    done_report.refresh_from_db()
    assert done_report.status == ProgressReport.Status.RETURNED
    assert done_report.review_comment == "Lampirkan berita acara serah terima."
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.NOT_STARTED
    [email] = mail.outbox
    assert email.subject == "Report returned: Menyediakan data kependudukan"
    assert "Lampirkan berita acara serah terima." in email.body


def test_it_asks_for_a_comment_before_returning(client, staff, done_report):
    client.force_login(staff)
    response = review(client, done_report, "return", "  ")
    assert response.status_code == 400
    assert "Say what the agency should change before returning the report." in response.text
    done_report.refresh_from_db()
    assert done_report.status == ProgressReport.Status.SUBMITTED


def test_it_sends_no_email_when_the_author_has_none(
    client, staff, commitment, django_capture_on_commit_callbacks
):
    report = make_report(commitment)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = review(client, report, "accept")
    assert response.status_code == 302
    assert mail.outbox == []


def test_it_leaves_telling_the_author_to_the_portal_not_the_review_service(
    staff, done_report, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report_accept(report=done_report, reviewer=staff)
    assert mail.outbox == []


def test_it_keeps_the_decision_when_the_mail_server_is_down(
    client, staff, done_report, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = review(client, done_report, "accept")
    assert response.status_code == 302
    done_report.refresh_from_db()
    assert done_report.status == ProgressReport.Status.ACCEPTED


def test_it_keeps_a_verified_done_commitment_done(staff, commitment, liaison):
    report_accept(report=make_report(commitment, author=liaison, claim="done"), reviewer=staff)
    later = make_report(commitment, author=liaison, claim="in_progress")
    with pytest.raises(ReportRejected, match="already verified as done"):
        report_accept(report=later, reviewer=staff)
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.DONE


def test_it_records_who_reviewed_and_changed_the_status_in_the_audit_history(
    client, staff, done_report, commitment
):
    client.force_login(staff)
    review(client, done_report, "accept")
    report_entry = done_report.history.latest("history_date")
    assert (report_entry.history_user, report_entry.status) == (staff, "accepted")
    commitment_entry = commitment.history.latest("history_date")
    assert (commitment_entry.history_user, commitment_entry.status) == (staff, "done")


def test_it_lets_only_staff_review_through_the_service(liaison, done_report):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        report_return(report=done_report, reviewer=liaison, comment="x")


def test_it_shows_staff_the_review_form_and_liaisons_only_the_decision(client, staff, liaison, done_report):
    client.force_login(liaison)
    assert 'value="accept"' not in client.get(reverse("portal:report", args=[done_report.pk])).text
    client.force_login(staff)
    assert 'value="accept"' in client.get(reverse("portal:report", args=[done_report.pk])).text


@pytest.mark.django_db
def test_a_report_is_named_by_its_commitment_and_the_day_it_was_sent_in_the_readers_words():
    report = make_report(make_commitment(title="Sosialisasi"))
    report.submitted_at = datetime(2024, 2, 14, 20, 0, tzinfo=UTC)  # 15 February in Jakarta

    with translation.override("id"):
        assert str(report).endswith("“Sosialisasi”, 15 Februari 2024")
