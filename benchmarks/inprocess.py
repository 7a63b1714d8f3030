"""Cold pages measured inside one process: where a request's time goes, without gunicorn or wrk.

`python -m benchmarks.inprocess [--repeat N] [--page KEY ...] [--profile KEY] [--shared-reads]` against a
database holding the scale data (DATABASE_URL), with DEBUG=false, PAGE_CACHE=false and a local-memory cache.
Each page of benchmarks.pages is requested through Django's test client (every middleware) N times after one
warm-up, each request in a frame-stack chunk of its own as kpu_coop/wsgi.py runs it; the table gives min and
median of the total time, the SQL time and the template render time, the number of SQL queries, and the
Python function calls of one more request (cProfile: steady on a loaded machine).
Each request finds the cache empty, as the first after a write does; with `--shared-reads` it keeps what
requests share (public.caching.site_data, the dashboard's figures), as make bench's cold pass finds it.
A noisy machine moves the times: compare runs taken side by side, and the minimums first.
`--profile KEY` prints a pyinstrument profile of that page (pyinstrument is not a dependency: install it).
"""

import argparse
import cProfile
import os
import pstats
import statistics
import time
from contextlib import contextmanager

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpu_coop.settings")


class Meter:
    """SQL count and time, and template render time, of the requests made while it is installed."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.queries, self.sql, self.render, self.depth = 0, 0.0, 0.0, 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries += 1
            self.sql += time.perf_counter() - started

    @contextmanager
    def installed(self):
        from django.db import connection
        from django.template.backends.django import Template

        render = Template.render
        meter = self

        # The outermost render of each response; includes inside it are part of it.
        def timed_render(template, *args, **kwargs):
            meter.depth += 1
            started = time.perf_counter()
            try:
                return render(template, *args, **kwargs)
            finally:
                meter.depth -= 1
                if not meter.depth:
                    meter.render += time.perf_counter() - started

        Template.render = timed_render
        try:
            with connection.execute_wrapper(self):
                yield
        finally:
            Template.render = render


def client_for(page):
    from django.test import Client

    from kpu_coop.frame_stack import loses_stack_chunks, with_stack_headroom

    client = Client()
    if page.cookie:
        name, value = page.cookie.split("=", 1)
        client.cookies[name] = value
    if loses_stack_chunks():
        # As kpu_coop/wsgi.py runs each request: else a change that moves a page onto a frame-stack chunk's
        # edge (an include more or less) is timed with hundreds of page faults gunicorn never sees.
        client.get = with_stack_headroom(client.get)
    return client


def measure(page, repeat, meter, *, shared_reads=False):
    from django.core.cache import cache

    client = client_for(page)
    response = client.get(page.path)
    assert response.status_code == 200, (page.path, response.status_code)
    runs = []
    for _ in range(repeat):
        # Cold: nothing cached, as after a write (the dashboard caches its figures even with PAGE_CACHE off);
        # or, with shared_reads, as the benchmark's cold pass finds it: no page cached, shared reads cached.
        if not shared_reads:
            cache.clear()
        meter.reset()
        started = time.perf_counter()
        response = client.get(page.path)
        total = time.perf_counter() - started
        runs.append((total, meter.sql, meter.render, meter.queries))
    return runs, python_calls(client, page, shared_reads=shared_reads)


def python_calls(client, page, *, shared_reads=False):
    """Python function calls of one cold request: CPU work that the machine's load does not blur."""
    from django.core.cache import cache

    if not shared_reads:
        cache.clear()
    profiler = cProfile.Profile()
    profiler.runcall(client.get, page.path)
    return pstats.Stats(profiler).total_calls


def profile(page):
    from django.core.cache import cache
    from pyinstrument import Profiler

    client = client_for(page)
    client.get(page.path)
    with Profiler(interval=0.0005) as profiler:
        for _ in range(20):
            cache.clear()
            client.get(page.path)
    print(profiler.output_text(unicode=True, show_all=False))
    # Then the functions that spend the most time themselves, wherever they are called from.
    print("\n".join(profiler.output_text(unicode=True, flat=True).splitlines()[:60]))


def row(page, runs, calls):
    def ms(index, pick):
        return f"{pick([run[index] for run in runs]) * 1000:.1f}"

    queries = "/".join(map(str, sorted({run[3] for run in runs})))
    figures = [ms(index, pick) for index in range(3) for pick in (min, statistics.median)]
    return f"| {page.key} | {' | '.join(figures)} | {queries} | {calls} |"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--page", action="append", help="a page key (benchmarks.pages); all but csv if none")
    parser.add_argument("--profile", help="print a pyinstrument profile of this page instead")
    parser.add_argument(
        "--shared-reads",
        action="store_true",
        help="keep what requests share in the cache between requests (the listing's filter choices, the "
        "dashboard's figures), as make bench's cold pass does; by default every request finds it empty",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    from benchmarks.pages import single_pages

    assert not settings.DEBUG and not settings.PAGE_CACHE, "measure with DEBUG=false and PAGE_CACHE=false"
    pages = {page.key: page for page in single_pages()}
    if args.profile:
        profile(pages[args.profile])
        return
    keys = args.page or [key for key in pages if key != "csv"]
    meter = Meter()
    cache = "shared reads kept in the cache" if args.shared_reads else "the cache emptied before each"
    print(f"{args.repeat} requests per page after one warm-up, {cache}; times in ms")
    names = [f"{column} {pick}" for column in ("total", "SQL", "render") for pick in ("min", "median")]
    print(f"| page | {' | '.join(names)} | queries | Python calls |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    with meter.installed():
        for key in keys:
            runs = measure(pages[key], args.repeat, meter, shared_reads=args.shared_reads)
            print(row(pages[key], *runs), flush=True)


if __name__ == "__main__":
    main()
