"""Production refuses to start without SITE_URL, the address that reminder emails link to (issue 17)."""

import pytest

from security.checks import check_site_url
from tests.security.conftest import PRODUCTION_ENV, run_manage


def errors(settings, *, debug, site_url):
    settings.DEBUG, settings.SITE_URL = debug, site_url
    return [error.id for error in check_site_url(None)]


def test_it_requires_site_url_when_debug_is_false(settings):
    assert errors(settings, debug=False, site_url="") == ["security.E001"]


@pytest.mark.parametrize("site_url", ["pks.example.org", "ftp://pks.example.org", "https://", "javascript:x"])
def test_it_refuses_a_site_url_that_is_not_a_web_address(settings, site_url):
    assert errors(settings, debug=False, site_url=site_url) == ["security.E002"]


@pytest.mark.parametrize("site_url", ["https://pks.example.org", "http://10.0.0.5:8080/"])
def test_it_accepts_an_http_or_https_address(settings, site_url):
    assert errors(settings, debug=False, site_url=site_url) == []


def test_it_asks_nothing_in_development(settings):
    assert errors(settings, debug=True, site_url="") == []


def test_it_stops_a_production_start_up_without_site_url_and_says_which_setting():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SITE_URL"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SITE_URL must be set when DEBUG is false." in result.stderr


def test_it_defaults_to_the_make_run_address_in_development():
    result = run_manage("shell", "-c", "from django.conf import settings; print(settings.SITE_URL)")
    assert result.stdout.strip().splitlines()[-1] == "http://127.0.0.1:8000"
