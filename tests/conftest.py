import pytest
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.test import Client
from django.urls import clear_url_caches
from django.utils import translation

from kpu_coop.file_storage import PRIVATE_DISK_BACKEND


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashers take ~1 s per password by design; tests need no such protection."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def steady_session_clock(monkeypatch):
    """A login's last-seen time is rewritten at most once a minute (security.middleware): a session save
    on the request after. A test that spends a minute building data would count three more queries on a slow
    machine than on a fast one. tests/security/test_session_timeouts.py restores the minute."""
    from security import middleware

    monkeypatch.setattr(middleware, "SEEN_RESOLUTION", settings.SESSION_IDLE_TIMEOUT)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached page: the data a cached page showed was rolled back with its test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def site_data_read_afresh(monkeypatch):
    """Each request reads a site's shared data (the listing's filter choices, the count of its agreements,
    the office an office site's address names) itself, as the first request after a commit does: what a
    query count must include. public.caching.shared_read otherwise keeps it per generation, and nothing
    commits in a test to move one."""
    from public import filters, queries, sites

    for module in (filters, queries):
        monkeypatch.setattr(module, "site_data", lambda office, name, read: read())
    monkeypatch.setattr(sites, "shared_read", lambda key, scopes, read: read())


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Uploaded files go to a throw-away folder per test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": PRIVATE_DISK_BACKEND,
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    return tmp_path / "private"


@pytest.fixture
def committed():
    """``with committed(): ...`` runs, at the end of the block, what committing the test's work would run.

    A test's transaction never commits, so callbacks wait in ``on_commit``; pytest-django's own capture only
    sees callbacks added inside it, but one registered earlier in the test (the cache generation moves once
    per transaction) must run too.
    """
    from contextlib import contextmanager

    from django.db import connection

    @contextmanager
    def commit():
        yield
        callbacks, connection.run_on_commit = connection.run_on_commit, []
        for _savepoints, callback, _robust in callbacks:
            callback()

    return commit


@pytest.fixture(autouse=True)
def open_data_files(settings, tmp_path):
    """The full open data files are built in a throw-away folder per test."""
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    settings.STORAGES = {
        **settings.STORAGES,
        "opendata": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "open-data", "base_url": None},
        },
    }
    return tmp_path / "open-data"


class TwoFactorClient(Client):
    """Django's test client, where force_login() of a staff user also passes two-factor authentication.

    Staff may use no page before TOTP (security app); tests about anything else log staff in as before.
    Tests of the 2FA requirement itself use django.test.Client() directly.
    """

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if user.is_staff:
            from tests.factories import pass_two_factor

            pass_two_factor(self, user)


def logged_in(user):
    """A new client with ``user`` logged in (staff past 2FA): for tests that act as several people."""
    client = TwoFactorClient()
    client.force_login(user)
    return client


@pytest.fixture
def client():
    return TwoFactorClient()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Indonesian, whatever language an earlier request left active."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@receiver(setting_changed)
def forget_language_prefixes(*, setting, **kwargs):
    """The URL resolver caches each language's address prefix, computed from LANGUAGE_CODE: a test that
    switches LANGUAGE_CODE would otherwise leave later tests reversing to "/en/..." addresses that 404."""
    if setting == "LANGUAGE_CODE":
        clear_url_caches()
