"""App servers as production runs them (deploy/gunicorn.conf.py), and a browser that visits several."""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent.parent
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
START_SECONDS = 60


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorns(environments, *, logs):
    """One gunicorn per environment, each on a port of its own; yields their addresses once all answer."""
    started = []
    try:
        for number, env in enumerate(environments):
            port = free_port()
            log = logs / f"server-{number}.log"
            with open(log, "w") as errors:
                server = subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "-c", str(CONFIG), "kpu_coop.wsgi"],
                    cwd=ROOT,
                    env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"},
                    stdout=subprocess.DEVNULL,
                    stderr=errors,
                    start_new_session=True,
                )
            started.append((server, f"http://127.0.0.1:{port}", log))
        # Started together, waited for together: the two imports overlap.
        for server, base, log in started:
            wait_until_ready(server, base, log)
        yield [base for _, base, _ in started]
    finally:
        for server, _, _ in started:
            stop(server)


def wait_until_ready(server, base, log):
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline and server.poll() is None:
        try:
            status, _, _ = Browser().get(base, "/healthz")
        except OSError:
            time.sleep(0.1)
            continue
        if status == 200:
            return
        break
    raise AssertionError(f"gunicorn at {base} did not start:\n{log.read_text()[-3000:]}")


def stop(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


class Browser:
    """Keeps its cookies for 127.0.0.1 whatever the port, as a browser does, and follows no redirect."""

    def __init__(self, **cookies):
        self.cookies = dict(cookies)

    def get(self, base, path):
        return self.request(base, "GET", path)

    def post(self, base, path, body, content_type="application/x-www-form-urlencoded"):
        # Django's CSRF check takes the cookie's secret in the header, as a form's hidden field gives it.
        csrf = next(value for name, value in self.cookies.items() if name.endswith("csrftoken"))
        headers = {"Content-Type": content_type, "X-CSRFToken": csrf}
        return self.request(base, "POST", path, body.encode() if isinstance(body, str) else body, headers)

    def request(self, base, method, path, body=None, headers=None):
        address = urlsplit(base)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, content

    def log_in(self, base, username, password):
        self.get(base, "/accounts/login/")
        status, headers, _ = self.post(base, "/accounts/login/", form(username=username, password=password))
        assert status == 302, f"login of {username} answered {status}"
        return headers["Location"]


def form(**fields):
    return urlencode(fields)


def text(content):
    """A page's text with tags and runs of white space reduced to one space, for phrases split by markup."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content.decode()))
