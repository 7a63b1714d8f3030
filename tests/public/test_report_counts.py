"""How many progress reports KPU staff accepted and returned: a count on the commitments files and the
public commitment, the two agreeing; never a report's text, evidence or author."""

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import ProgressReport
from tests.factories import (
    make_commitment,
    make_evidence,
    make_published_agreement,
    make_report,
    make_staff,
    make_user,
)
from tests.public.test_open_data import read_csv, read_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment():
    commitment = make_commitment(make_published_agreement(), title="Pemutakhiran data")
    author = make_user("penghubung-rahasia", organisation=commitment.responsible)
    reviewer = make_staff("peninjau-rahasia")
    for status in ("accepted", "accepted", "returned", "submitted"):
        review = {} if status == "submitted" else {"reviewer": reviewer, "reviewed_at": timezone.now()}
        review["review_comment"] = "Komentar rahasia" if review else ""
        report = make_report(
            commitment, author=author, status=status, summary=f"Ringkasan rahasia {status}", **review
        )
        make_evidence(report, name="bukti-rahasia.pdf")
    make_commitment(commitment.agreement, title="Tanpa laporan")
    return commitment


def test_it_counts_accepted_and_returned_reports_in_the_commitments_files(client, commitment):
    rows = read_csv(client.get(reverse("public:commitments_csv")))
    items = read_json(client.get(reverse("public:commitments_json")))["commitments"]

    counts = {row["title"]: (row["reports_accepted"], row["reports_returned"]) for row in rows}
    assert counts == {"Pemutakhiran data": ("2", "1"), "Tanpa laporan": ("0", "0")}
    assert [(item["reports_accepted"], item["reports_returned"]) for item in items] == [(2, 1), (0, 0)]


def test_it_shows_the_same_counts_on_the_public_commitment(client, commitment):
    text = client.get(f"/en/agreements/{commitment.agreement_id}/").content.decode()

    assert text.count("2 accepted, 1 returned for revision") == 1


def test_it_shows_the_same_counts_in_the_agencys_list_of_commitments(client, commitment):
    text = client.get(f"/en/agencies/{commitment.responsible.slug}/").content.decode()

    assert text.count("2 accepted, 1 returned for revision") == 1


def test_it_says_nothing_of_reports_on_a_commitment_without_reviewed_ones(client):
    commitment = make_commitment(make_published_agreement())
    make_report(commitment, status=ProgressReport.Status.SUBMITTED)

    text = client.get(f"/en/agreements/{commitment.agreement_id}/").content.decode()

    assert "returned for revision" not in text


def test_it_never_publishes_report_text_evidence_or_authors(client, commitment):
    texts = [
        client.get(reverse(f"public:{name}")).getvalue().decode("utf-8-sig")
        for name in ("commitments_csv", "commitments_json", "commitments_excel")
    ]
    texts.append(client.get(f"/en/agreements/{commitment.agreement_id}/").content.decode())

    for text in texts:
        assert "rahasia" not in text
