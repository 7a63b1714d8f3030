"""Staff see the workflow's records and their audit trail in the admin, and assign liaisons there."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements.models import CommitmentAssignment
from agreements.services_reports import report_accept, report_submit
from portal.reminders import reminders_send
from tests.factories import assign, make_upload


@pytest.fixture
def accepted_report(commitment, liaison, staff):
    report = report_submit(
        commitment=commitment, author=liaison, summary="Selesai", claim="done", files=[make_upload()]
    )
    return report_accept(report=report, reviewer=staff)


def test_it_lists_and_shows_reports_evidence_assignments_and_reminders(
    client, staff, accepted_report, liaison
):
    assign(accepted_report.commitment, liaison)
    client.force_login(staff)
    for name in ["progressreport", "evidence", "commitmentassignment", "reminderlog"]:
        assert client.get(reverse(f"admin:agreements_{name}_changelist")).status_code == 200, name
    page = client.get(reverse("admin:agreements_progressreport_change", args=[accepted_report.pk]))
    assert page.status_code == 200
    assert reverse("portal:evidence", args=[accepted_report.evidence.get().pk]) in page.text


def test_it_opens_a_report_and_its_evidence_in_the_portal_from_the_admin(client, staff, accepted_report):
    evidence = accepted_report.evidence.get()
    client.force_login(staff)
    report_page = client.get(reverse("admin:agreements_progressreport_change", args=[accepted_report.pk]))
    evidence_page = client.get(reverse("admin:agreements_evidence_change", args=[evidence.pk]))
    report_url = reverse("portal:report", args=[accepted_report.pk])
    assert f'href="{report_url}" class="viewsitelink"' in report_page.text
    evidence_url = reverse("portal:evidence", args=[evidence.pk])
    assert f'href="{evidence_url}" class="viewsitelink"' in evidence_page.text


def test_it_shows_who_submitted_and_who_accepted_in_the_report_history(client, staff, accepted_report):
    client.force_login(staff)
    page = client.get(reverse("admin:agreements_progressreport_history", args=[accepted_report.pk]))
    authors = [entry.history_user.username for entry in page.context["page_obj"].object_list]
    assert authors == ["kpu", "dukcapil"]


def test_it_shows_who_changed_the_commitment_status_in_its_history(client, staff, accepted_report):
    client.force_login(staff)
    url = reverse("admin:agreements_commitment_history", args=[accepted_report.commitment_id])
    newest = client.get(url).context["page_obj"].object_list[0]
    assert (newest.history_user.username, newest.status) == ("kpu", "done")


def test_it_keeps_reports_out_of_reach_of_admin_edits(client, staff, accepted_report):
    client.force_login(staff)
    assert client.get(reverse("admin:agreements_progressreport_add")).status_code == 403
    page = client.get(reverse("admin:agreements_progressreport_change", args=[accepted_report.pk])).text
    assert 'name="_save"' not in page


def test_it_lets_staff_assign_liaisons_on_the_commitment_page(client, staff, commitment):
    client.force_login(staff)
    page = client.get(reverse("admin:agreements_commitment_change", args=[commitment.pk])).text
    assert "assignments-TOTAL_FORMS" in page


def test_it_refuses_to_assign_someone_outside_the_responsible_organisation(commitment, outsider, liaison):
    with pytest.raises(ValidationError, match="Only an active member"):
        CommitmentAssignment(commitment=commitment, user=outsider).full_clean()
    CommitmentAssignment(commitment=commitment, user=liaison).full_clean()


def test_it_logs_reminders_for_staff_to_see(client, staff, commitment, liaison):
    from datetime import timedelta

    from django.utils import timezone

    commitment.due_kind, commitment.due_date = "fixed", timezone.localdate() + timedelta(days=7)
    commitment.save()
    reminders_send(today=timezone.localdate())
    client.force_login(staff)
    page = client.get(reverse("admin:agreements_reminderlog_changelist")).text
    assert "Due in 7 days" in page
    assert "dukcapil" in page
