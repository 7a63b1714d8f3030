"""The admin keeps working under the strict CSP: date widgets, autocomplete, inlines, filters and actions.

Runs in Chromium, which enforces the policy; any script or style the policy blocks fails the test.
"""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from kpu_coop import pagination
from tests.browser.conftest import landed_on
from tests.factories import make_agreement, make_organisation, make_staff, make_totp_device, totp_code

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def admin_page(browser, live_server):
    """A tab logged in as staff through the real login and 2FA pages; fails on any CSP violation."""
    staff = make_staff("kpu")
    device = make_totp_device(staff)
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    # In English, as the language switch would set it, so that the steps read like Django's own labels.
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and errors.append(message.text)
    )
    page.goto(reverse("login"))
    page.locator("input[name=username]").fill("kpu")
    page.locator("input[name=password]").fill("pw")
    page.locator("input[name=password]").press("Enter")
    page.locator("input[name=code]").fill(totp_code(device))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(landed_on(reverse("portal:verify")))
    yield page
    violations = page.evaluate("window.cspViolations || []")
    context.close()
    assert violations == [] and errors == [], violations + errors


def test_it_sends_the_policy_to_the_browser(admin_page):
    response = admin_page.goto(reverse("admin:index"))
    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]


def test_it_runs_the_date_widgets(admin_page):
    admin_page.goto(reverse("admin:agreements_agreement_add"))
    admin_page.locator("#id_date_signed").locator("xpath=..").get_by_role(
        "button", name=re.compile("^Today")
    ).click()
    expect(admin_page.locator("#id_date_signed")).not_to_have_value("")
    admin_page.locator("#calendarlink0").click()
    expect(admin_page.locator("#calendarbox0")).to_be_visible()


def test_it_runs_autocomplete(admin_page):
    make_organisation(short_name="Dukcapil")
    admin_page.goto(reverse("admin:agreements_agreementparty_add"))
    admin_page.locator("#id_organisation").locator("xpath=..").locator(".select2-selection").click()
    admin_page.locator(".select2-search__field").fill("Dukc")
    expect(admin_page.locator(".select2-results__option", has_text="Dukcapil")).to_be_visible()


def test_select2_takes_the_place_of_the_name_box_of_a_long_select(admin_page, monkeypatch):
    monkeypatch.setattr(pagination, "CHOICE_LIMIT", 1)
    make_organisation(short_name="Dukcapil")
    make_organisation(short_name="Diskominfo")
    admin_page.goto(reverse("admin:agreements_agreementparty_add"))
    expect(
        admin_page.locator("#id_organisation").locator("xpath=..").locator(".select2-selection")
    ).to_be_visible()
    # Served with the page (a form filled in without JavaScript uses it), taken away once Select2 runs.
    expect(admin_page.locator("#id_organisation__name")).to_have_count(0)


def test_it_adds_another_inline_row(admin_page):
    admin_page.goto(reverse("admin:agreements_agreement_add"))
    # Commitments: a new agreement already shows both party rows, the most it may have.
    rows = admin_page.locator("#commitments-group .inline-related:not(.empty-form)")
    before = rows.count()
    admin_page.locator("#commitments-group .add-row a").click()
    expect(rows).to_have_count(before + 1)


def test_it_runs_changelist_actions(admin_page):
    make_agreement(title="PKS uji tindakan")
    admin_page.goto(reverse("admin:agreements_agreement_changelist"))
    admin_page.locator("#action-toggle").check()
    expect(admin_page.locator(".action-counter")).to_contain_text("1 of 1 selected")
    admin_page.locator("select[name=action]").select_option("publish")
    admin_page.get_by_role("button", name="Run").click()
    expect(admin_page.locator(".messagelist")).to_be_visible()


def test_it_adds_a_related_record_in_the_popup(admin_page):
    admin_page.goto(reverse("admin:agencies_membership_add"))
    with admin_page.expect_popup() as opened:
        admin_page.locator("#add_id_organisation").click()
    popup = opened.value
    popup.locator("#id_name").fill("Dinas Uji Popup")
    popup.locator("#id_short_name").fill("Popup")
    popup.locator("#id_slug").fill("dinas-uji-popup")
    # Listening before the click: the popup can close before a wait started afterwards would see it.
    with popup.expect_event("close"):
        popup.locator("input[name=_save]").click()
    expect(admin_page.locator("#id_organisation")).to_contain_text("Popup")


def test_it_carries_the_staff_menu_styled_by_its_own_stylesheet(admin_page):
    admin_page.goto(reverse("admin:agreements_agreement_changelist"))
    menu = admin_page.get_by_role("navigation", name="Staff menu")
    expect(menu.get_by_role("link", name="Administration")).to_have_attribute("aria-current", "page")
    # Laid out as a bar by static/css/staff.css, which the policy lets in by its nonce.
    expect(menu.locator("ul")).to_have_css("display", "flex")
    menu.get_by_role("link", name="Dashboard").click()
    expect(admin_page.get_by_role("heading", level=1)).to_have_text("Dashboard")
