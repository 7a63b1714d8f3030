"""While the database is down the site answers a friendly 503 and /healthz says so; it recovers by itself.

The drill runs on PostgreSQL (CI's second run): the live connection is pointed at a port where nothing
listens, as when the server is stopped, or its server process is killed; requests go through Django's WSGI
handler exactly as gunicorn sends them, so the per-request connection handling is the production one.
"""

import json
import socket
from contextlib import contextmanager

import psycopg
import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection
from django.test import RequestFactory

from security.middleware import DatabaseUnavailableMiddleware
from security.views import server_error
from tests.factories import make_user


def wsgi_get(path, cookie=""):
    """(status code, headers, body) of a GET through the WSGI handler, as from gunicorn."""
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET", HTTP_COOKIE=cookie)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

    body = b"".join(WSGIHandler()(environ, start_response)).decode()
    return answer["status"], answer["headers"], body


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


@contextmanager
def database_down():
    """Nothing answers at the database's address until the block ends."""
    saved = connection.settings_dict["HOST"], connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["HOST"], connection.settings_dict["PORT"] = "127.0.0.1", closed_port()
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["HOST"], connection.settings_dict["PORT"] = saved


@pytest.fixture
def postgresql(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("The outage drill needs PostgreSQL; CI runs the suite on it too.")


def test_it_answers_a_friendly_503_page_while_the_database_is_down(postgresql):
    with database_down():
        status, headers, body = wsgi_get("/agreements/")
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "cannot reach its database" in body or "tidak dapat menghubungi" in body
    assert "Traceback" not in body and "OperationalError" not in body


def test_it_answers_503_when_a_logged_in_users_session_cannot_be_read(postgresql):
    session = SessionStore()
    session[SESSION_KEY] = str(make_user("penghubung").pk)
    session.create()
    with database_down():
        status, _, body = wsgi_get("/portal/tasks/", cookie=f"sessionid={session.session_key}")
    assert status == 503
    assert "cannot reach its database" in body or "tidak dapat menghubungi" in body
    assert "Traceback" not in body


def test_it_reports_the_database_in_healthz(postgresql):
    with database_down():
        status, _, body = wsgi_get("/healthz")
    assert status == 503
    assert json.loads(body)["database"] == "unavailable"


def test_it_recovers_by_itself_when_the_database_returns(postgresql):
    with database_down():
        assert wsgi_get("/agreements/")[0] == 503
    assert wsgi_get("/agreements/")[0] == 200
    assert json.loads(wsgi_get("/healthz")[2]) == {"status": "ok", "database": "ok"}


def test_it_replaces_a_kept_connection_that_the_server_dropped(postgresql, settings):
    connection.settings_dict["CONN_MAX_AGE"] = 60
    try:
        assert wsgi_get("/healthz")[0] == 200
        backend_pid = connection.connection.info.backend_pid
        # What a database restart does to every open connection.
        settings_dict = connection.settings_dict
        with psycopg.connect(
            host=settings_dict["HOST"] or None,
            port=settings_dict["PORT"] or None,
            user=settings_dict["USER"],
            password=settings_dict["PASSWORD"] or None,
            dbname=settings_dict["NAME"],
            autocommit=True,
        ) as killer:
            killer.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
        assert wsgi_get("/agreements/")[0] == 200
        assert connection.connection.info.backend_pid != backend_pid
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = 0
        connection.close()


# On every database: the pieces the drill relies on.
def test_it_turns_a_lost_connection_in_a_view_into_the_503_page(db):
    request = RequestFactory().get("/")
    response = DatabaseUnavailableMiddleware(lambda request: None).process_exception(
        request, OperationalError("connection refused")
    )
    assert response.status_code == 503


def test_it_turns_a_lost_connection_anywhere_else_into_the_503_page(db):
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 503


def test_it_keeps_other_errors_as_500(db):
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500


def test_it_reports_a_healthy_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
