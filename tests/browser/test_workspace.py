"""Done when (issue 5): KPU staff open the dashboard in a browser and print a monev report to PDF."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from agencies.models import User
from agreements.demo import load_demo
from agreements.models import Agreement
from tests.browser.conftest import landed_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1280, "height": 900}


def log_in_as_kpu(page, landing=None):
    """The demo staff account, with the code its (test) authenticator shows; lands on the dashboard, or
    without ``landing`` where staff land after logging in."""
    kpu = User.objects.get(username="kpu")
    device, _ = TOTPDevice.objects.get_or_create(user=kpu, confirmed=True, defaults={"name": "test"})
    page.goto(reverse("login") + ("" if landing else "?next=" + reverse("workspace:dashboard")))
    page.get_by_label("Nama pengguna").fill("kpu")
    page.get_by_label("Sandi").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("security:two_factor_verify"))))
    page.locator("input[name=code]").fill(f"{totp(device.bin_key):06d}")
    page.locator("input[name=code]").press("Enter")
    expect(page).to_have_url(landed_on(landing or reverse("workspace:dashboard")))


def pdf_page_count(pdf):
    # Chromium writes each page as an uncompressed "/Type /Page" object ("/Pages" is the tree).
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))


@pytest.fixture
def demo(db):
    load_demo(password=settings.DEMO_PASSWORD)


def settle(page):
    """No request may still be in flight when the test's database is torn down."""
    page.wait_for_load_state("networkidle")


@pytest.fixture
def desktop(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    yield context.new_page()
    context.close()


def test_it_opens_the_dashboard_as_kpu_on_a_phone_without_policy_violations(page, demo, tmp_path):
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    log_in_as_kpu(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dasbor")
    page.get_by_label("Pemilihan").select_option("pemilu-2024")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.locator(".ws-stage").first).to_be_visible()
    # Every chart has its figures as a table behind it.
    page.get_by_text("Tampilkan angkanya sebagai tabel").first.click()
    expect(page.get_by_role("table").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=tmp_path / "dashboard-360.png", full_page=True)
    assert refused == []
    settle(page)


def test_it_is_usable_with_the_keyboard(page, demo):
    log_in_as_kpu(page)
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    # The jump to #main can land after the key press returns; a Tab sent before it would leave the header.
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("main :focus")).to_have_count(1)
    settle(page)


def test_it_prints_the_monev_report_of_an_election_on_a4_pages(desktop, demo, tmp_path):
    log_in_as_kpu(desktop)
    desktop.goto(reverse("workspace:monev_election", args=["pemilu-2024"]))
    covered = Agreement.objects.filter(elections__slug="pemilu-2024").count()
    expect(desktop.locator(".monev-agreement")).to_have_count(covered)
    desktop.emulate_media(media="print")
    expect(desktop.locator(".site-header")).to_be_hidden()
    pdf = desktop.pdf(prefer_css_page_size=True)
    (tmp_path / "monev.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    # The agreements follow one another: 9 of them and a summary used to take 16 pages, now 6.
    assert 2 <= pdf_page_count(pdf) < covered
    settle(desktop)


def test_it_keeps_the_one_signature_block_with_the_last_agreement_in_print(desktop, demo):
    log_in_as_kpu(desktop)
    desktop.goto(reverse("workspace:monev_election", args=["pemilu-2024"]))
    expect(desktop.locator(".monev-signatures")).to_have_count(1)
    desktop.emulate_media(media="print")
    pages = pdf_page_count(desktop.pdf(prefer_css_page_size=True))
    # A signature block alone on a last page would be a page that its removal saves.
    desktop.locator(".monev-signatures").evaluate("block => block.remove()")
    assert pdf_page_count(desktop.pdf(prefer_css_page_size=True)) == pages
    settle(desktop)


def test_it_fits_the_monev_report_on_a_phone(page, demo, tmp_path):
    log_in_as_kpu(page)
    page.goto(reverse("workspace:monev_election", args=["pemilu-2024"]))
    expect(page.locator(".monev-letterhead")).to_contain_text("Komisi Pemilihan Umum Kabupaten Bantul")
    page.screenshot(path=tmp_path / "monev-360.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    settle(page)


def test_it_shows_the_whole_timeline_on_a_1280_px_screen(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    log_in_as_kpu(page)
    page.goto(reverse("workspace:dashboard") + "?election=pemilu-2024")
    gantt, box = page.locator(".ws-gantt"), page.locator(".ws-gantt").locator("xpath=..")
    right = gantt.evaluate("svg => svg.getBoundingClientRect().right")
    hidden = box.evaluate("box => box.scrollWidth - box.clientWidth")
    assert right <= 1280 and hidden <= 0, (right, hidden)
    # Nor is any label cut off at the drawing's own right edge.
    labels = page.locator(".ws-gantt text").evaluate_all(
        "texts => Math.max(...texts.map(text => text.getBoundingClientRect().right))"
    )
    assert labels <= right
    settle(page)
    context.close()


def test_it_takes_staff_from_the_queue_to_the_dashboard_and_the_admin_and_back(desktop, demo):
    log_in_as_kpu(desktop, landing=reverse("portal:verify"))
    menu = desktop.get_by_role("navigation", name="Menu staf")
    expect(menu.get_by_role("link", name=re.compile("^Antrean verifikasi"))).to_have_attribute(
        "aria-current", "page"
    )
    menu.get_by_role("link", name="Dasbor").click()
    expect(desktop).to_have_url(re.compile(re.escape(reverse("workspace:dashboard")) + "$"))
    desktop.get_by_role("navigation", name="Menu staf").get_by_role("link", name="Administrasi").click()
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Administrasi")
    expect(desktop.locator("#site-name")).to_have_text("Kerja sama KPU")
    desktop.get_by_role("navigation", name="Menu staf").get_by_role(
        "link", name=re.compile("^Antrean verifikasi")
    ).click()
    expect(desktop).to_have_url(re.compile(re.escape(reverse("portal:verify")) + "$"))
    settle(desktop)


def test_it_prints_the_monev_report_of_one_agreement_on_one_or_two_pages(desktop, demo):
    log_in_as_kpu(desktop)
    agreement = Agreement.objects.get(title__contains="Dinas Kebudayaan")
    desktop.goto(reverse("workspace:monev_agreement", args=[agreement.pk]))
    expect(desktop.locator(".monev-signatures")).to_be_visible()
    assert 1 <= pdf_page_count(desktop.pdf(prefer_css_page_size=True)) <= 2
    settle(desktop)


def test_it_has_no_accessibility_violations_on_the_staff_pages(page_for_axe, axe_script, demo):
    from tests.browser.test_accessibility import violations

    page = page_for_axe
    log_in_as_kpu(page)
    found = {}
    for url in [
        reverse("workspace:dashboard") + "?election=pemilu-2024",
        reverse("workspace:monev_election", args=["pemilu-2024"]),
        reverse("workspace:monev_index"),
        reverse("workspace:commitment_import"),
        reverse("portal:verify"),
    ]:
        page.goto(url)
        for details in page.locator("details").all():
            details.evaluate("element => element.open = true")
        found[url] = violations(page, axe_script)
    assert {url: problems for url, problems in found.items() if problems} == {}
    settle(page)


def test_it_fits_the_deleted_records_on_a_phone(page, demo):
    from agreements.models import Commitment

    Commitment.objects.order_by("pk").first().delete()
    log_in_as_kpu(page)
    page.goto(reverse("workspace:deleted_records"))
    expect(page.get_by_role("button", name="Pulihkan").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    settle(page)
