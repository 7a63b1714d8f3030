import json
import os
import subprocess
import sys
from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client

from agencies.models import Organisation
from agencies.offices import OfficeLevel
from agreements.models import AgreementParty
from portal.services import calendar_feed_renew
from tests.factories import (
    make_agreement,
    make_commitment,
    make_document,
    make_election,
    make_evidence,
    make_focus_area,
    make_kpu_office,
    make_kpu_staff,
    make_organisation,
    make_published_agreement,
    make_report,
    make_staff,
    make_stage,
    make_user,
)

# What a production server has in its environment (docs/production.md), minus real secrets.
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "-production-like-test-key-" + "y" * 30,
    "ALLOWED_HOSTS": "pks.example.org",
    "SITE_URL": "https://pks.example.org",
    "MAIL_URL": "smtp+tls://mailer:secret@mail.example.org:587",
    "TRUSTED_PROXIES": "127.0.0.1",
    "CACHE_URL": "redis://127.0.0.1:6379/15",
}
# Settings that production (DEBUG=false) sets differently from development; read from a real start-up.
PRODUCTION_SETTINGS = (
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_SSL_REDIRECT",
)


def run_manage(*args, env=None):
    """manage.py in a fresh process, with exactly ``env`` added to a development-free environment."""
    # Not the test run's own variables: the browser tests allow async-unsafe calls, which production must not.
    dropped = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    base = {key: value for key, value in os.environ.items() if key not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=django_settings.BASE_DIR,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="session")
def production_values():
    code = "from django.conf import settings; import json; print(json.dumps({n: getattr(settings, n) for n in %r}))"  # noqa: E501
    result = run_manage("shell", "-c", code % (PRODUCTION_SETTINGS,), env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def production(settings, production_values):
    """This process's settings switched to what production start-up computes (HTTPS is simulated)."""
    for name, value in production_values.items():
        setattr(settings, name, value)
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["pks.example.org", "testserver"]
    return settings


@pytest.fixture(autouse=True)
def plain_static(settings, private_files):
    """Static URLs without the hashed manifest: these tests are about security, not about collectstatic."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def choose_english(client):
    """As the language switch does: pages outside the public site follow the language cookie."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture(autouse=True)
def english(client):
    """Pages outside the public site in English, so that assertions read like the msgids; LANGUAGE_CODE
    stays Indonesian, which the public site's addresses depend on."""
    choose_english(client)


@pytest.fixture(autouse=True)
def empty_cache():
    # Public pages are cached across requests; lockouts and throttles must not leak between tests.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def unverified_client():
    """A plain client: force_login() does not pass two-factor authentication."""
    return choose_english(Client())


@dataclass
class Side:
    """One agency's world: its liaison, public things and private things (whose texts must never leak)."""

    agency: Organisation
    liaison: object
    published: object
    draft: object
    document: object
    private_document: object
    commitment: object
    report: object
    evidence: object
    feed: object

    @property
    def secrets(self):
        return [self.draft.title, self.commitment.title, self.report.summary, self.evidence.original_name]


@dataclass
class World:
    a: Side
    b: Side
    staff: object
    administrator: object
    superuser: object
    election: object
    stage: object
    focus_area: object


def make_side(letter, kpu):
    agency = make_organisation(short_name=f"Dinas {letter}", slug=f"dinas-{letter.lower()}")
    liaison = make_user(f"liaison_{letter.lower()}", organisation=agency)
    published = make_published_agreement(kpu=kpu, agency=agency, title=f"PKS terbuka {letter}")
    draft = make_agreement(kpu=kpu, agency=agency, title=f"RAHASIA-{letter} draf perjanjian", state="draft")
    commitment = make_commitment(draft, title=f"RAHASIA-{letter} kewajiban")
    report = make_report(commitment, author=liaison, summary=f"RAHASIA-{letter} laporan kemajuan")
    return Side(
        agency=agency,
        liaison=liaison,
        published=published,
        draft=draft,
        document=make_document(published, title=f"Naskah {letter}"),
        private_document=make_document(published, title=f"Naskah internal {letter}", is_public=False),
        commitment=commitment,
        report=report,
        evidence=make_evidence(report, name=f"RAHASIA-{letter}-bukti.pdf"),
        feed=calendar_feed_renew(user=liaison),
    )


@pytest.fixture
def world(db):
    """Two agencies built alike, so that B's liaison on A's objects is A's liaison on B's."""
    kpu = make_organisation(kind=Organisation.Kind.ELECTION_COMMISSION, short_name="KPU", slug="kpu-uji")
    election = make_election(slug="pemilu-uji")
    return World(
        a=make_side("A", kpu),
        b=make_side("B", kpu),
        staff=make_kpu_staff("kpu_staff", office=kpu),
        administrator=make_kpu_staff("kpu_admin", office=kpu, role="administrator"),
        superuser=make_staff("root"),
        election=election,
        stage=make_stage(election),
        focus_area=make_focus_area(slug="bidang-uji"),
    )


def client_for(role, world):
    """A logged-in client per role of the permission matrix (staff: with 2FA passed)."""
    from tests.conftest import TwoFactorClient

    client = TwoFactorClient()
    user = {
        "anonymous": None,
        "liaison_a": world.a.liaison,
        "liaison_b": world.b.liaison,
        "staff": world.staff,
        "administrator": world.administrator,
        "superuser": world.superuser,
    }[role]
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def offices(world):
    """A second office below a province, with its own agency C built as A and B are."""
    province = make_kpu_office(
        slug="kpu-provinsi", short_name="KPU Provinsi", office_level=OfficeLevel.PROVINCE
    )
    other = make_kpu_office(slug="kpu-lain", short_name="KPU Lain", parent=province)
    side = make_side("C", other)
    return {
        "province": province,
        "other": other,
        "side": side,
        "other_staff": make_kpu_staff("kpu_lain_staf", office=other),
        "province_staff": make_kpu_staff("kpu_provinsi_staf", office=province),
        "party": AgreementParty.objects.filter(agreement=side.draft).first(),
    }
