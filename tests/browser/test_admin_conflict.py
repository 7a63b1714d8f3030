"""Two staff in two browsers edit one focus area: the second to save sees what the first changed."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from agreements.models import FocusArea
from tests.browser.conftest import PHONE, landed_on
from tests.factories import make_focus_area, make_staff, make_totp_device, totp_code

pytestmark = pytest.mark.browser


def staff_tab(browser, live_server, username):
    """A phone-sized tab of its own (its own cookies), logged in through the real login and 2FA pages."""
    staff = make_staff(username)
    device = make_totp_device(staff)
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(reverse("login"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("pw")
    page.locator("input[name=password]").press("Enter")
    page.locator("input[name=code]").fill(totp_code(device))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(landed_on(reverse("portal:verify")))
    return context, page


@pytest.fixture
def ani_and_budi(browser, live_server):
    ani_context, ani = staff_tab(browser, live_server, "ani")
    budi_context, budi = staff_tab(browser, live_server, "budi")
    yield ani, budi
    ani_context.close()
    budi_context.close()


def test_it_shows_the_second_saver_what_the_first_changed_and_keeps_her_input(ani_and_budi):
    ani, budi = ani_and_budi
    area = make_focus_area(name="Sosialisasi", name_en="Outreach")
    url = reverse("admin:agreements_focusarea_change", args=[area.pk])
    ani.goto(url)
    budi.goto(url)
    budi.locator("#id_name_en").fill("Public outreach")
    budi.locator("input[name=_save]").click()
    expect(budi.locator(".messagelist")).to_be_visible()

    ani.locator("#id_description").fill("Sosialisasi lewat pelaku budaya")
    ani.locator("input[name=_save]").click()

    conflict = ani.locator("ul.errorlist.nonfield")
    expect(conflict).to_contain_text("Orang lain mengubah data ini setelah Anda membukanya")
    expect(conflict).to_contain_text("“Outreach” → “Public outreach” (oleh budi, ")
    expect(conflict).to_be_in_viewport()
    expect(ani.locator("#id_description")).to_have_value("Sosialisasi lewat pelaku budaya")
    assert FocusArea.objects.get(pk=area.pk).description == ""

    ani.locator("input[name=_save]").click()
    expect(ani.locator(".messagelist")).to_be_visible()
    area.refresh_from_db()
    assert (area.name_en, area.description) == ("Outreach", "Sosialisasi lewat pelaku budaya")
