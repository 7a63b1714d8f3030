"""The open data carry the clauses: witnesses, funding, the grant, its tranches and realisation, termination,
purpose, rights and obligations, monitoring, disputes and force majeure."""

from datetime import date

import pytest
from django.urls import reverse

from agreements.models import Agreement, GrantTranche, Witness
from tests.factories import make_published_agreement
from tests.public.test_agreement_clauses import full_pks
from tests.public.test_open_data import read_csv, read_json

pytestmark = pytest.mark.django_db


CLAUSE_COLUMNS = [
    "kind",
    "witnesses",
    "funding_amount",
    "funding_source",
    "grant_amount",
    "grant_disbursed",
    "grant_returned_amount",
    "grant_returned_on",
    "termination_date",
    "termination_reason",
]
SIGNED_CLAUSE_COLUMNS = [
    "purpose",
    "second_party_rights",
    "second_party_obligations",
    "monitoring_every_months",
    "monitoring_forum",
    "dispute_settlement",
    "force_majeure_events",
]


@pytest.fixture
def nphd():
    agreement = make_published_agreement(
        kind=Agreement.Kind.NPHD,
        grant_amount=1_000_000,
        grant_returned_amount=50_000,
        grant_returned_on=date(2025, 4, 10),
        funding_source="APBD 2024",
        termination_date=date(2025, 4, 30),
        termination_reason="Seluruh tahapan selesai",
    )
    GrantTranche.objects.create(
        agreement=agreement,
        order=1,
        due_date=date(2023, 11, 24),
        planned_amount=400_000,
        disbursed_on=date(2023, 11, 22),
        disbursed_amount=400_000,
    )
    GrantTranche.objects.create(
        agreement=agreement, order=2, due_date=date(2024, 6, 30), planned_amount=600_000
    )
    Witness.objects.create(agreement=agreement, name="Sekretaris Daerah", order=2)
    Witness.objects.create(
        agreement=agreement, name="Joko", position="Wakil Bupati", organisation="Pemkab Uji", order=1
    )
    return agreement


def test_it_writes_the_clauses_into_the_csv(client, nphd):
    (row,) = read_csv(client.get(reverse("public:agreements_csv")))
    assert {name: row[name] for name in CLAUSE_COLUMNS} == {
        "kind": "nphd",
        "witnesses": "Joko, Wakil Bupati (Pemkab Uji)|Sekretaris Daerah",
        "funding_amount": "",
        "funding_source": "APBD 2024",
        "grant_amount": "1000000",
        "grant_disbursed": "400000",
        "grant_returned_amount": "50000",
        "grant_returned_on": "2025-04-10",
        "termination_date": "2025-04-30",
        "termination_reason": "Seluruh tahapan selesai",
    }


def test_it_gives_numbers_and_lists_in_json(client, nphd):
    (item,) = read_json(client.get(reverse("public:agreements_json")))["agreements"]
    assert (item["witnesses"], item["grant_amount"], item["grant_disbursed"], item["funding_amount"]) == (
        ["Joko, Wakil Bupati (Pemkab Uji)", "Sekretaris Daerah"],
        1_000_000,
        400_000,
        None,
    )


def test_it_leaves_the_grant_empty_for_a_pks(client):
    make_published_agreement(funding_amount=150_000_000)
    (row,) = read_csv(client.get(reverse("public:agreements_csv")))
    assert (row["funding_amount"], row["grant_amount"], row["grant_disbursed"]) == ("150000000", "", "")


def test_it_writes_an_nphd_s_tranches(client, nphd):
    (item,) = read_json(client.get(reverse("public:agreements_json")))["agreements"]
    assert item["grant_tranches"] == ["1; 2023-11-24; 400000; 2023-11-22 400000", "2; 2024-06-30; 600000"]


def test_it_writes_every_other_signed_clause(client):
    agreement = full_pks()
    suspended = agreement.commitments.get()
    (row,) = read_csv(client.get(reverse("public:agreements_csv")))
    assert {name: row[name] for name in SIGNED_CLAUSE_COLUMNS} == {
        "purpose": "Menyebarluaskan informasi tahapan",
        "second_party_rights": "Menerima bahan publikasi",
        "second_party_obligations": "Menayangkan jadwal tahapan",
        "monitoring_every_months": "3",
        "monitoring_forum": "Rapat koordinasi triwulanan",
        "dispute_settlement": "Musyawarah untuk mufakat",
        "force_majeure_events": f"2023-11-06/: Banjir 1 [{suspended.pk}]",
    }
