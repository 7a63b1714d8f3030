"""Two app servers behind one address share everything a user carries from one request to the next.

Two gunicorn instances, run with the production configuration, share the PostgreSQL test database (the data is
committed: transactional_db), Redis db 11 as the cache, and one private files folder: what one of them stores,
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

from agreements.models import Evidence, ProgressReport
from tests.deploy.servers import Browser, form, gunicorns, text
from tests.factories import (
    PDF_BYTES,
    assign,
    make_commitment,
    make_kpu_staff,
    make_organisation,
    make_published_agreement,
    make_totp_device,
    make_user,
    totp_code,
)

CACHE_URL = "redis://127.0.0.1:6379/11"
PASSWORD = "dua-server-uji"
# How soon a change on one server must show on the other's public pages.
FRESHNESS_SECONDS = 1.0


@pytest.fixture
def postgresql(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("Two servers share one database, which SQLite is not; CI runs this on PostgreSQL.")


def database_url():
    database = connection.settings_dict
    user = quote(database["USER"] or "")
    password = f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else ""
    host = database["HOST"] or "127.0.0.1"
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{database['NAME']}"


@pytest.fixture
def cache_db():
    store = redis.Redis.from_url(CACHE_URL)
    try:
        store.ping()
    except redis.ConnectionError as error:
        pytest.fail(f"Redis does not answer at {CACHE_URL}: {error}")
    yield
    store.flushdb()


@pytest.fixture
def servers(postgresql, cache_db, tmp_path):
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
        "DATABASE_URL": database_url(),
        "CACHE_URL": CACHE_URL,
        # One key space for both, as for every server of one release; fresh for this run.
        "CACHE_KEY_PREFIX": f"two-servers-{uuid.uuid4().hex[:8]}",
        "FILE_STORAGE": "disk",
        "PRIVATE_FILES_ROOT": str(tmp_path / "shared-files"),
        "OPEN_DATA_DIR": str(tmp_path / "shared-open-data"),
        # The test database has no task tables (they exist where TASKS_BACKEND=database was migrated).
        "TASKS_BACKEND": "immediate",
        "LOG_LEVEL": "WARNING",
    }
    with gunicorns([environment, environment], logs=tmp_path) as bases:
        yield bases


def with_password(user):
    # The servers run the production hashers; few iterations keep this test quick (upgraded at login).
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])
    return user


@pytest.fixture
def world(postgresql):
    agency = make_organisation(short_name="Dukcapil", name="Dinas Kependudukan dan Pencatatan Sipil")
    agreement = make_published_agreement(agency=agency)
    commitment = make_commitment(agreement, title="Menyediakan data pemilih pemula")
    liaison = with_password(make_user("dukcapil", organisation=agency))
    assign(commitment, liaison)
    staff = with_password(make_kpu_staff("verifikator"))
    device = make_totp_device(staff)
    return {"agreement": agreement, "commitment": commitment, "device": device}


def report_with_evidence(commitment):
    fields = {
        "summary": "Data pemilih pemula sudah diserahkan.",
        "claim": "done",
        "blocked_reason": "",
        "links": "",
        "last_report": "0",
        "files": SimpleUploadedFile("bukti.pdf", PDF_BYTES),
    }
    return encode_multipart(BOUNDARY, fields)


def test_a_session_an_upload_and_a_change_cross_from_one_server_to_the_other(servers, world):
    first, second = servers
    commitment, agreement = world["commitment"], world["agreement"]

    # A session made on the first server works on the second.
    liaison = Browser(django_language="en")
    liaison.log_in(first, "dukcapil", PASSWORD)
    status, _, tasks = liaison.get(second, "/portal/tasks/")
    assert status == 200
    assert "Menyediakan data pemilih pemula" in tasks.decode()

    # A file uploaded through the first downloads through the second.
    status, _, _ = liaison.post(
        first,
        f"/portal/commitments/{commitment.pk}/report/",
        report_with_evidence(commitment),
        MULTIPART_CONTENT,
    )
    assert status == 302
    evidence = Evidence.objects.get(report__commitment=commitment)
    status, headers, content = liaison.get(second, f"/portal/evidence/{evidence.pk}/")
    assert status == 200
    assert content == PDF_BYTES
    assert headers["Content-Disposition"].startswith("attachment")

    # The public page on the first server, cached there (in the shared cache) before the change.
    public = Browser(django_language="en")
    page = f"/en/agreements/{agreement.pk}/"
    assert "Here: 0 of 1" in text(public.get(first, page)[2])

    # Staff accept the report on the second server (after two-factor authentication there)...
    staff = Browser(django_language="en")
    staff.log_in(second, "verifikator", PASSWORD)
    status, _, _ = staff.post(second, "/accounts/two-factor/verify/", form(code=totp_code(world["device"])))
    assert status == 302
    report = ProgressReport.objects.get(commitment=commitment)
    status, _, _ = staff.post(
        second, f"/portal/reports/{report.pk}/", form(decision="accept", comment="", version=report.version)
    )
    assert status == 302

    # ...and the first server's public page shows it within a second.
    deadline = time.monotonic() + FRESHNESS_SECONDS
    shown = text(public.get(first, page)[2])
    while "Here: 1 of 1" not in shown and time.monotonic() < deadline:
        shown = text(public.get(first, page)[2])
    assert "Here: 1 of 1" in shown
