"""Two people acting at once: the second gets a clear conflict message and keeps what they typed."""

from django.urls import reverse

from agreements.models import ProgressReport
from tests.factories import make_report, make_staff, make_upload, make_user


def test_it_tells_the_second_reviewer_who_decided_first_and_keeps_their_comment(client, staff, commitment):
    report = make_report(commitment, claim="done")
    colleague = make_staff("kpu2")
    url = reverse("portal:report", args=[report.pk])
    client.force_login(staff)
    client.post(url, {"decision": "accept", "comment": "", "version": 1})

    client.force_login(colleague)
    response = client.post(url, {"decision": "return", "comment": "Kurang foto kegiatan.", "version": 1})
    assert response.status_code == 409
    assert "kpu accepted this report at" in response.text
    assert "Kurang foto kegiatan." in response.text
    report.refresh_from_db()
    assert (report.status, report.reviewer, report.review_comment) == ("accepted", staff, "")


def test_it_refuses_a_decision_taken_on_a_stale_page_even_by_the_same_person(client, staff, commitment):
    report = make_report(commitment)
    client.force_login(staff)
    url = reverse("portal:report", args=[report.pk])
    client.post(url, {"decision": "return", "comment": "Perbaiki.", "version": 1})
    response = client.post(url, {"decision": "accept", "comment": "", "version": 1})
    assert response.status_code == 409
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.RETURNED


def test_it_tells_the_second_liaison_about_the_report_sent_meanwhile_and_keeps_their_text(
    client, liaison, agency, commitment, private_files
):
    colleague = make_user("dukcapil2", organisation=agency, first_name="Budi")
    url = reverse("portal:report_create", args=[commitment.pk])
    client.force_login(colleague)
    client.post(url, {"summary": "Laporan Budi", "claim": "in_progress", "last_report": 0})

    client.force_login(liaison)
    response = client.post(
        url,
        {
            "summary": "Laporan Sri yang panjang",
            "claim": "blocked",
            "blocked_reason": "Server down",
            "links": "https://example.org/a",
            "last_report": 0,
            "files": [make_upload()],
        },
    )
    assert response.status_code == 409
    assert "Budi sent a report on this commitment while you were writing yours." in response.text
    assert "Laporan Budi" in response.text
    for typed in ["Laporan Sri yang panjang", "Server down", "https://example.org/a"]:
        assert typed in response.text
    assert "attach them again" in response.text
    assert ProgressReport.objects.count() == 1
    assert [p for p in private_files.rglob("*") if p.is_file()] == []


def test_the_same_report_sent_twice_is_saved_once_and_the_second_send_lands_on_it(
    client, liaison, commitment
):
    url = reverse("portal:report_create", args=[commitment.pk])
    client.force_login(liaison)
    sent = {"summary": "Data pemilih sudah dikirim", "claim": "in_progress", "last_report": 0}
    client.post(url, sent)

    again = client.post(url, sent, follow=True)

    assert again.redirect_chain == [(reverse("portal:commitment", args=[commitment.pk]), 302)]
    assert "while you were writing yours" not in again.text
    assert ProgressReport.objects.count() == 1


def test_it_accepts_the_second_report_once_the_author_has_seen_the_first(client, liaison, agency, commitment):
    first = make_report(commitment, author=make_user(organisation=agency))
    client.force_login(liaison)
    response = client.post(
        reverse("portal:report_create", args=[commitment.pk]),
        {"summary": "Tambahan", "claim": "in_progress", "last_report": first.pk},
    )
    assert response.status_code == 302
    assert ProgressReport.objects.count() == 2


def test_it_refuses_a_stale_form_once_kpu_has_verified_the_commitment_done(
    client, liaison, staff, commitment
):
    report = make_report(commitment, claim="done")
    client.force_login(liaison)
    form = client.get(reverse("portal:report_create", args=[commitment.pk]))
    assert f'name="last_report" value="{report.pk}"' in form.text

    from agreements.services_reports import report_accept

    report_accept(report=report, reviewer=staff)
    response = client.post(
        reverse("portal:report_create", args=[commitment.pk]),
        {"summary": "Ketinggalan", "claim": "in_progress", "last_report": report.pk},
    )
    assert response.status_code == 400
    assert "already verified as done" in response.text
    assert "Ketinggalan" in response.text


def test_it_accepts_a_report_whose_form_saw_a_report_deleted_since(client, liaison, agency, commitment):
    seen = make_report(commitment, author=make_user(organisation=agency))
    seen_pk = seen.pk
    seen.delete()
    client.force_login(liaison)
    response = client.post(
        reverse("portal:report_create", args=[commitment.pk]),
        {"summary": "Data sudah dikirim", "claim": "in_progress", "last_report": seen_pk},
    )
    assert response.status_code == 302
    assert ProgressReport.objects.get().summary == "Data sudah dikirim"
