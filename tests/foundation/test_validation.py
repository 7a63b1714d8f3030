from datetime import date

import pytest
from django.core.exceptions import ValidationError

from agreements.models import Agreement, AgreementParty, Commitment
from tests.factories import make_agreement, make_commitment, make_organisation, make_stage

pytestmark = pytest.mark.django_db


def errors_of(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_it_refuses_a_term_that_ends_before_it_starts():
    agreement = make_agreement(term_start=date(2023, 1, 1), term_end=date(2022, 12, 31))
    assert "term_end" in errors_of(agreement)


def test_it_refuses_a_commitment_of_an_organisation_that_is_not_a_party():
    commitment = make_commitment()
    commitment.responsible = make_organisation()
    assert "responsible" in errors_of(commitment)


def test_it_accepts_a_commitment_of_either_party():
    agreement = make_agreement()
    for party in agreement.parties.all():
        make_commitment(agreement, responsible=party.organisation).full_clean()


def test_it_refuses_an_agreement_number_used_twice_by_the_same_party():
    agency = make_organisation()
    first = make_agreement(agency=agency)
    number = first.parties.get(organisation=agency).number
    second = make_agreement(agency=agency)
    party = second.parties.get(organisation=agency)
    party.number = number
    assert "sudah memakai nomor perjanjian ini" in str(errors_of(party))


def test_it_allows_two_parties_to_use_the_same_number():
    first = make_agreement()
    party = make_agreement().parties.get(role=AgreementParty.Role.SECOND)
    party.number = first.parties.get(role=AgreementParty.Role.SECOND).number.replace("OPD", "X")
    party.full_clean()


def test_it_refuses_a_stage_tied_due_date_without_a_stage():
    commitment = make_commitment(due_kind=Commitment.DueKind.STAGE)
    assert "due_stage" in errors_of(commitment)


def test_it_refuses_a_fixed_due_date_without_the_date():
    commitment = make_commitment(due_kind=Commitment.DueKind.FIXED)
    assert "due_date" in errors_of(commitment)


def test_it_refuses_a_pks_whose_parent_is_not_an_mou():
    other_pks = make_agreement()
    pks = make_agreement(parent=other_pks)
    assert "parent" in errors_of(pks)


def test_it_accepts_a_pks_under_an_mou_and_an_addendum_under_a_pks():
    mou = make_agreement(kind=Agreement.Kind.MOU)
    pks = make_agreement(parent=mou)
    make_agreement(kind=Agreement.Kind.ADDENDUM, parent=pks).full_clean()
    pks.full_clean()


def test_it_refuses_an_addendum_without_the_pks_it_amends():
    addendum = make_agreement(kind=Agreement.Kind.ADDENDUM)
    assert "parent" in errors_of(addendum)


def test_it_refuses_a_stage_that_ends_before_it_starts():
    stage = make_stage(start_date=date(2024, 2, 1), end_date=date(2024, 1, 1))
    assert "end_date" in errors_of(stage)


def test_it_says_why_in_indonesian_by_default():
    agreement = make_agreement(term_start=date(2023, 1, 1), term_end=date(2022, 12, 31))
    assert errors_of(agreement)["term_end"] == ["Masa berlaku tidak boleh berakhir sebelum dimulai."]
