"""Done when (issue 4): a liaison reports a commitment done with a PDF; KPU accepts; public progress rises."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from agencies.models import User
from agreements.demo import load_demo
from agreements.models import Agreement, Commitment
from tests.factories import PDF_BYTES

pytestmark = pytest.mark.browser


def log_in(page, username):
    """Log in with the demo password; staff then type the code from their (test) authenticator."""
    user = User.objects.get(username=username)
    if user.is_staff:
        device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "test"})
    page.goto(reverse("login"))
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    if user.is_staff:
        expect(page).to_have_url(re.compile(re.escape(reverse("security:two_factor_verify"))))
        page.locator("input[name=code]").fill(f"{totp(device.bin_key):06d}")
        page.locator("input[name=code]").press("Enter")


def log_out(page):
    page.get_by_role("button", name=re.compile(r"^Keluar")).click()
    expect(page).to_have_url(re.compile(reverse("login") + "$"))


def progress_on_public_page(page, agreement):
    page.goto(reverse("public:agreement_detail", args=[agreement.pk]))
    return page.locator("#progress-heading + .progress progress").get_attribute("value")


def test_it_takes_a_done_report_from_the_liaison_through_kpu_to_the_public_progress(page, live_server):
    load_demo(password=settings.DEMO_PASSWORD)
    commitment = Commitment.objects.get(responsible__slug="dukcapil")
    agreement = commitment.agreement
    assert progress_on_public_page(page, agreement) == "0"

    log_in(page, "dukcapil")
    expect(page).to_have_url(re.compile(reverse("portal:tasks") + "$"))
    page.get_by_role("link", name="Semua milik perangkat daerah saya").click()
    cards = page.locator(".portal-card-title")
    expect(cards).to_have_text([commitment.title])
    for other in Commitment.objects.exclude(responsible__slug="dukcapil"):
        expect(page.get_by_text(other.title)).to_have_count(0)

    cards.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(commitment.title)
    page.get_by_role("link", name="Laporkan kemajuan").click()
    page.get_by_label("Apa yang sudah dikerjakan").fill("Data kependudukan sudah diserahkan kepada KPU.")
    page.locator("input[name=claim][value=done]").check()
    page.get_by_label("Berkas bukti").set_input_files(
        [{"name": "berita-acara.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator(".messages")).to_contain_text("Laporan Anda sudah dikirim ke KPU")
    expect(page.get_by_role("link", name="berita-acara.pdf")).to_be_visible()
    log_out(page)

    log_in(page, "kpu")
    expect(page).to_have_url(re.compile(reverse("portal:verify") + "$"))
    page.get_by_role("link", name="Periksa laporan ini").click()
    expect(page.get_by_text("Data kependudukan sudah diserahkan kepada KPU.")).to_be_visible()
    page.get_by_label("Catatan untuk perangkat daerah").fill("Terima kasih, lengkap.")
    page.get_by_role("button", name="Terima", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Laporan diterima")
    expect(page.get_by_text("Tidak ada laporan yang menunggu.")).to_be_visible()

    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.DONE
    assert Agreement.objects.get(pk=agreement.pk).progress.percent == 100
    assert progress_on_public_page(page, agreement) == "100"
