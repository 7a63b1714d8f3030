"""An admin list's filter on a related record lists the records as links while they are few, and past
``pagination.CHOICE_LIMIT`` offers a box matching their names: a national installation's 6,000 agencies made
every list a page of 6,000 links."""

import re

import pytest
from django.urls import reverse

from agreements.models import Agreement, AgreementParty, Commitment
from kpu_coop import pagination
from tests.conftest import logged_in
from tests.factories import make_agreement, make_commitment, make_kpu_staff, make_organisation
from tests.tools import html_errors

pytestmark = pytest.mark.django_db

AGREEMENTS = reverse("admin:agreements_agreement_changelist")
COMMITMENTS = reverse("admin:agreements_commitment_changelist")


@pytest.fixture
def client():
    return logged_in(make_kpu_staff())


@pytest.fixture
def agreements():
    """Three agreements with three agencies: Dukcapil twice (two regencies'), Diskominfo once."""
    agencies = {
        "bantul": ("Dinas Dukcapil Bantul", "Dukcapil"),
        "sleman": ("Dinas Dukcapil Sleman", "Dukcapil"),
        "kominfo": ("Diskominfo Bantul", "Diskominfo"),
    }
    return {
        key: make_agreement(agency=make_organisation(name=name, short_name=short_name))
        for key, (name, short_name) in agencies.items()
    }


def listed(response):
    return sorted(row.title for row in response.context["cl"].result_list)


def sidebar_filter(response, model, field):
    """The HTML of the list's filter on ``model``'s ``field``, found by its title."""
    title = model._meta.get_field(field).verbose_name
    found = re.search(f'<details data-filter-title="{title}".*?</details>', response.content.decode(), re.S)
    assert found, f"no filter by {title}"
    return found.group(0)


def party_filter(response):
    return sidebar_filter(response, AgreementParty, "organisation")


def test_a_few_agencies_are_links(client, agreements):
    sidebar = party_filter(client.get(AGREEMENTS))

    assert sidebar.count("parties__organisation__id__exact=") == 4  # three agencies and the office
    assert "<input" not in sidebar


def test_past_the_limit_the_filter_is_a_name_box_keeping_the_other_filters(client, agreements, monkeypatch):
    monkeypatch.setattr(pagination, "CHOICE_LIMIT", 2)

    response = client.get(AGREEMENTS, {"kind": "pks", "o": "1"})
    sidebar = party_filter(response)

    assert "parties__organisation__id__exact=" not in sidebar
    assert 'name="parties__organisation__q"' in sidebar
    assert '<label for="filter-parties__organisation">' in sidebar
    # The box's form sends the list's other filters and order again.
    assert '<input type="hidden" name="kind" value="pks">' in sidebar
    assert '<input type="hidden" name="o" value="1">' in sidebar


def test_the_name_box_matches_by_the_agency_admins_search_fields(client, agreements, monkeypatch):
    monkeypatch.setattr(pagination, "CHOICE_LIMIT", 2)
    titles = {key: agreement.title for key, agreement in agreements.items()}

    by_name = client.get(AGREEMENTS, {"parties__organisation__q": "sleman"})
    by_short_name = client.get(AGREEMENTS, {"parties__organisation__q": " dukcapil "})

    assert listed(by_name) == [titles["sleman"]]
    assert listed(by_short_name) == sorted([titles["bantul"], titles["sleman"]])
    assert 'value="sleman"' in party_filter(by_name)


def test_an_agreement_with_two_matching_parties_is_listed_once(client, agreements, monkeypatch):
    monkeypatch.setattr(pagination, "CHOICE_LIMIT", 2)
    # Every agreement's office ("KPU Uji") matches, and so does one agreement's agency.
    agency = agreements["kominfo"].parties.get(role="second").organisation
    agency.name = "Diskominfo Uji"
    agency.save()

    response = client.get(AGREEMENTS, {"parties__organisation__q": "uji"})

    assert listed(response) == sorted(Agreement.objects.values_list("title", flat=True))
    assert response.context["cl"].result_count == 3


def test_an_agency_chosen_by_its_link_stays_named_past_the_limit(client, agreements, monkeypatch):
    monkeypatch.setattr(pagination, "CHOICE_LIMIT", 2)
    agency = agreements["kominfo"].parties.get(role="second").organisation

    response = client.get(AGREEMENTS, {"parties__organisation__id__exact": agency.pk})

    assert listed(response) == [agreements["kominfo"].title]
    assert '<li class="selected">Diskominfo</li>' in party_filter(response)


def test_the_commitments_agency_filter_is_a_name_box_too(client, agreements, monkeypatch):
    monkeypatch.setattr(pagination, "CHOICE_LIMIT", 1)
    for agreement in agreements.values():
        make_commitment(agreement, title=f"Tugas {agreement.title}")

    response = client.get(COMMITMENTS, {"responsible__q": "Diskominfo"})

    assert [row.agreement_id for row in response.context["cl"].result_list] == [agreements["kominfo"].pk]
    assert 'name="responsible__q"' in sidebar_filter(response, Commitment, "responsible")


def test_the_list_with_name_boxes_is_valid_html(client, agreements, monkeypatch, tmp_path):
    monkeypatch.setattr(pagination, "CHOICE_LIMIT", 1)
    html = client.get(AGREEMENTS, {"parties__organisation__q": "dukcapil", "kind": "pks"}).content.decode()

    assert html.count('class="name-filter"') == 2  # the agencies' and the offices'
    assert html_errors([("agreements", html)], tmp_path) == []


@pytest.mark.parametrize("value", ["abc", "²"])
def test_a_malformed_agency_id_past_the_limit_sends_back_to_the_list(client, agreements, monkeypatch, value):
    monkeypatch.setattr(pagination, "CHOICE_LIMIT", 2)

    response = client.get(AGREEMENTS, {"parties__organisation__id__exact": value})

    # The admin's answer to a filter it cannot apply: the list again, with ?e=1.
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_an_agency_id_past_any_record_lists_nothing(client, agreements, monkeypatch):
    monkeypatch.setattr(pagination, "CHOICE_LIMIT", 2)

    response = client.get(AGREEMENTS, {"parties__organisation__id__exact": "99999999999999999999"})

    assert listed(response) == []
