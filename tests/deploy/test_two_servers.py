"""Two app servers behind one address share everything a user carries from one request to the next.

Two gunicorn instances, run with the production configuration, share the PostgreSQL test database (the data is
committed: transactional_db), Redis db 11 as the cache, and one files folder: what one of them stores,
remembers or changes, the other serves, whichever a load balancer picks. The servers run with DEBUG=false and
serve the collected static files (`make test` collects them; alone: `manage.py collectstatic` first).
"""

import time
import uuid
from urllib.parse import quote

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from agreements.models import Evidence
from tests.deploy.servers import Browser, form, gunicorns, text
from tests.factories import (
    PDF_BYTES,
    assign,
    make_commitment,
    make_kpu_staff,
    make_organisation,
    make_published_agreement,
    make_report,
    make_totp_device,
    make_user,
    totp_code,
)

CACHE_URL = "redis://127.0.0.1:6379/11"
PASSWORD = "dua-server-uji"
# How soon a change on one server must show on the other's public pages.
FRESHNESS_SECONDS = 1.0


def require_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("Two servers share one database, which SQLite is not; CI runs this on PostgreSQL.")


def database_url():
    database = connection.settings_dict
    user = quote(database["USER"] or "")
    password = f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else ""
    host = database["HOST"] or "127.0.0.1"
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{database['NAME']}"


@pytest.fixture(scope="module")
def servers(request, tmp_path_factory):
    """Started once for the module; each test commits its own data (transactional_db) and clears the cache."""
    require_postgresql()
    # After the check: on SQLite no test database is made for nothing.
    request.getfixturevalue("django_db_setup")
    shared = tmp_path_factory.mktemp("two-servers")
    environment = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "kpu_coop.settings",
        "DEBUG": "false",
        "SECRET_KEY": "two-servers-test-secret-key-not-for-production-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        # Plain HTTP on loopback: no redirect to HTTPS (the Secure cookies are still sent by this browser).
        "SECURE_SSL_REDIRECT": "false",
        # The test database pytest-django made; what the tests commit, both servers read.
        "DATABASE_URL": database_url(),
        "CACHE_URL": CACHE_URL,
        # One key space for both, as for every server of one release; fresh for this run.
        "CACHE_KEY_PREFIX": f"two-servers-{uuid.uuid4().hex[:8]}",
        "FILE_STORAGE": "disk",
        "PRIVATE_FILES_ROOT": str(shared / "private"),
        "OPEN_DATA_DIR": str(shared / "open-data"),
        # The test database has no task tables (they exist where TASKS_BACKEND=database was migrated).
        "TASKS_BACKEND": "immediate",
        "LOG_LEVEL": "WARNING",
    }
    with gunicorns([environment, environment], logs=shared) as bases:
        yield bases


@pytest.fixture(autouse=True)
def shared_cache():
    """Redis db 11 starts empty for each test: the pages it holds showed data rolled away since."""
    store = redis.Redis.from_url(CACHE_URL)
    try:
        store.flushdb()
    except redis.ConnectionError as error:
        pytest.fail(f"Redis does not answer at {CACHE_URL}: {error}")
    yield
    store.flushdb()


def with_password(user):
    # The servers run the production hashers; few iterations keep this test quick (upgraded at login).
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])
    return user


@pytest.fixture
def world(servers, transactional_db):
    agency = make_organisation(short_name="Dukcapil", name="Dinas Kependudukan dan Pencatatan Sipil")
    agreement = make_published_agreement(agency=agency)
    commitment = make_commitment(agreement, title="Menyediakan data pemilih pemula")
    liaison = with_password(make_user("dukcapil", organisation=agency))
    assign(commitment, liaison)
    staff = with_password(make_kpu_staff("verifikator"))
    device = make_totp_device(staff)
    return {"agreement": agreement, "commitment": commitment, "liaison": liaison, "device": device}


def report_with_evidence():
    fields = {
        "summary": "Data pemilih pemula sudah diserahkan.",
        "claim": "done",
        "blocked_reason": "",
        "links": "",
        "last_report": "0",
        "files": SimpleUploadedFile("bukti.pdf", PDF_BYTES),
    }
    return encode_multipart(BOUNDARY, fields)


def test_a_session_made_on_one_server_works_on_the_other(servers, world):
    first, second = servers
    liaison = Browser(django_language="en")
    liaison.log_in(first, "dukcapil", PASSWORD)

    status, _, tasks = liaison.get(second, "/portal/tasks/")

    assert status == 200
    assert "Menyediakan data pemilih pemula" in tasks.decode()


def test_a_file_uploaded_through_one_server_downloads_through_the_other(servers, world):
    first, second = servers
    liaison = Browser(django_language="en")
    liaison.log_in(first, "dukcapil", PASSWORD)
    report_form = f"/portal/commitments/{world['commitment'].pk}/report/"
    assert liaison.post(first, report_form, report_with_evidence(), MULTIPART_CONTENT)[0] == 302

    evidence = Evidence.objects.get(report__commitment=world["commitment"])
    status, headers, content = liaison.get(second, f"/portal/evidence/{evidence.pk}/")

    assert status == 200
    assert headers["Content-Disposition"].startswith("attachment")
    assert content == PDF_BYTES


def test_a_change_made_on_one_server_shows_on_the_others_public_page_within_a_second(servers, world):
    first, second = servers
    report = make_report(world["commitment"], author=world["liaison"], claim="done")
    # The public page on the first server, cached (in the shared cache) before the change.
    public = Browser(django_language="en")
    page = f"/en/agreements/{world['agreement'].pk}/"
    assert "Here: 0 of 1" in text(public.get(first, page)[2])

    # Staff accept the report on the second server, after two-factor authentication there.
    staff = Browser(django_language="en")
    staff.log_in(second, "verifikator", PASSWORD)
    assert staff.post(second, "/accounts/two-factor/verify/", form(code=totp_code(world["device"])))[0] == 302
    decision = form(decision="accept", comment="", version=report.version)
    assert staff.post(second, f"/portal/reports/{report.pk}/", decision)[0] == 302

    deadline = time.monotonic() + FRESHNESS_SECONDS
    shown = text(public.get(first, page)[2])
    while "Here: 1 of 1" not in shown and time.monotonic() < deadline:
        shown = text(public.get(first, page)[2])
    assert "Here: 1 of 1" in shown
