"""What a browser tab and a search engine read in each public page's <head>: icon, description, alternates."""

import re
from html import unescape

import pytest
from django.contrib.staticfiles import finders

from tests.browser.world import build_world

pytestmark = pytest.mark.django_db

PAGES = {
    "home": lambda world: "/",
    "listing": lambda world: "/agreements/",
    "agreement": lambda world: f"/agreements/{world['voters'].pk}/",
    "agencies": lambda world: "/agencies/",
    "agency": lambda world: f"/agencies/{world['dukcapil'].slug}/",
    "focus areas": lambda world: "/focus-areas/",
    "focus area": lambda world: f"/focus-areas/{world['voter_data'].slug}/",
    "elections": lambda world: "/elections/",
    "election timeline": lambda world: f"/elections/{world['pemilu'].slug}/",
    "election stage": lambda world: f"/elections/{world['pemilu'].slug}/stages/{world['campaign'].pk}/",
    "open data": lambda world: "/data/",
}


@pytest.fixture
def world():
    return build_world()


def description(html):
    return unescape(re.search(r'<meta name="description" content="([^"]*)">', html).group(1))


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def test_it_links_the_favicon_from_every_page(client):
    html = client.get("/accounts/login/").text

    icon = re.search(r'<link rel="icon" href="/static/(favicon[^"]*\.svg)" type="image/svg\+xml">', html)
    assert icon
    assert finders.find("favicon.svg").endswith("static/favicon.svg")


@pytest.mark.parametrize("language", ["", "/en"])
def test_it_describes_each_public_page_in_its_own_words(client, world, language):
    descriptions = {name: description(client.get(language + url(world)).text) for name, url in PAGES.items()}

    assert all(len(text) > 40 for text in descriptions.values()), descriptions
    assert len(set(descriptions.values())) == len(PAGES), descriptions


def test_it_describes_an_agreement_page_by_its_title(client, world):
    html = client.get(f"/agreements/{world['voters'].pk}/").text

    assert description(html).startswith("Perjanjian Kerja Sama tentang Pemutakhiran Data Pemilih: para pihak")


def test_it_gives_full_addresses_of_both_languages_and_the_default(client, world):
    html = client.get("/agreements/?q=pemilu", secure=True, HTTP_HOST="localhost").text

    assert alternates(html) == {
        "id": "https://localhost/agreements/?q=pemilu",
        "en": "https://localhost/en/agreements/?q=pemilu",
        "x-default": "https://localhost/agreements/?q=pemilu",
    }


def test_it_gives_the_same_alternates_from_the_english_page(client, world):
    html = client.get(f"/en/agencies/{world['dukcapil'].slug}/", HTTP_HOST="localhost").text

    assert alternates(html) == {
        "id": "http://localhost/agencies/dukcapil/",
        "en": "http://localhost/en/agencies/dukcapil/",
        "x-default": "http://localhost/agencies/dukcapil/",
    }


def test_it_writes_dates_in_full_in_indonesian(client, world):
    html = client.get(f"/agreements/{world['voters'].pk}/").text

    assert "28 Desember 2022" in html
    assert "28 Des 2022" not in html


def test_it_writes_dates_in_the_same_order_in_english(client, world):
    html = client.get(f"/en/agreements/{world['voters'].pk}/").text

    assert "28 December 2022" in html
