"""A grant tranche tied to an election stage follows the commitments' office rule: a stage of the agreement's
office, of an office above it or of KPU RI, never a sibling's or a lower office's (docs/domain.md)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements.models import Agreement, GrantTranche
from tests.factories import make_agreement, make_kpu_staff
from tests.security.test_election_scope import admin_client, tree  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def tranche(agreement, stage):
    return GrantTranche(agreement=agreement, order=1, planned_amount=1, due_kind="stage", due_stage=stage)


def nphd_of(office):
    return make_agreement(kpu=office, kind=Agreement.Kind.NPHD, grant_amount=1_000_000)


def test_a_regency_tranche_may_follow_national_province_and_own_stages(tree):  # noqa: F811
    agreement = nphd_of(tree["offices"]["regency"])
    for key in ("national", "province", "regency"):
        tranche(agreement, tree[key]).clean()


def test_a_regency_tranche_may_not_follow_a_sibling_s_stage(tree):  # noqa: F811
    with pytest.raises(ValidationError) as error:
        tranche(nphd_of(tree["offices"]["regency"]), tree["sibling"]).clean()
    assert "due_stage" in error.value.message_dict


def test_a_province_tranche_may_not_follow_a_regency_s_stage(tree):  # noqa: F811
    with pytest.raises(ValidationError) as error:
        tranche(nphd_of(tree["offices"]["province"]), tree["regency"]).clean()
    assert "due_stage" in error.value.message_dict


def test_the_admin_offers_a_regency_s_staff_only_stages_they_may_follow(tree):  # noqa: F811
    agreement = nphd_of(tree["offices"]["regency"])
    client = admin_client(make_kpu_staff(office=tree["offices"]["regency"]))
    page = client.get(reverse("admin:agreements_agreement_change", args=[agreement.pk])).content.decode()
    # The tranche's stage list only: another list on the page (elections, parent) may hold the same number.
    stages = re.search(r'<select name="grant_tranches-0-due_stage".*?</select>', page, re.DOTALL).group()
    for key in ("national", "province", "regency"):
        assert f'<option value="{tree[key].pk}"' in stages, key
    assert f'<option value="{tree["sibling"].pk}"' not in stages
