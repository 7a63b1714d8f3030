"""The agreement's admin form edits its clauses: witnesses, force majeure events and an NPHD's tranches."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Agreement, AgreementParty, ForceMajeureEvent, GrantTranche, Witness
from tests.admin_forms import change_form_data
from tests.factories import (
    make_agreement,
    make_commitment,
    make_document,
    make_organisation,
    make_staff,
    make_stage,
)
from tests.foundation.test_admin_forms import agreement_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff())
    return client


def change_url(agreement):
    return reverse("admin:agreements_agreement_change", args=[agreement.pk])


def submit(client, agreement, **changes):
    """Post the agreement's change form back as a browser would, with ``changes`` typed in."""
    url = change_url(agreement)
    return client.post(url, change_form_data(client.get(url)) | changes)


@pytest.fixture
def nphd():
    agreement = make_agreement(kind=Agreement.Kind.NPHD, grant_amount=1_000_000)
    GrantTranche.objects.create(
        agreement=agreement, order=1, due_date=date(2023, 11, 24), planned_amount=400_000
    )
    return agreement


def tranche_row(index, **fields):
    row = {"order": "2", "planned_amount": "600000", "due_kind": "fixed", "due_date": "30-06-2024"}
    row |= fields
    row.setdefault("due_anchor", "end")
    row.setdefault("due_offset_days", "0")
    return {f"grant_tranches-{index}-{name}": value for name, value in row.items()}


def test_it_shows_the_tranches_on_an_nphd_page(staff_client, nphd):
    page = staff_client.get(change_url(nphd)).content.decode()
    assert 'name="grant_tranches-TOTAL_FORMS"' in page and 'value="400000"' in page


def test_it_offers_no_tranches_on_a_pks_page(staff_client):
    page = staff_client.get(change_url(make_agreement())).content.decode()
    assert "grant_tranches-TOTAL_FORMS" not in page


def test_it_orders_the_sections_as_a_signed_agreement(staff_client):
    page = staff_client.get(reverse("admin:agreements_agreement_add")).content.decode()
    headings = [
        "Dasar hukum, maksud",
        "Jangka waktu",
        "Pembiayaan",
        "Hibah (khusus NPHD)",
        "Pemantauan dan evaluasi",
    ]
    positions = [page.index(heading) for heading in [*headings, "Pengakhiran", "Penyelesaian perselisihan"]]
    assert positions == sorted(positions)


def test_it_saves_a_second_tranche(staff_client, nphd):
    response = submit(staff_client, nphd, **tranche_row(1))
    assert response.status_code == 302
    assert list(nphd.grant_tranches.values_list("order", "planned_amount")) == [(1, 400_000), (2, 600_000)]


def test_it_refuses_tranches_planning_more_than_the_grant_and_saves_nothing(staff_client, nphd):
    response = submit(staff_client, nphd, **tranche_row(1, planned_amount="700000"))
    assert (
        "Tahap-tahap merencanakan Rp1.100.000, lebih dari nilai hibah Rp1.000.000."
        in response.content.decode()
    )
    assert nphd.grant_tranches.count() == 1


def test_it_refuses_a_disbursement_without_its_date(staff_client, nphd):
    response = submit(staff_client, nphd, **tranche_row(1, disbursed_amount="100"))
    assert "Isi tanggal jumlah itu dicairkan." in response.content.decode()
    assert nphd.grant_tranches.count() == 1


def test_it_refuses_tranches_on_a_new_pks(staff_client):
    kpu, agency = make_organisation(), make_organisation()
    data = agreement_form(kpu, agency, responsible=agency)
    data |= {"grant_tranches-TOTAL_FORMS": "1"} | tranche_row(0)
    response = staff_client.post(reverse("admin:agreements_agreement_add"), data)
    assert (
        "Hanya naskah perjanjian hibah daerah (NPHD) yang memiliki tahap pencairan."
        in response.content.decode()
    )
    assert not Agreement.objects.exists()


def test_it_saves_witnesses_and_a_party_s_rights(staff_client):
    agreement = make_agreement()
    response = submit(
        staff_client,
        agreement,
        **{
            "witnesses-0-order": "1",
            "witnesses-0-name": "Joko Purnomo",
            "witnesses-0-position": "Wakil Bupati",
            "parties-1-rights": "Menerima bahan sosialisasi.",
        },
    )
    assert response.status_code == 302
    assert [str(witness) for witness in Witness.objects.all()] == ["Joko Purnomo, Wakil Bupati"]
    assert agreement.parties.get(role=AgreementParty.Role.SECOND).rights == "Menerima bahan sosialisasi."


