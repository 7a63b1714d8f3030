"""Inline rows checked together (for the whole formset at once) are checked as strictly as one by one: a row's
stage must be one its agreement's office may follow, its liaison an active member, its party number unused,
its chosen records among its choices; a row saved unchanged is checked again too, but for uniqueness."""

import pytest
from django.urls import reverse

from agreements.models import Commitment, GrantTranche
from tests.admin_forms import change_form_data
from tests.factories import (
    assign,
    make_agreement,
    make_commitment,
    make_election,
    make_kpu_office,
    make_kpu_staff,
    make_stage,
    make_user,
    second_party,
)

pytestmark = pytest.mark.django_db


def posted(client, url, **changes):
    """Post the change form back with ``changes`` to the fields whose names end as the keys say."""
    data = change_form_data(client.get(url))
    for suffix, value in changes.items():
        [name] = [name for name in data if name.endswith(suffix.replace("__", "-"))]
        data[name] = value
    return client.post(url, data)


def fields_in_error(response):
    """(inline prefix, row, field) of each error the inline rows show."""
    assert response.status_code == 200, "saved"
    return {
        (formset.formset.prefix, row, field)
        for formset in response.context["inline_admin_formsets"]
        for row, errors in enumerate(formset.formset.errors)
        for field in errors
    }


@pytest.fixture
def staff_client(client):
    client.force_login(make_kpu_staff())
    return client


def test_a_commitment_row_may_not_follow_another_offices_stage(staff_client):
    own, other = make_stage(), make_stage(make_election(office=make_kpu_office()))
    agreement = make_agreement()
    make_commitment(agreement, due_kind=Commitment.DueKind.STAGE, due_stage=own)
    make_commitment(agreement, due_kind=Commitment.DueKind.STAGE, due_stage=own)
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    response = posted(staff_client, url, commitments__1__due_stage=str(other.pk))
    assert fields_in_error(response) == {("commitments", 1, "due_stage")}


def test_a_grant_tranche_row_may_not_follow_another_offices_stage(staff_client):
    own, other = make_stage(), make_stage(make_election(office=make_kpu_office()))
    agreement = make_agreement(kind="nphd", grant_amount=1_000_000)
    for order in (1, 2):
        GrantTranche.objects.create(
            agreement=agreement, order=order, planned_amount=1000, due_kind="stage", due_stage=own
        )
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    response = posted(staff_client, url, grant_tranches__1__due_stage=str(other.pk))
    assert fields_in_error(response) == {("grant_tranches", 1, "due_stage")}


def test_an_unchanged_assignment_of_a_liaison_who_left_the_agency_is_refused(staff_client):
    commitment = make_commitment()
    staying, leaving = (make_user(organisation=commitment.responsible) for _ in range(2))
    assign(commitment, staying)
    assign(commitment, leaving)
    leaving.memberships.update(is_active=False)
    url = reverse("admin:agreements_commitment_change", args=[commitment.pk])
    response = posted(staff_client, url)
    assert fields_in_error(response) == {("assignments", 1, "user")}


def test_a_party_row_given_a_number_its_organisation_used_elsewhere_is_refused(staff_client):
    agreement = make_agreement()
    used = make_agreement(agency=second_party(agreement)).parties.get(role="second").number
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    response = posted(staff_client, url, parties__1__number=used)
    assert fields_in_error(response) == {("parties", 1, "__all__")}


def test_a_row_naming_a_record_outside_its_choices_is_refused(staff_client):
    commitment = make_commitment()
    member, stranger = make_user(organisation=commitment.responsible), make_user()
    assign(commitment, member)
    url = reverse("admin:agreements_commitment_change", args=[commitment.pk])
    response = posted(staff_client, url, assignments__0__user=str(stranger.pk))
    assert fields_in_error(response) == {("assignments", 0, "user")}
