"""What a demo liaison sees first (issue 17): their agency's commitments, an overdue notice that leads to
the overdue ones, and a calendar address that works on whatever address the site runs at."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from icalendar import Calendar
from playwright.sync_api import expect

from agreements.demo import load_demo
from agreements.models import Commitment
from tests.browser.test_portal_report_accepted import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(live_server):
    load_demo(password=settings.DEMO_PASSWORD)


def test_a_liaison_nobody_assigned_anything_lands_on_the_agencys_commitments(page, demo):
    commitments = list(Commitment.objects.filter(responsible__slug="dinas-kebudayaan").order_by("due_on"))
    log_in(page, "dinas-kebudayaan")

    expect(page.get_by_role("heading", level=1)).to_have_text("Kewajiban perangkat daerah saya")
    expect(page.get_by_text("Belum ada kewajiban yang ditugaskan kepada Anda secara pribadi")).to_be_visible()
    expect(page.locator(".portal-card-title")).to_have_text([c.title for c in commitments])
    expect(page.get_by_text("Tidak ada kewajiban yang ditugaskan kepada Anda")).to_have_count(0)


def test_the_overdue_notice_leads_to_the_overdue_commitments(page, demo):
    log_in(page, "dinas-kebudayaan")
    overdue = page.locator(".portal-urgent-overdue")
    expect(overdue).to_have_text(re.compile(r"^\d+ kewajiban terlambat$"))
    count = int(overdue.inner_text().split()[0])

    overdue.click()

    expect(page).to_have_url(re.compile(r"due=overdue"))
    expect(page.locator(".portal-card-overdue")).to_have_count(count)


def test_the_calendar_address_works_at_the_address_the_site_runs_at(page, demo, live_server):
    log_in(page, "dukcapil")
    page.goto(reverse("portal:calendar"))
    page.get_by_role("button", name="Buat alamat kalender saya").click()

    address = page.get_by_label("Alamat kalender pribadi Anda").input_value()
    assert address.startswith(live_server.url + "/")
    response = page.request.get(address)
    assert response.ok
    events = Calendar.from_ical(response.body()).walk("VEVENT")
    assert events
    assert all(str(event["url"]).startswith(live_server.url + "/portal/") for event in events)
