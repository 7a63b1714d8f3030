"""KPU staff choose a monev period by keyboard, read the report on a phone, and meet no axe violation."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from agencies.models import Organisation
from agreements.models import Agreement
from tests.browser.test_workspace import demo, log_in_as_kpu, settle  # noqa: F401  (demo is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_staff_choose_a_period_by_keyboard_and_read_it_on_a_phone(page, demo):  # noqa: F811
    log_in_as_kpu(page)
    page.goto(reverse("workspace:monev_period_choose"))
    page.locator("#id_period").select_option("2024-S1")
    page.locator("#id_period").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/workspace/monev/offices/\d+/2024-S1/$"))
    expect(page.locator(".monev-letterhead")).to_contain_text("Komisi Pemilihan Umum Kabupaten Bantul")
    expect(page.locator(".monev-sign")).to_contain_text("Didik Joko Nugroho")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    settle(page)


def test_the_period_pages_have_no_accessibility_violations(page_for_axe, axe_script, demo):  # noqa: F811
    from tests.browser.test_accessibility import violations

    page = page_for_axe
    log_in_as_kpu(page)
    office = Organisation.objects.get(slug="kpu-bantul")
    agreement = Agreement.objects.filter(office=office).first()
    found = {}
    for url in [
        reverse("workspace:monev_period_choose"),
        reverse("workspace:monev_period", args=[office.pk, "2024-S1"]),
        reverse("workspace:monev_evaluation", args=[office.pk, "2024-S1", agreement.pk]),
    ]:
        page.goto(url)
        found[url] = violations(page, axe_script)
    assert {url: problems for url, problems in found.items() if problems} == {}
    settle(page)
