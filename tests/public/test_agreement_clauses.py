"""The public agreement page shows the clauses in the order of a signed agreement, only those filled in."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, AgreementParty, ForceMajeureEvent, GrantTranche, Witness
from tests.factories import make_commitment, make_published_agreement, make_stage

pytestmark = pytest.mark.django_db

# The sections' headings by id, in the order of a signed agreement.
SIGNED_ORDER = [
    "parties-heading",
    "basis-heading",
    "purpose-heading",
    "scope-heading",
    "rights-heading",
    "term-heading",
    "funding-heading",
    "monitoring-heading",
    "force-majeure-heading",
    "termination-heading",
    "disputes-heading",
    "witnesses-heading",
]


def page_of(client, agreement):
    response = client.get(agreement.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def full_pks(witnesses=1, events=1):
    agreement = make_published_agreement(
        legal_basis="PP 28/2018",
        purpose="Menyebarluaskan informasi tahapan",
        scope="Publikasi jadwal tahapan",
        term_start=date(2023, 1, 2),
        term_end=date(2024, 12, 31),
        funding="Dibebankan pada anggaran masing-masing pihak",
        funding_amount=150_000_000,
        funding_source="APBD Kabupaten Uji 2024",
        monitoring_every_months=3,
        monitoring_forum="Rapat koordinasi triwulanan",
        termination_date=date(2024, 6, 1),
        termination_reason="Disepakati para pihak",
        dispute_settlement="Musyawarah untuk mufakat",
    )
    agreement.parties.filter(role=AgreementParty.Role.SECOND).update(
        rights="Menerima bahan publikasi", obligations="Menayangkan jadwal tahapan"
    )
    commitment = make_commitment(agreement, title="Menayangkan jadwal")
    for n in range(witnesses):
        Witness.objects.create(agreement=agreement, name=f"Saksi {n + 1}", position="Wakil Bupati", order=n)
    for n in range(events):
        event = ForceMajeureEvent.objects.create(
            agreement=agreement, starts_on=date(2023, 11, 6 + n), reason=f"Banjir {n + 1}"
        )
        event.suspended_commitments.add(commitment)
    return agreement


def nphd(tranches=2):
    agreement = make_published_agreement(
        kind=Agreement.Kind.NPHD,
        grant_amount=30_000_000_000,
        grant_returned_amount=500_000_000,
        grant_returned_on=date(2025, 4, 10),
    )
    voting = make_stage(name="Pemungutan suara", start_date=date(2024, 11, 27), end_date=date(2024, 11, 27))
    GrantTranche.objects.create(
        agreement=agreement,
        order=1,
        due_date=date(2023, 11, 24),
        planned_amount=12_000_000_000,
        disbursed_on=date(2023, 11, 22),
        disbursed_amount=12_000_000_000,
    )
    for order in range(2, tranches + 1):
        GrantTranche.objects.create(
            agreement=agreement,
            order=order,
            due_kind=GrantTranche.DueKind.STAGE,
            due_stage=voting,
            due_anchor="start",
            due_offset_days=-150,
            planned_amount=1_000_000,
        )
    return agreement


def test_it_shows_every_clause_in_the_order_of_a_signed_agreement(client):
    page = page_of(client, full_pks())
    positions = [page.index(f'id="{heading}"') for heading in SIGNED_ORDER]
    assert positions == sorted(positions)


def test_it_leaves_out_the_clauses_not_filled_in(client):
    page = page_of(client, make_published_agreement())
    assert [heading for heading in SIGNED_ORDER if f'id="{heading}"' in page] == ["parties-heading"]


def test_it_shows_the_clauses_facts(client):
    page = page_of(client, full_pks())
    for text in [
        "Menerima bahan publikasi",
        "Rp150.000.000",
        "APBD Kabupaten Uji 2024",
        "setiap 3 bulan",
        "Rapat koordinasi triwulanan",
        "Banjir 1",
        "Menayangkan jadwal",
        "Diakhiri pada 1 Juni 2024.",
        "Saksi 1, Wakil Bupati",
    ]:
        assert text in page, text


def test_it_shows_an_nphd_s_grant_tranches_and_realisation(client):
    page = page_of(client, nphd())
    for text in [
        "Rp30.000.000.000",  # the grant
        "Rp12.000.000.000",  # the first tranche, disbursed, and so far all disbursed
        "22 November 2023",
        "belum",  # the second, not yet disbursed
        "30 Juni 2024",  # the second, 150 days before voting
        "mengikuti tahapan “Pemungutan suara”",
        "Rp500.000.000",  # returned
    ]:
        assert text in page, text


def count_queries(client, agreement):
    with CaptureQueriesContext(connection) as queries:
        page_of(client, agreement)
    return len(queries)


def test_it_reads_the_clauses_in_the_same_queries_however_many_rows(client, settings):
    settings.PAGE_CACHE = False
    few = count_queries(client, full_pks(witnesses=1, events=1))
    many = count_queries(client, full_pks(witnesses=12, events=8))
    assert few == many


def test_it_reads_the_tranches_in_the_same_queries_however_many(client, settings):
    settings.PAGE_CACHE = False
    assert count_queries(client, nphd(tranches=2)) == count_queries(client, nphd(tranches=9))


def test_it_says_a_tranche_not_disbursed_by_its_passed_due_date_is_overdue(client):
    agreement = nphd()  # the second tranche was due 30 June 2024 and is not disbursed
    GrantTranche.objects.create(agreement=agreement, order=3, due_date=date(2099, 1, 1), planned_amount=1_000)

    rows = page_of(client, agreement).split('<th scope="row">')[1:]

    assert ["Terlambat" in row for row in rows] == [False, True, False]  # disbursed, late, not yet due
