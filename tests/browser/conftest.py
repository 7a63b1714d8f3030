"""Browser tests: headless Chromium (Debian's package, never Playwright's download) on the live server."""

import importlib
import os
import re
import threading
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection, transaction
from django.test.testcases import LiveServerThread

from tests.factories import national_kpu_office
from tests.tools import require

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parents[2] / "var" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 800}


def landed_on(path):
    """A URL pattern for the page at ``path`` itself, not for one whose query string names it: the 2FA page
    after the password is ``...?next=<path>``, and a wait that matched it would return before the code was
    checked, leaving that request to race the test's next one."""
    return re.compile(r"^[^?#]*" + re.escape(path) + "$")


# WhiteNoise, starting with the live server, warns when STATIC_ROOT is missing (nothing is collected here).
Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def browser():
    require(CHROMIUM, "Chromium", "apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def axe_script():
    require(AXE, "axe-core", "npm install --prefix var/npm axe-core@4.14.1 vnu-jar@26.9.27 (as .ci/run does)")
    return AXE


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    # The live server serves static files by plain name from the source folders, without a manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


class OneRequestAtATime(ThreadedWSGIServer):
    """The live server, answering one request at a time while still holding several browser connections open.

    On SQLite its threads share the test database's one in-memory connection, so two requests at once (two
    tabs, or a tab and the favicon its admin page asks for) ran their queries and transactions interleaved on
    it: a request failed with the 503 page, and a session lost its verified 2FA device. Each answer is read to
    its end under the lock, since a streamed one still reads the database."""

    lock = threading.Lock()

    def set_app(self, application):
        def one_at_a_time(environ, start_response):
            with self.lock:
                response = application(environ, start_response)
                try:
                    return [b"".join(response)]
                finally:
                    if hasattr(response, "close"):
                        response.close()

        super().set_app(one_at_a_time)


@pytest.fixture(scope="session", autouse=True)
def serial_live_server_on_sqlite():
    # PostgreSQL gives each thread its own connection: there, requests run side by side, as in production.
    if connection.vendor != "sqlite":
        yield
        return
    threaded, LiveServerThread.server_class = LiveServerThread.server_class, OneRequestAtATime
    yield
    LiveServerThread.server_class = threaded


@pytest.fixture(scope="session", autouse=True)
def database_before_live_server(django_db_setup):
    """Create the test database before the live server starts, so that on SQLite the server shares the
    in-memory connection instead of opening its own per request (which Django never closes)."""


@pytest.fixture(autouse=True)
def live_server_database(transactional_db):
    """Committed data, since the live server answers from another thread, starting from the reference
    data the migrations put in (focus areas, elections and their stages), which each test's flush removes.
    One transaction: each commit rebuilds the open data files (the tests' immediate task backend), which
    took 34 rebuilds and 1.5-3 s of every browser test's setup."""
    reference_data = importlib.import_module("agreements.migrations.0002_reference_data")
    with transaction.atomic():
        reference_data.load(apps, schema_editor=None, office=national_kpu_office())


def new_page(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, **options)
    return context, context.new_page()


@pytest.fixture
def page(browser, live_server):
    """A phone-sized page whose relative addresses go to the live server."""
    context, page = new_page(browser, live_server)
    yield page
    context.close()


@pytest.fixture
def page_for_axe(browser, live_server):
    """A page that lets axe-core in: the site's Content-Security-Policy rightly refuses injected scripts."""
    context, page = new_page(browser, live_server, bypass_csp=True)
    yield page
    context.close()


@pytest.fixture
def page_without_javascript(browser, live_server):
    context, page = new_page(browser, live_server, java_script_enabled=False)
    yield page
    context.close()
