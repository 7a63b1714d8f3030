"""A citizen on a cheap phone with JavaScript off: list, search, filter, open, switch language, download."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from tests.browser.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    return build_world()


def test_it_lets_a_citizen_find_read_and_download_agreements(live_server, world, page_without_javascript):
    page = page_without_javascript
    page.goto("/")
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Perjanjian").click()
    expect(page.get_by_role("heading", name="4 perjanjian ditemukan")).to_be_visible()
    assert "Belum Terbit" not in page.content()

    page.get_by_label("Cari", exact=True).fill("pemilih")
    page.get_by_role("button", name="Cari", exact=True).click()
    expect(page.get_by_role("heading", name="3 perjanjian ditemukan")).to_be_visible()

    page.get_by_text("Saring dan urutkan").click()
    page.get_by_label("Bidang kerja sama").select_option("pemutakhiran-data-pemilih")
    page.get_by_role("button", name="Tampilkan perjanjian").click()
    expect(page.get_by_role("heading", name="1 perjanjian ditemukan")).to_be_visible()

    page.get_by_role("link", name="Perjanjian Kerja Sama tentang Pemutakhiran Data Pemilih").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world["voters"].title)
    expect(page.get_by_text("Kemajuan: 33% selesai terverifikasi").first).to_be_visible()
    expect(page.get_by_text("Addendum PKS Data Pemilih")).to_be_visible()

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(re.escape(f"/en/agreements/{world['voters'].pk}/") + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Commitments")).to_be_visible()

    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Agreements").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="agreements (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text())))
    assert download.value.suggested_filename == "agreements.csv"
    assert len(rows) == 4


def test_it_downloads_a_public_document(live_server, world, page):
    page.goto(f"/agreements/{world['voters'].pk}/")

    with page.expect_download() as download:
        page.get_by_role("link", name="Naskah PKS bertanda tangan").click()

    assert download.value.suggested_filename == "naskah-pks.pdf"
    assert download.value.path().read_bytes().startswith(b"%PDF-")


def test_it_offers_the_skip_link_first_and_shows_where_the_focus_is(live_server, world, page):
    page.goto("/agreements/")

    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.className")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focused == "skip-link"
    assert outline == "solid"
    assert page.locator(".skip-link").is_visible()


def test_it_fits_a_360_pixel_screen_without_sideways_scrolling(live_server, world, page):
    for path in [
        "/",
        "/agreements/",
        f"/agreements/{world['voters'].pk}/",
        "/elections/pemilu-2024/",
        "/data/",
        # An office's own site (public.sites), its name in the header.
        "/kpu/",
        f"/kpu/agreements/{world['voters'].pk}/",
    ]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path


def test_it_wraps_a_long_party_name_in_a_fact_s_label_on_a_phone(live_server, world, page):
    from tests.factories import make_organisation, make_published_agreement

    agency = make_organisation(short_name="Kesbangpol Contoh (latihan)")
    agreement = make_published_agreement(agency=agency)
    page.goto(f"/en/agreements/{agreement.pk}/")
    assert "Number (Kesbangpol Contoh (latihan))" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_it_loads_the_listing_light_and_from_this_site_only(live_server, world, page):
    responses = []
    page.on("response", lambda response: responses.append(response))

    page.goto("/agreements/", wait_until="networkidle")

    transferred = sum(
        r.request.sizes()["responseBodySize"] + r.request.sizes()["responseHeadersSize"] for r in responses
    )
    assert all(r.url.startswith(live_server.url) for r in responses)
    assert transferred <= 50_000