def test_it_records_a_force_majeure_event_suspending_a_deadline(staff_client):
    agreement = make_agreement()
    commitment = make_commitment(agreement)
    data = {
        "force_majeure_events-TOTAL_FORMS": "1",
        "force_majeure_events-0-starts_on": "01-02-2024",
        "force_majeure_events-0-reason": "Banjir",
        "force_majeure_events-0-suspended_commitments": str(commitment.pk),
    }
    response = submit(staff_client, agreement, **data)
    assert response.status_code == 302
    assert list(ForceMajeureEvent.objects.get().suspended_commitments.all()) == [commitment]


def test_it_refuses_to_suspend_another_agreement_s_deadline(staff_client):
    agreement, elsewhere = make_agreement(), make_commitment()
    data = {
        "force_majeure_events-TOTAL_FORMS": "1",
        "force_majeure_events-0-starts_on": "01-02-2024",
        "force_majeure_events-0-reason": "Banjir",
        "force_majeure_events-0-suspended_commitments": str(elsewhere.pk),
    }
    response = submit(staff_client, agreement, **data)
    assert response.status_code == 200
    assert not ForceMajeureEvent.objects.exists()


def test_it_leaves_the_grant_fields_off_a_saved_pks(staff_client):
    page = staff_client.get(change_url(make_agreement())).content.decode()
    assert 'name="grant_amount"' not in page


def test_it_offers_the_grant_fields_on_an_nphd(staff_client, nphd):
    page = staff_client.get(change_url(nphd)).content.decode()
    assert 'name="grant_amount"' in page and 'name="grant_returned_on"' in page


def nphd_with_rows(count):
    """An NPHD with ``count`` tranches tied to a stage, force majeure events, witnesses and commitments."""
    agreement = make_agreement(kind=Agreement.Kind.NPHD, grant_amount=10**12)
    stage = make_stage()
    for n in range(count):
        commitment = make_commitment(agreement)
        Witness.objects.create(agreement=agreement, name=f"Saksi {n}", order=n)
        GrantTranche.objects.create(
            agreement=agreement, order=n + 1, due_kind="stage", due_stage=stage, planned_amount=1
        )
        event = ForceMajeureEvent.objects.create(
            agreement=agreement, starts_on=date(2024, 1, 1), reason="Banjir"
        )
        event.suspended_commitments.add(commitment)
    return agreement


def page_queries(client, agreement):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(change_url(agreement)).status_code == 200
    return len(queries)


def test_it_reads_the_clause_rows_in_the_same_queries_however_many(staff_client):
    few, many = nphd_with_rows(1), nphd_with_rows(6)
    # Only the commitments' own rows (an existing inline, with its autocomplete fields) may add queries.
    commitments_alone = page_queries(staff_client, commitments_only(6)) - page_queries(
        staff_client, commitments_only(1)
    )
    assert page_queries(staff_client, many) - page_queries(staff_client, few) == commitments_alone


def commitments_only(count):
    agreement = make_agreement(kind=Agreement.Kind.NPHD, grant_amount=10**12)
    make_stage()
    for _ in range(count):
        make_commitment(agreement)
    return agreement


def test_it_saves_an_agreement_with_documents_untouched(staff_client):
    """A stored file was checked when it arrived; its storage name (documents/<uuid>.pdf) is no upload's."""
    agreement = make_agreement()
    document = make_document(agreement)
    assert submit(staff_client, agreement, title="Judul baru").status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Judul baru"
    url = reverse("admin:agreements_document_change", args=[document.pk])
    response = staff_client.post(url, change_form_data(staff_client.get(url)) | {"is_public": ""})
    assert response.status_code == 302
    document.refresh_from_db()
    assert not document.is_public


@pytest.mark.parametrize("field", ["date_signed", "term_start", "term_end", "termination_date"])
def test_it_refuses_an_agreement_date_outside_the_planning_years(staff_client, field):
    agreement = make_agreement()
    response = submit(staff_client, agreement, **{field: "01-11-9999"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field]


def test_it_refuses_a_force_majeure_start_typed_with_a_two_digit_year(staff_client):
    agreement = make_agreement()
    data = {
        "force_majeure_events-TOTAL_FORMS": "1",
        "force_majeure_events-0-starts_on": "01-03-0024",
        "force_majeure_events-0-reason": "Banjir",
    }
    assert submit(staff_client, agreement, **data).status_code == 200
    assert not ForceMajeureEvent.objects.exists()
