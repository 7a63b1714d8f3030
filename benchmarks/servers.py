"""gunicorn as production runs it (deploy/gunicorn.conf.py), for the application and for the ceiling."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"


@contextmanager
def gunicorn(module, *, port, workers, env, label, ready_path):
    """Serve ``module`` with the production configuration file on 127.0.0.1:``port`` until the block ends.

    The configuration reads its bind address and worker count from the environment; everything else (worker
    class, timeouts, worker recycling, access log) is what production runs.
    """
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)}
    log_path = ROOT / "var" / f"bench-{label}.log"
    with ExitStack() as files:
        errors = files.enter_context(open(log_path, "w"))
        # The access log is written as in production, but to nowhere unless asked for (millions of lines).
        access = subprocess.DEVNULL
        if os.environ.get("BENCH_ACCESS_LOG"):
            access = files.enter_context(open(log_path.with_suffix(".access.log"), "w"))
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(CONFIG), module],
            cwd=ROOT,
            env=env,
            stdout=access,
            stderr=errors,
            start_new_session=True,
        )
        try:
            wait_until_ready(f"http://127.0.0.1:{port}{ready_path}", server, log_path)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(server)


def wait_until_ready(url, server, log_path):
    for _ in range(150):
        if server.poll() is not None:
            break
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError as error:
            raise SystemExit(f"{url} answered {error.code}; see {log_path}") from error
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise SystemExit(f"gunicorn did not answer on {url}; see {log_path}")


def stop(server):
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=40)
    except subprocess.TimeoutExpired:
        # A worker stuck in a slow request must not keep the port for the next pass.
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def flush_redis(url):
    import redis

    try:
        redis.Redis.from_url(url).flushdb()
    except redis.ConnectionError as error:
        raise SystemExit(f"Redis does not answer at {url} (BENCH_CACHE_URL): {error}") from error
