"""An onboarded office's copy of KPU RI's template election keeps its name ("Pilkada Serentak 2029"), so every
list offering both names the office of the copy: staff choose their own Pilkada, not the template, whose
stage dates are not theirs."""

import re
from datetime import date

import pytest
from django.urls import reverse

from agencies.models import Region
from agencies.offices import OfficeLevel
from agencies.onboarding import office_add, office_create
from agreements.models import Election, ElectionStage
from tests.factories import make_election, make_kpu_staff, make_stage, national_kpu_office
from workspace.forms import CopyToElectionForm

pytestmark = pytest.mark.django_db

PILKADA = "Pilkada Serentak 2029"
OWN = "Pilkada Serentak 2029 (KPU Kabupaten Bantul)"


@pytest.fixture
def bantul():
    national_kpu_office()
    template = make_election(name=PILKADA, slug="pilkada-2029", template_for=OfficeLevel.REGENCY)
    make_stage(template, name="Pemungutan suara", start_date=date(2029, 11, 28), end_date=date(2029, 11, 28))
    office_add(region=Region.objects.get(code="34"))
    return office_create(
        region=Region.objects.get(code="34.02"),
        admin_email="ketua@bantul.example.org",
        base_url="http://testserver",
    )


@pytest.fixture
def staff_client(client, bantul):
    client.force_login(make_kpu_staff(office=bantul))
    return client


def option_labels(page, name):
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def checkbox_labels(page, name):
    return [
        label.strip()
        for label in re.findall(rf'<input type="checkbox" name="{name}"[^>]*>([^<]*)</label>', page)
    ]


def test_the_name_of_a_regional_office_s_election_carries_the_office(bantul):
    own = Election.objects.get(office=bantul)
    template = Election.objects.get(slug="pilkada-2029")
    assert (template.name_with_office, own.name_with_office) == (PILKADA, OWN)


def test_a_single_office_installation_names_its_elections_alone(bantul, settings):
    settings.SINGLE_OFFICE = True
    assert Election.objects.get(office=bantul).name_with_office == PILKADA


def test_a_stage_names_the_office_of_its_election(bantul):
    stage = ElectionStage.objects.get(election__office=bantul)
    assert str(stage) == f"{OWN}: Pemungutan suara"


def test_the_agreement_form_offers_the_template_and_the_office_s_copy_apart(staff_client):
    page = staff_client.get(reverse("admin:agreements_agreement_add")).content.decode()
    assert {PILKADA, OWN} <= set(checkbox_labels(page, "elections"))


def test_the_stage_search_names_the_office_of_each_election(staff_client):
    query = {
        "app_label": "agreements",
        "model_name": "commitment",
        "field_name": "due_stage",
        "term": "Serentak",
    }
    results = staff_client.get(reverse("admin:autocomplete"), query).json()["results"]
    assert {result["text"] for result in results} == {
        f"{PILKADA}: Pemungutan suara",
        f"{OWN}: Pemungutan suara",
    }


def test_the_dashboard_and_monev_filters_tell_the_two_apart(staff_client):
    for name in ("workspace:dashboard", "workspace:monev_index"):
        page = staff_client.get(reverse(name)).content.decode()
        assert {PILKADA, OWN} <= set(option_labels(page, "election")), name


def test_a_new_cycle_offers_the_two_apart(bantul):
    form = CopyToElectionForm(user=make_kpu_staff(office=bantul))
    labels = [label for _value, label in form.fields["election"].choices]
    assert {PILKADA, OWN} <= set(labels)
