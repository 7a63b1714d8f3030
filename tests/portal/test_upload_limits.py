"""A liaison cannot fill the disk: an upload rate limit per user and a storage quota per agency."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import http_date

from agreements.models import Evidence, ProgressReport
from agreements.services_reports import UploadLimitReached, report_submit
from tests.factories import make_commitment, make_evidence, make_report, make_staff, make_upload, make_user
from tests.pdfs import pdf_of_size

MB = 1_000_000


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.UPLOAD_RATE_LIMIT_BYTES = 2 * MB
    settings.UPLOAD_RATE_WINDOW_MINUTES = 60
    settings.AGENCY_STORAGE_QUOTA_MB = 5


def stored(commitment, author, size, *, minutes_ago=10):
    """Evidence of ``size`` bytes that ``author`` uploaded ``minutes_ago``, on whole minutes."""
    evidence = make_evidence(make_report(commitment, author=author), content=b"0" * size)
    uploaded_at = timezone.now().replace(second=0, microsecond=0) - timedelta(minutes=minutes_ago)
    Evidence.objects.filter(pk=evidence.pk).update(uploaded_at=uploaded_at)
    return uploaded_at


def newest_report(commitment):
    return commitment.reports.order_by("-pk").values_list("pk", flat=True).first() or 0


def post_report(client, commitment, files, summary="Rapat koordinasi data pemilih, 12 Mei."):
    return client.post(
        reverse("portal:report_create", args=[commitment.pk]),
        {
            "summary": summary,
            "claim": "in_progress",
            "last_report": newest_report(commitment),
            "files": files,
        },
    )


def test_it_refuses_files_over_the_rate_limit_and_says_when_to_try_again(client, liaison, commitment):
    uploaded_at = stored(commitment, liaison, 1_500_000)
    client.force_login(liaison)
    response = post_report(client, commitment, [make_upload("notulen.pdf", pdf_of_size(600_000))])
    assert response.status_code == 429
    retry_at = timezone.localtime(uploaded_at + timedelta(minutes=60))
    assert response["Retry-After"] == http_date(retry_at.timestamp())
    assert "You have uploaded 1.5 MB in the last 60 minutes, and at most 2 MB is allowed." in response.text
    # Late in the evening (Jakarta time) the hour falls tomorrow, and the message names the day too.
    shown = "TIME_FORMAT" if retry_at.date() == timezone.localdate() else "DATETIME_FORMAT"
    assert f"You can send these files from {date_format(retry_at, shown)}" in response.text


def test_it_keeps_the_typed_report_and_asks_for_the_files_again(client, liaison, commitment):
    stored(commitment, liaison, 1_500_000)
    client.force_login(liaison)
    response = post_report(
        client, commitment, [make_upload("notulen.pdf", pdf_of_size(600_000))], summary="Rapat 12 Mei."
    )
    assert "Rapat 12 Mei." in response.text
    assert "Files cannot be kept between submissions: attach them again." in response.text
    assert ProgressReport.objects.count() == 1


def test_it_names_the_time_when_enough_uploads_have_left_the_window(client, liaison, commitment):
    stored(commitment, liaison, 900_000, minutes_ago=50)
    second = stored(commitment, liaison, 900_000, minutes_ago=20)
    client.force_login(liaison)
    response = post_report(client, commitment, [make_upload("foto.pdf", pdf_of_size(1_200_000))])
    assert response["Retry-After"] == http_date((second + timedelta(minutes=60)).timestamp())


def test_it_accepts_the_report_without_files_while_the_limit_holds(client, liaison, commitment):
    stored(commitment, liaison, 1_900_000)
    client.force_login(liaison)
    assert post_report(client, commitment, []).status_code == 302


def test_it_forgets_uploads_older_than_the_window(client, liaison, commitment):
    stored(commitment, liaison, 1_900_000, minutes_ago=61)
    client.force_login(liaison)
    assert post_report(client, commitment, [make_upload("foto.pdf", pdf_of_size(600_000))]).status_code == 302


def test_it_counts_each_users_uploads_on_their_own(client, liaison, commitment, agency):
    stored(commitment, make_user("rekan", organisation=agency), 1_900_000)
    client.force_login(liaison)
    assert post_report(client, commitment, [make_upload("foto.pdf", pdf_of_size(600_000))]).status_code == 302


def test_it_refuses_files_larger_together_than_the_limit_itself(client, liaison, commitment, settings):
    settings.UPLOAD_RATE_LIMIT_BYTES = MB
    client.force_login(liaison)
    response = post_report(
        client, commitment, [make_upload(f"{n}.pdf", pdf_of_size(600_000)) for n in (1, 2)]
    )
    assert response.status_code == 400
    assert (
        "These files are 1.2 MB together, more than the 1 MB anyone may upload in 60 minutes" in response.text
    )
    assert "Retry-After" not in response


def test_it_refuses_files_over_the_agency_quota(client, liaison, commitment, staff):
    # Everything on the agency's commitments counts, whoever uploaded it and however long ago.
    stored(commitment, staff, 1_800_000, minutes_ago=60 * 24 * 400)
    stored(make_commitment(commitment.agreement, responsible=commitment.responsible), staff, 3_000_000)
    client.force_login(liaison)
    response = post_report(client, commitment, [make_upload("foto.pdf", pdf_of_size(300_000))])
    assert response.status_code == 400
    assert (
        "Your agency's storage for evidence is full: 4.8 MB of 5 MB is used and these files need 0.3 MB."
        in response.text.replace("&#x27;", "'")
    )
    assert Evidence.objects.count() == 2


def test_it_counts_only_the_agencys_own_evidence_against_its_quota(
    client, liaison, commitment, staff, other_commitment
):
    stored(other_commitment, staff, 4_800_000, minutes_ago=600)
    client.force_login(liaison)
    assert post_report(client, commitment, [make_upload("foto.pdf", pdf_of_size(300_000))]).status_code == 302


def test_the_service_enforces_the_limits_for_every_caller(liaison, commitment, private_files):
    stored(commitment, liaison, 1_900_000)
    with pytest.raises(UploadLimitReached) as refused:
        report_submit(
            commitment=commitment,
            author=liaison,
            summary="Lewat skrip.",
            claim="in_progress",
            files=[make_upload("foto.pdf", pdf_of_size(600_000))],
        )
    assert refused.value.code == "rate_limit"
    assert ProgressReport.objects.count() == 1
    assert len(list((private_files / "evidence").iterdir())) == 1


def test_it_says_so_in_indonesian(client, liaison, commitment, settings):
    settings.LANGUAGE_CODE = "id"
    stored(commitment, liaison, 1_500_000)
    client.force_login(liaison)
    response = post_report(client, commitment, [make_upload("notulen.pdf", pdf_of_size(600_000))])
    assert "Anda telah mengunggah 1,5 MB dalam 60 menit terakhir" in response.text


def test_it_limits_staff_too(client, commitment):
    staff = make_staff("petugas")
    stored(commitment, staff, 1_900_000)
    client.force_login(staff)
    response = post_report(client, commitment, [make_upload("foto.pdf", pdf_of_size(600_000))])
    assert response.status_code == 429
