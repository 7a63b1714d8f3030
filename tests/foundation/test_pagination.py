"""Every paginated list, public, portal and workspace, answers a page that is not there the same way."""

import pytest
from django.urls import reverse

from agencies.models import Organisation
from agreements.models import Agreement
from kpu_coop import pagination
from tests.factories import (
    make_commitment,
    make_election,
    make_focus_area,
    make_organisation,
    make_published_agreement,
    make_report,
    make_staff,
    make_stage,
    make_user,
)

pytestmark = pytest.mark.django_db

BAD_PAGES = ["abc", "0", "-1", "1.5", "2", "99", "1e3", "9" * 5000]


@pytest.fixture
def lists(client):
    """One record on every paginated list, and the (client, address) of each list."""
    agency = make_organisation(slug="dukcapil")
    area = make_focus_area(slug="arsip")
    election = make_election(slug="pemilu-uji")
    stage = make_stage(election)
    agreement = make_published_agreement(agency=agency)
    agreement.elections.add(election)
    commitment = make_commitment(agreement, focus_area=area, due_kind="stage", due_stage=stage)
    make_report(commitment)
    return {
        "public agreements": reverse("public:agreement_list"),
        "public agencies": reverse("public:organisation_list"),
        "public agency": reverse("public:organisation_detail", args=["dukcapil"]),
        "public focus area": reverse("public:focus_area_detail", args=["arsip"]),
        "public election stage": reverse("public:stage_detail", args=["pemilu-uji", stage.pk]),
        "portal tasks": reverse("portal:tasks"),
        "portal verification queue": reverse("portal:verify"),
        "workspace agencies": reverse("workspace:agency_progress"),
    }


def log_in_for(client, name):
    if name == "portal tasks":
        client.force_login(make_user(organisation=Organisation.objects.get(slug="dukcapil")))
    elif not name.startswith("public"):
        client.force_login(make_staff())


@pytest.mark.parametrize(
    "name",
    [
        "public agreements",
        "public agencies",
        "public agency",
        "public focus area",
        "public election stage",
        "portal tasks",
        "portal verification queue",
        "workspace agencies",
    ],
)
@pytest.mark.parametrize("page", BAD_PAGES)
def test_it_answers_a_page_that_is_not_there_with_404_and_a_message(client, lists, name, page):
    log_in_for(client, name)

    response = client.get(lists[name], {"page": page})

    assert response.status_code == 404
    shown = page[: pagination.SHOWN_PAGE_LENGTH]
    assert f"Tidak ada halaman “{shown}” dalam daftar ini: daftarnya hanya 1 halaman." in response.text


@pytest.mark.parametrize("name", ["public agreements", "portal tasks", "workspace agencies"])
def test_it_reads_an_empty_page_number_as_the_first_page(client, lists, name):
    log_in_for(client, name)

    response = client.get(lists[name], {"page": ""})

    assert response.status_code == 200
    assert response.context["page"].number == 1


def test_the_way_back_from_a_missing_page_keeps_the_filters(client, lists):
    response = client.get(lists["public agreements"], {"agency": "dukcapil", "page": "7"})

    assert '<a href="/agreements/?agency=dukcapil">Ke halaman pertama</a>' in response.text


def next_link(response):
    return response.text.split('rel="next" href="')[1].split('"')[0]


def test_the_public_page_links_keep_the_filters(client, lists, monkeypatch):
    monkeypatch.setattr(pagination, "PUBLIC_AGREEMENTS", 1)
    make_published_agreement(agency=Organisation.objects.get(slug="dukcapil"))

    response = client.get(lists["public agreements"], {"agency": "dukcapil", "sort": "title"})

    assert next_link(response) == "?agency=dukcapil&amp;sort=title&amp;page=2"


def test_the_portal_page_links_keep_the_filters(client, lists, monkeypatch):
    monkeypatch.setattr(pagination, "PORTAL_TASKS", 1)
    make_commitment(Agreement.objects.get(), title="Kedua")
    log_in_for(client, "portal tasks")

    response = client.get(lists["portal tasks"], {"scope": "all", "status": "not_started"})

    assert next_link(response) == "?scope=all&amp;status=not_started&amp;page=2"


def test_the_workspace_page_links_keep_the_filters(client, lists, monkeypatch):
    monkeypatch.setattr(pagination, "WORKSPACE_AGENCIES", 1)
    make_commitment(Agreement.objects.get(), responsible=make_organisation())
    log_in_for(client, "workspace agencies")

    response = client.get(lists["workspace agencies"], {"election": "pemilu-uji"})

    assert next_link(response) == "?election=pemilu-uji&amp;page=2"
