"""Liaisons and staff switch the portal and the workspace to English from the header, without JavaScript."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from agencies.models import User
from agreements.demo import load_demo
from tests.browser.test_portal_report_accepted import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo():
    load_demo(password=settings.DEMO_PASSWORD)
    User.objects.filter(username="dukcapil").update(first_name="Sri", last_name="Wahyuni")


def test_a_liaison_switches_the_portal_to_english_and_back(page_without_javascript, demo):
    page = page_without_javascript
    log_in(page, "dukcapil")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tugas saya")

    page.get_by_role("button", name="English").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("My tasks")
    expect(page.get_by_role("button", name="Log out (Sri Wahyuni)")).to_be_visible()
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tugas saya")


def test_staff_switch_the_workspace_to_english_and_stay_on_the_page(page_without_javascript, demo):
    page = page_without_javascript
    log_in(page, "kpu")
    page.goto(reverse("workspace:monev_index"))

    page.get_by_role("button", name="English").click()

    expect(page).to_have_url(re.compile(re.escape(reverse("workspace:monev_index")) + "$"))
    expect(page.get_by_role("navigation", name="Workspace menu")).to_be_visible()
    expect(page.get_by_role("button", name="Bahasa Indonesia")).to_be_visible()
