"""Done when (issue 4): KPU returns a report with a comment; the liaison reads it and reports again."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from agreements.demo import load_demo
from agreements.models import Commitment, ProgressReport
from tests.browser.test_portal_report_accepted import log_in, log_out

pytestmark = pytest.mark.browser


def test_it_takes_a_returned_report_back_to_the_liaison_with_kpus_comment(page, live_server):
    load_demo(password=settings.DEMO_PASSWORD)
    commitment = Commitment.objects.get(responsible__slug="dukcapil")

    log_in(page, "dukcapil")
    page.goto(reverse("portal:report_create", args=[commitment.pk]))
    page.get_by_label("Apa yang sudah dikerjakan").fill("Sudah selesai.")
    page.locator("input[name=claim][value=done]").check()
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator(".messages")).to_contain_text("Laporan Anda sudah dikirim ke KPU")
    log_out(page)

    log_in(page, "kpu")
    page.get_by_role("link", name="Periksa laporan ini").click()
    # Returning needs a comment: the first try without one is refused and says so.
    page.get_by_role("button", name="Kembalikan dengan catatan").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_label("Catatan untuk perangkat daerah").fill("Lampirkan berita acara serah terima data.")
    page.get_by_role("button", name="Kembalikan dengan catatan").click()
    expect(page.locator(".messages")).to_contain_text("Laporan dikembalikan")
    log_out(page)

    log_in(page, "dukcapil")
    page.get_by_role("link", name="Semua milik perangkat daerah saya").click()
    page.get_by_role("link", name=commitment.title).click()
    expect(page.get_by_text("Lampirkan berita acara serah terima data.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Dikembalikan oleh kpu"))).to_be_visible()
    expect(page.locator(".portal-status")).to_have_text("Belum dimulai")

    # The second report is written with the keyboard only.
    page.get_by_role("link", name="Laporkan kemajuan").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Apa yang sudah dikerjakan").focus()
    page.keyboard.type("Berita acara terlampir; penyerahan tahap kedua berjalan.")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.locator("input[name=claim][value=in_progress]")).to_be_checked()
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Laporan Anda sudah dikirim ke KPU")

    bantul = ProgressReport.objects.filter(commitment__agreement__office__slug="kpu-bantul")
    assert list(bantul.order_by("pk").values_list("status", flat=True)) == [
        "returned",
        "submitted",
    ]
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.NOT_STARTED
