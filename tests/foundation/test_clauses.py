"""The clauses of an agreement as data: what each accepts and refuses, with the message a person reads."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from agreements.models import Agreement, ForceMajeureEvent, GrantTranche, Witness
from agreements.models.grants import grant_problems
from tests.factories import make_agreement, make_stage

pytestmark = pytest.mark.django_db


def errors_of(record):
    with pytest.raises(ValidationError) as raised:
        record.full_clean()
    return raised.value.message_dict


def test_it_accepts_an_agreement_with_every_clause_filled():
    agreement = make_agreement(
        purpose="Tujuan",
        funding="Dibebankan pada anggaran masing-masing",
        funding_amount=150_000_000,
        funding_source="APBD 2024",
        monitoring_every_months=3,
        monitoring_forum="Rapat koordinasi",
        termination_date=date(2023, 6, 1),
        termination_reason="Disepakati para pihak",
        dispute_settlement="Musyawarah",
    )
    agreement.full_clean()


def test_it_asks_for_the_termination_date_when_a_reason_is_given():
    agreement = make_agreement(termination_reason="Disepakati para pihak")
    assert "termination_date" in errors_of(agreement)


def test_it_refuses_a_termination_before_signing():
    agreement = make_agreement(date_signed=date(2023, 1, 10), termination_date=date(2023, 1, 9))
    assert errors_of(agreement)["termination_date"] == [
        "Perjanjian tidak dapat berakhir sebelum ditandatangani."
    ]


def test_it_refuses_a_monitoring_interval_of_zero_months():
    agreement = make_agreement(monitoring_every_months=0)
    assert "monitoring_every_months" in errors_of(agreement)


def test_it_refuses_a_grant_amount_on_a_pks():
    agreement = make_agreement(grant_amount=1_000_000)
    assert errors_of(agreement)["grant_amount"] == [
        "Hanya naskah perjanjian hibah daerah (NPHD) yang memiliki nilai hibah."
    ]


def test_it_refuses_a_parent_for_an_nphd():
    mou = make_agreement(kind=Agreement.Kind.MOU)
    nphd = make_agreement(kind=Agreement.Kind.NPHD, parent=mou)
    assert "parent" in errors_of(nphd)


def test_it_refuses_returning_more_than_the_grant():
    nphd = make_agreement(
        kind=Agreement.Kind.NPHD,
        grant_amount=1_000,
        grant_returned_amount=1_001,
        grant_returned_on=date(2025, 3, 1),
    )
    assert "grant_returned_amount" in errors_of(nphd)


def test_it_asks_for_the_date_funds_were_returned():
    nphd = make_agreement(kind=Agreement.Kind.NPHD, grant_amount=1_000, grant_returned_amount=10)
    assert "grant_returned_on" in errors_of(nphd)


def test_it_sums_what_the_tranches_disbursed():
    nphd = make_agreement(kind=Agreement.Kind.NPHD, grant_amount=1_000)
    GrantTranche.objects.create(
        agreement=nphd,
        order=1,
        due_date=date(2024, 1, 1),
        planned_amount=400,
        disbursed_on=date(2024, 1, 2),
        disbursed_amount=350,
    )
    GrantTranche.objects.create(agreement=nphd, order=2, due_date=date(2024, 6, 1), planned_amount=600)
    assert Agreement.objects.get(pk=nphd.pk).grant_disbursed == 350


def test_it_has_no_realisation_for_a_pks():
    assert make_agreement().grant_disbursed is None


def test_it_refuses_tranches_planning_more_than_the_grant():
    problems = grant_problems(grant_amount=1_000, returned_amount=None, tranches=[(600, None), (500, None)])
    assert [str(problem) for problem in problems] == [
        "Tahap-tahap merencanakan Rp1.100, lebih dari nilai hibah Rp1.000."
    ]


def test_it_refuses_disbursements_above_the_grant():
    problems = grant_problems(grant_amount=1_000, returned_amount=None, tranches=[(1_000, 1_200)])
    assert len(problems) == 1 and "Rp1.200" in str(problems[0])


def test_it_refuses_returning_more_than_was_disbursed():
    problems = grant_problems(grant_amount=1_000, returned_amount=500, tranches=[(1_000, 400)])
    assert len(problems) == 1 and "Rp500" in str(problems[0])


def test_it_asks_for_the_grant_before_its_tranches():
    assert grant_problems(grant_amount=None, returned_amount=None, tranches=[(100, None)])


def test_it_accepts_tranches_within_the_grant():
    assert grant_problems(grant_amount=1_000, returned_amount=100, tranches=[(400, 400), (600, None)]) == []


def test_it_asks_a_fixed_tranche_for_its_planned_date():
    tranche = GrantTranche(agreement=make_agreement(kind=Agreement.Kind.NPHD), order=1, planned_amount=1)
    assert "due_date" in errors_of(tranche)


def test_it_asks_for_the_disbursement_date_with_the_amount():
    tranche = GrantTranche(
        agreement=make_agreement(kind=Agreement.Kind.NPHD),
        order=1,
        due_date=date(2024, 1, 1),
        planned_amount=10,
        disbursed_amount=10,
    )
    assert "disbursed_on" in errors_of(tranche)


def test_it_dates_a_stage_tied_tranche_from_its_stage():
    stage = make_stage(start_date=date(2024, 11, 27), end_date=date(2024, 11, 27))
    tranche = GrantTranche.objects.create(
        agreement=make_agreement(kind=Agreement.Kind.NPHD),
        order=2,
        due_kind=GrantTranche.DueKind.STAGE,
        due_stage=stage,
        due_anchor="start",
        due_offset_days=-150,
        planned_amount=600,
    )
    assert tranche.due_on == date(2024, 6, 30)


def test_it_refuses_a_force_majeure_event_ending_before_it_starts():
    event = ForceMajeureEvent(
        agreement=make_agreement(), starts_on=date(2024, 2, 1), ends_on=date(2024, 1, 31), reason="Banjir"
    )
    assert "ends_on" in errors_of(event)


def test_it_lists_witnesses_in_signing_order():
    agreement = make_agreement()
    Witness.objects.create(agreement=agreement, name="Kedua", order=2)
    Witness.objects.create(agreement=agreement, name="Pertama", position="Wakil Bupati", order=1)
    assert [str(witness) for witness in agreement.witnesses.all()] == ["Pertama, Wakil Bupati", "Kedua"]
