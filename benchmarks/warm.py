"""Cached pages measured inside one process: what a page cache hit costs, without gunicorn or wrk.

`python -m benchmarks.warm [--rounds R] [--requests N] [--page KEY ...]` against a database holding the scale
data (DATABASE_URL), with DEBUG=false, PAGE_CACHE=true and the cache production uses (CACHE_URL=redis://...;
the round trips to it are a good part of a hit). Each anonymous page of benchmarks.pages is requested once to
be kept, then R rounds of N requests call the WSGI application as gunicorn does (kpu_coop/wsgi.py: every
middleware, no test client); the table gives the fastest and the median round's time per request, and the
Python function calls of one more request (cProfile: steady on a loaded machine).
A noisy machine moves the times: compare runs taken side by side, and the minimums first.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpu_coop.settings")


def environ(path):
    """A GET of ``path`` as gunicorn hands it to the application: anonymous, no cookie."""
    path, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }


def request(application, path):
    """The status of one request, its body read and closed as a server does."""
    statuses = []
    body = application(environ(path), lambda status, headers, exc_info=None: statuses.append(status))
    try:
        b"".join(body)
    finally:
        body.close()
    return statuses[0]


def measure(application, page, rounds, requests):
    status = request(application, page.path)
    assert status.startswith("200"), (page.path, status)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(requests):
            request(application, page.path)
        times.append((time.perf_counter() - started) / requests)
    profiler = cProfile.Profile()
    profiler.runcall(request, application, page.path)
    return times, pstats.Stats(profiler).total_calls


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument(
        "--page", action="append", help="a page key (benchmarks.pages); every anonymous one if none"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    from benchmarks.pages import single_pages
    from kpu_coop.wsgi import application

    assert not settings.DEBUG and settings.PAGE_CACHE, "measure with DEBUG=false and PAGE_CACHE=true"
    pages = {page.key: page for page in single_pages() if page.cookie is None}
    keys = args.page or list(pages)
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(
        f"{args.rounds} rounds of {args.requests} requests a page, after one that keeps it; cache: {backend}"
    )
    print("| page | ms per request, fastest round | median round | Python calls |")
    print("|---|---:|---:|---:|")
    for key in keys:
        times, calls = measure(application, pages[key], args.rounds, args.requests)
        print(
            f"| {key} | {min(times) * 1000:.3f} | {statistics.median(times) * 1000:.3f} | {calls} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
