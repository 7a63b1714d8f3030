"""The commitment's due-date history scrolls in a box a keyboard can reach on a phone; on a wide screen, where
the table fits and nothing scrolls, the box is no tab stop."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from agreements.demo import load_demo
from agreements.models import Commitment
from tests.browser.test_phone_keyboard_and_messages import PHONE
from tests.browser.test_workspace import log_in_as_kpu, settle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDE = {"width": 1280, "height": 800}
BOX = ".staff-scroll-inline"


@pytest.fixture
def history_box(browser, live_server):
    """The box on the demo commitment's change form, in a window of the size asked for."""
    load_demo(password=settings.DEMO_PASSWORD)
    contexts = []

    def open_at(viewport):
        context = browser.new_context(base_url=live_server.url, viewport=viewport)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        log_in_as_kpu(page)
        commitment = Commitment.objects.get(responsible__slug="dukcapil")
        page.goto(reverse("admin:agreements_commitment_change", args=[commitment.pk]))
        expect(page.locator(BOX)).to_have_count(1)
        return page

    yield open_at
    for context in contexts:
        settle(context.pages[0])
        context.close()


def takes_focus(page):
    return page.locator(BOX).evaluate("box => { box.focus(); return document.activeElement === box; }")


def test_the_history_box_is_no_tab_stop_on_a_wide_screen(history_box):
    page = history_box(WIDE)
    assert page.locator(f"{BOX} table").is_visible()
    assert not takes_focus(page)


def test_the_history_box_takes_focus_on_a_phone(history_box):
    assert takes_focus(history_box(PHONE))
