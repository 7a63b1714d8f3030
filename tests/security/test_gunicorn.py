"""gunicorn believes X-Forwarded-Proto only, and only from TRUSTED_PROXIES, the proxies Django believes."""

import http.client
import runpy
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from gunicorn.config import Config

from tests.security.conftest import PRODUCTION_ENV

CONFIG_FILE = settings.BASE_DIR / "deploy" / "gunicorn.conf.py"


def gunicorn_config(monkeypatch, trusted_proxies):
    """The settings gunicorn takes from the file, validated by gunicorn's own Config as at start-up."""
    monkeypatch.setenv("TRUSTED_PROXIES", trusted_proxies)
    values = runpy.run_path(str(CONFIG_FILE))
    config = Config()
    for name, value in values.items():
        if name in config.settings:
            config.set(name, value)
    return config


def test_it_believes_only_x_forwarded_proto(monkeypatch):
    config = gunicorn_config(monkeypatch, "127.0.0.1")

    assert config.secure_scheme_headers == {"X-FORWARDED-PROTO": "https"}


def test_it_believes_forwarded_headers_from_the_trusted_proxies(monkeypatch):
    config = gunicorn_config(monkeypatch, "127.0.0.1, 10.1.2.3/8")

    assert config.forwarded_allow_ips == ["127.0.0.1/32", "10.0.0.0/8"]


def test_it_believes_no_one_when_no_proxy_is_trusted(monkeypatch):
    config = gunicorn_config(monkeypatch, "")

    assert config.forwarded_allow_ips == []


def test_it_refuses_a_trusted_proxy_that_is_not_an_address(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match=r"TRUSTED_PROXIES: 'nginx\.local' is not an IP address"):
        gunicorn_config(monkeypatch, "nginx.local")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gunicorn_server(tmp_path):
    """A real gunicorn with the production configuration; 127.0.0.1, the test, is the trusted proxy."""
    port = free_port()
    env = {
        **PRODUCTION_ENV,
        "PATH": "/usr/bin:/bin",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "VAR_DIR": str(settings.VAR_DIR),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "kpu_coop.wsgi"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(server.stderr.read().decode()) from None
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stderr.close()


def get_login_page(port, headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", "/accounts/login/", headers={"Host": "127.0.0.1", **headers})
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


def test_a_real_gunicorn_lets_no_header_but_x_forwarded_proto_claim_https(gunicorn_server):
    # Production redirects what it sees as plain HTTP to HTTPS, so a 301 means "not HTTPS".
    claims = {
        "X-Forwarded-Ssl": get_login_page(gunicorn_server, {"X-Forwarded-Ssl": "on"}),
        "X-Forwarded-Protocol": get_login_page(gunicorn_server, {"X-Forwarded-Protocol": "ssl"}),
        "X-Forwarded-Proto": get_login_page(gunicorn_server, {"X-Forwarded-Proto": "https"}),
    }

    seen_as_https = {header for header, response in claims.items() if response.status != 301}
    assert seen_as_https == {"X-Forwarded-Proto"}
