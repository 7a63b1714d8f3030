"""The monev report prints each agreement's clauses as signed, an NPHD's grant, and how timely each
commitment was, as the public page shows them."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Commitment
from tests.factories import make_agreement, make_commitment, make_kpu_office, make_kpu_staff
from tests.public.test_agreement_clauses import full_pks, nphd

pytestmark = pytest.mark.django_db


def report_of(client, agreement):
    response = client.get(reverse("workspace:monev_agreement", args=[agreement.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_prints_every_clause_filled_in(staff_client):
    report = report_of(staff_client, full_pks())
    for text in [
        "PP 28/2018",
        "Menyebarluaskan informasi tahapan",
        "Menerima bahan publikasi",
        "Menayangkan jadwal tahapan",
        "APBD Kabupaten Uji 2024",
        "every 3 months",
        "Rapat koordinasi triwulanan",
        "Banjir 1",
        "Terminated on 1 June 2024.",
        "Disepakati para pihak",
        "Musyawarah untuk mufakat",
    ]:
        assert text in report, text


def test_it_prints_an_nphd_s_grant_and_tranches(staff_client):
    report = report_of(staff_client, nphd())
    assert "Disbursement tranches" in report
    assert "Rp30,000,000,000" in report
    assert "Rp500,000,000" in report


def test_it_leaves_out_the_clauses_of_an_agreement_that_records_none(staff_client):
    agreement = full_pks()
    type(agreement).objects.filter(pk=agreement.pk).update(
        legal_basis="",
        purpose="",
        funding="",
        funding_amount=None,
        funding_source="",
        monitoring_every_months=None,
        monitoring_forum="",
        termination_date=None,
        termination_reason="",
        dispute_settlement="",
    )
    agreement.parties.update(rights="", obligations="")
    agreement.force_majeure_events.all().delete()
    assert "Clauses as signed" not in report_of(staff_client, agreement)


def test_it_says_when_each_commitment_was_verified_and_how_late(staff_client):
    agreement = full_pks(events=0)
    today = timezone.localdate()
    make_commitment(
        agreement,
        title="Late one",
        due_kind=Commitment.DueKind.FIXED,
        due_date=today - timedelta(days=10),
        status=Commitment.Status.DONE,
        verified_on=today - timedelta(days=4),
    )
    make_commitment(
        agreement,
        title="On time one",
        due_kind=Commitment.DueKind.FIXED,
        due_date=today,
        status=Commitment.Status.DONE,
        verified_on=today - timedelta(days=1),
    )
    report = report_of(staff_client, agreement)
    assert "6 days late" in report
    assert "on time" in report
    assert f"verified on {(today - timedelta(days=4)):%-d %B %Y}" in report


def test_it_shows_a_deadline_s_original_date_once_it_moved(staff_client):
    agreement = full_pks(events=0)
    commitment = make_commitment(agreement, due_kind=Commitment.DueKind.FIXED, due_date=date(2024, 3, 1))
    commitment.due_date = date(2024, 4, 1)
    commitment.save()
    assert "originally 1 March 2024" in report_of(staff_client, agreement)


def test_it_does_not_name_a_suspended_deadline_moved_to_another_office_s_agreement(client):
    agreement = full_pks()
    moved = agreement.commitments.get()
    moved.title = "Kewajiban yang dipindahkan"
    moved.agreement = make_agreement(kpu=make_kpu_office(slug="kpu-lain"))
    moved.save()
    client.force_login(make_kpu_staff())
    report = report_of(client, agreement)
    assert "Banjir 1" in report
    assert "Kewajiban yang dipindahkan" not in report
