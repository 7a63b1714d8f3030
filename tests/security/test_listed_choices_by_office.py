"""Without JavaScript the admin's autocomplete selects list their choices (kpu_coop.admin_choices): only the
offices and agencies the user keeps, never another office's agency or liaison. The world: office "kpu-uji"
with agencies A and B; office "kpu-lain" with agency C (tests/security/conftest.py)."""

import re

import pytest
from django.urls import reverse

from tests.security.conftest import client_for

pytestmark = pytest.mark.django_db

ORGANISATION_SELECTS = {
    "agreement's party": ("admin:agreements_agreement_add", [], "parties-0-organisation"),
    "commitment's responsible party": ("admin:agreements_commitment_add", [], "responsible"),
    "party": ("admin:agreements_agreementparty_add", [], "organisation"),
    "membership": ("admin:agencies_membership_add", [], "organisation"),
}


def listed(client, url, name):
    """The labels of the options of the select named ``name`` on the page at ``url``."""
    page = client.get(url).content.decode()
    select = re.search(rf'<select name="{re.escape(name)}".*?</select>', page, re.DOTALL)
    assert select, name
    return re.findall(r"<option [^>]*>([^<]*)</option>", select.group(0))


@pytest.mark.parametrize("page", ORGANISATION_SELECTS)
def test_it_lists_the_agencies_of_the_staff_member_s_office_only(world, offices, page):
    url_name, args, name = ORGANISATION_SELECTS[page]
    labels = listed(client_for("staff", world), reverse(url_name, args=args), name)
    assert {"Dinas A", "Dinas B"} <= set(labels)
    assert not {"Dinas C", "KPU Lain", "KPU Provinsi"} & set(labels), labels


def test_it_lists_as_an_assigned_liaison_no_liaison_of_another_office_s_agency(world, offices):
    url = reverse("admin:agreements_commitment_change", args=[world.a.commitment.pk])
    labels = listed(client_for("staff", world), url, "assignments-__prefix__-user")
    assert world.a.liaison.username in " ".join(labels)
    assert offices["side"].liaison.username not in " ".join(labels)
