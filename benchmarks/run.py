"""`make bench` (`python -m benchmarks.run`): the application as production serves it, against its ceiling.

In one run, on PostgreSQL scale data, each with deploy/gunicorn.conf.py and Redis as the cache:
1. the ceiling: a minimal Django project (benchmarks/minimal/), driven with wrk;
2. cold: the application with PAGE_CACHE=false, each page driven alone;
3. warm: the application as configured, each page alone, then the mixed workload (mixed.py, mixed.lua)
   with a writer committing a change every second and timing how soon the public page shows it;
4. the ceiling again, since the machine's speed drifts during a run.
Prints one Markdown table (also var/bench.md) and "targets met: N of M"; missed targets do not fail it.
"""

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import servers, targets, wrk

ROOT = servers.ROOT
PORT = int(os.environ.get("BENCH_PORT", "8765"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
DURATION = os.environ.get("BENCH_DURATION", "10s")
WARMUP = os.environ.get("BENCH_WARMUP", "5s")
# The mixed workload needs time for enough writes: three times a page's run unless set.
MIXED_DURATION = os.environ.get("BENCH_MIXED_DURATION", f"{wrk.parse_duration(DURATION) * 3:g}s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
# Long enough for a cold agreements.csv (seconds) queued behind 15 others; gunicorn's own timeout is 60 s.
TIMEOUT = "30s"
DATABASE = os.environ.get("BENCH_DATABASE", "kpu_bench")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/7")
SIZE_ARGS = os.environ.get("BENCH_SIZE", "").split()
APP, CEILING = "kpu_coop.wsgi", "benchmarks.minimal.wsgi"


def bench_environment():
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kpu_coop.settings",
        "DATABASE_URL": f"{PG}/{DATABASE}",
        "CACHE_URL": CACHE_URL,
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-secret-key-not-for-production-use-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{PORT}",
        # Plain HTTP on loopback: no HTTPS redirect, no Secure-only cookies.
        "SECURE_SSL_REDIRECT": "false",
        # As docs/production.md sets it.
        "CONN_MAX_AGE": "60",
    }


def manage(*args, env, capture=False):
    command = [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=ROOT, env=env, check=True, text=True, capture_output=capture).stdout


def prepare_database(env):
    admin = f"{PG}/postgres"
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {DATABASE}"], check=True)
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {DATABASE}"], check=True)
    manage("migrate", "--no-input", "-v0", env=env)
    manage("load_demo", env=env, capture=True)
    started = time.monotonic()
    print(manage("generate_scale_data", *SIZE_ARGS, env=env, capture=True), end="")
    print(f"generate_scale_data took {time.monotonic() - started:.0f} s")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


def status(url, cookie=None):
    """The status one request gets: wrk counts a redirect (to the login page, say) as a success."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with OPENER.open(request, timeout=120) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def measure(base, path, cookie=None):
    answer = status(base + path, cookie)
    if answer != 200:
        raise SystemExit(f"{path} answered {answer}, not 200: the benchmark would measure the wrong page")
    # Warm-up: imports, connections, and (warm pass) the page caches; a cold export takes seconds.
    options = {"connections": CONNECTIONS, "timeout": TIMEOUT, "cookie": cookie}
    settle(base, wrk.drive(base + path, duration=WARMUP, **options))
    result = wrk.drive(base + path, duration=DURATION, **options)
    settle(base, result)
    return result


def settle(base, result):
    """Wait until gunicorn has worked off the requests wrk left queued when it stopped.

    A sync worker still serves a request whose client has gone, so without this the next run starts behind
    a queue of up to CONNECTIONS slow requests. A request's latency is mostly the queue ahead of it: the run's
    p99 is time enough to empty it; then one probe per worker.
    """
    backlog = result.p99 / 1000 if result.p99 is not None else wrk.parse_duration(TIMEOUT)
    time.sleep(min(backlog, wrk.parse_duration(TIMEOUT)))
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(lambda _: status(base + "/healthz"), range(WORKERS)))


def measure_ceiling(env):
    served = servers.gunicorn(CEILING, port=PORT, workers=WORKERS, env=env, label="ceiling", ready_path="/")
    with served as base:
        return measure(base, "/")


def app_server(env, label):
    servers.flush_redis(CACHE_URL)
    return servers.gunicorn(APP, port=PORT, workers=WORKERS, env=env, label=label, ready_path="/healthz")


def answering(base, requests, wanted=None):
    """The (kind, path, cookie) requests that answer 200, fetched once each, which also fills the caches.

    Stops when ``wanted`` requests answered 200; without ``wanted`` every one must.
    """
    kept = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for start in range(0, len(requests), 10):
            batch = requests[start : start + 10]
            answers = pool.map(lambda request: status(base + request[1], request[2]), batch)
            for request, answer in zip(batch, answers, strict=True):
                if answer == 200:
                    kept.append(request)
                elif wanted is None:
                    raise SystemExit(f"{request[1]} answered {answer}, not 200")
            if wanted is not None and len(kept) >= wanted:
                return kept[:wanted]
    return kept


def measure_mixed(base):
    from benchmarks import mixed

    agreement_ids = mixed.agreement_ids()
    agreements = [("agreement", mixed.agreement_path(pk), None) for pk in agreement_ids]
    liaisons = [("liaison", path, cookie) for path, cookie in mixed.liaison_sessions()]
    listings = answering(
        base, [("listing", path, None) for path in mixed.listing_candidates()], mixed.LISTING_COMBINATIONS
    )
    answering(base, agreements + liaisons)
    requests_file = ROOT / "var" / "bench-mixed.tsv"
    mixed.write_requests(requests_file, agreements + listings + liaisons)
    # Twenty of the pages being read, taken in turn: each write makes one of them stale.
    writer = mixed.FreshnessWriter(base, agreement_ids[::50])
    writer.start()
    try:
        result = wrk.drive(
            base + "/",
            connections=CONNECTIONS,
            duration=MIXED_DURATION,
            timeout=TIMEOUT,
            script=Path(__file__).with_name("mixed.lua"),
            script_args=[str(requests_file)],
        )
    finally:
        ended = time.monotonic()
        writer.stop()
    if writer.failure:
        raise SystemExit(f"the freshness writer failed: {writer.failure!r}")
    # Only commits made under load: a page refreshes faster once wrk has stopped.
    lags = [lag for committed, lag in writer.lags if committed < ended]
    return result, targets.Freshness(lags), len(listings)


def table(ceilings, cold, warm, mixed_result, freshness, listings):
    report = targets.Report(sum(result.rps for result in ceilings) / len(ceilings))
    report.section("ceiling (ratio base: the mean of both runs)")
    report.row("minimal Django app, start of run", ceilings[0])
    report.row("minimal Django app, end of run", ceilings[1])
    report.section("cold: PAGE_CACHE=false")
    for page, result in cold:
        report.row(f"{page.name} (`{page.path}`)", result, targets.COLD[page.key])
    report.section("warm: page cache on, each page alone")
    for page, result in warm:
        report.row(f"{page.name} (`{page.path}`)", result)
    report.section("mixed: warm, all at once, one write a second")
    counts = ", ".join(f"{kind} {count}" for kind, count in mixed_result.counts.items())
    name = f"1,000 agreement pages, {listings} listing combinations, 50 liaison task lists ({counts})"
    report.row(name, mixed_result, targets.MIXED)
    report.freshness_row(freshness)
    return report


def header(load_before):
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True, capture_output=True)
    # A load of one core or more: other work shared the machine during the run's start.
    busy = " (other work shared the machine: every figure is lower than alone)" if load_before >= 1 else ""
    return (
        f"`make bench`, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit.stdout.strip() or '?'}, "
        f"{os.cpu_count()} cores: gunicorn `deploy/gunicorn.conf.py` with {WORKERS} workers, Redis cache, "
        f"database {DATABASE}; wrk with {CONNECTIONS} connections, {DURATION} per page after {WARMUP} of "
        f"warm-up, mixed workload {MIXED_DURATION}. Load average before the run: {load_before:.1f}{busy}."
    )


def main():
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (the Makefile's bench target does it).")
    load_before = os.getloadavg()[0]
    env = bench_environment()
    if not os.environ.get("BENCH_REUSE_DATA"):
        prepare_database(env)
    manage("migrate", "--no-input", "-v0", env=env)
    manage("collectstatic", "--no-input", "-v0", env=env)
    servers.flush_redis(CACHE_URL)
    os.environ.update(env)
    import django

    django.setup()
    # What production's task worker does after a change: the whole open data files exist before they are
    # downloaded (no worker runs here; without files a download answers 503 until one has built them).
    from public.open_data_files import open_data_refresh

    started = time.monotonic()
    open_data_refresh()
    print(f"open data files built or found current in {time.monotonic() - started:.0f} s")
    # Creating the benchmark's sessions logs each login (security log, django-axes); that is not news here.
    import logging

    for name in ("security", "axes"):
        logging.getLogger(name).setLevel(logging.WARNING)
    from benchmarks.pages import single_pages

    pages = single_pages()
    ceilings = [measure_ceiling(env)]
    with app_server({**env, "PAGE_CACHE": "false"}, "cold") as base:
        cold = [(page, measure(base, page.path, page.cookie)) for page in pages]
    with app_server(env, "warm") as base:
        warm = [(page, measure(base, page.path, page.cookie)) for page in pages]
        mixed_result, freshness, listings = measure_mixed(base)
    ceilings.append(measure_ceiling(env))
    report = table(ceilings, cold, warm, mixed_result, freshness, listings)
    text = f"{header(load_before)}\n\n{report.markdown()}\n"
    print(text, end="")
    (ROOT / "var" / "bench.md").write_text(text)


if __name__ == "__main__":
    main()
