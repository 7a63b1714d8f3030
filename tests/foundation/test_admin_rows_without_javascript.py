"""Without JavaScript the admin cannot add inline rows, so a new record offers the rows it needs."""

import re

import pytest
from django.urls import reverse

from agreements.admin.reference import ElectionStageInline
from agreements.models import Agreement, AgreementParty
from tests.factories import make_agreement, make_organisation, make_staff, make_stage
from tests.foundation.test_admin_forms import agreement_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff())
    return client


def total_forms(page, prefix):
    return int(re.search(rf'name="{prefix}-TOTAL_FORMS" value="(\d+)"', page).group(1))


def selected_role(page, index):
    select = re.search(rf'<select name="parties-{index}-role".*?</select>', page, re.DOTALL).group(0)
    return re.search(r'<option value="(\w*)" selected>', select).group(1)


def get(client, name, *args):
    return client.get(reverse(f"admin:agreements_{name}", args=args)).content.decode()


def test_it_offers_a_new_agreement_both_parties(staff_client):
    page = get(staff_client, "agreement_add")
    assert total_forms(page, "parties") == 2
    assert [selected_role(page, 0), selected_role(page, 1)] == ["first", "second"]


def test_it_adds_no_blank_party_row_to_an_agreement_with_both(staff_client):
    page = get(staff_client, "agreement_change", make_agreement().pk)
    assert total_forms(page, "parties") == 2


def test_it_offers_the_missing_party_of_a_saved_agreement(staff_client):
    agreement = make_agreement()
    agreement.parties.filter(role=AgreementParty.Role.SECOND).delete()
    page = get(staff_client, "agreement_change", agreement.pk)
    assert total_forms(page, "parties") == 2


def test_it_saves_a_new_agreement_whose_second_row_was_left_empty(staff_client):
    kpu = make_organisation()
    form = agreement_form(kpu, make_organisation(), responsible=kpu)
    form["parties-1-organisation"] = form["parties-1-number"] = ""
    response = staff_client.post(reverse("admin:agreements_agreement_add"), form)
    assert response.status_code == 302
    assert [party.role for party in Agreement.objects.get().parties.all()] == ["first"]


def test_it_offers_a_new_election_blank_stage_rows(staff_client):
    page = get(staff_client, "election_add")
    assert total_forms(page, "stages") == ElectionStageInline.extra_for_new_election


def test_it_adds_no_blank_stage_row_to_a_saved_election(staff_client):
    stage = make_stage()
    page = get(staff_client, "election_change", stage.election.pk)
    assert total_forms(page, "stages") == 1
