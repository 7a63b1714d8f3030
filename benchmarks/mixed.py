"""The mixed workload: what many readers, liaisons and one writer do at once (mixed.lua drives the readers).

Read from the benchmark database after django.setup(); the writer changes data through the application's own
code path, in this process, with the same settings (database and cache) as the server.
"""

import itertools
import random
import threading
import time
import urllib.parse
import urllib.request

from django.db import connection, transaction
from django.urls import reverse

from agencies.models import User
from agreements.models import Agreement, Election, FocusArea
from benchmarks.pages import session_cookie
from benchmarks.scale_data import SLUG_PREFIX
from public.filters import SORTS

AGREEMENT_PAGES = 1000
LISTING_COMBINATIONS = 100
LIAISON_SESSIONS = 50


def spread(items, count):
    """``count`` items taken evenly from the whole of ``items``, not just its beginning."""
    step = max(len(items) // count, 1)
    return items[::step][:count]


def agreement_ids():
    ids = list(Agreement.objects.published().order_by("pk").values_list("pk", flat=True))
    return spread(ids, AGREEMENT_PAGES)


def agreement_path(pk):
    return reverse("public:agreement_detail", args=[pk])


def listing_candidates(seed=13):
    """Distinct filter, sort and page combinations of the public listing (public/filters.py), in random order.

    More than needed: a narrow combination may have fewer pages than asked, and answer 404; the harness keeps
    the first LISTING_COMBINATIONS that answer 200.
    """
    rng = random.Random(seed)
    years = Agreement.objects.published().dates("date_signed", "year")
    choices = {
        "sort": list(SORTS),
        "focus_area": ["", *FocusArea.objects.values_list("slug", flat=True)],
        "election": ["", *Election.objects.values_list("slug", flat=True)],
        "status": ["", *Agreement.Status.values],
        "year": ["", *(str(day.year) for day in years)],
        "page": ["", "2", "3"],
    }
    combinations = list(itertools.product(*choices.values()))
    rng.shuffle(combinations)
    listing = reverse("public:agreement_list")
    for values in combinations[: LISTING_COMBINATIONS * 4]:
        query = {name: value for name, value in zip(choices, values, strict=True) if value}
        yield f"{listing}?{urllib.parse.urlencode(query)}"


def liaison_sessions():
    liaisons = list(User.objects.filter(username__startswith=f"{SLUG_PREFIX}opd-").order_by("pk"))
    task_list = reverse("portal:tasks")
    return [(task_list, session_cookie(user)) for user in spread(liaisons, LIAISON_SESSIONS)]


def write_requests(path, requests):
    """One request a line for mixed.lua: kind, path and cookie (may be empty), separated by tabs."""
    path.write_text("".join(f"{kind}\t{address}\t{cookie or ''}\n" for kind, address, cookie in requests))


class FreshnessWriter(threading.Thread):
    """Once a second, retitle a published agreement, then read its public page until the new title shows.

    ``lags`` holds (commit time, lag): the lag runs from the commit to the first anonymous page carrying the
    change, in ms, None when it did not show within ``give_up`` seconds. The first write waits one interval,
    for the load to start. Titles are put back when the thread stops.
    """

    def __init__(self, base_url, agreement_ids, *, interval=1.0, give_up=10.0):
        super().__init__(name="freshness-writer", daemon=True)
        self.base_url = base_url
        self.agreement_ids = agreement_ids
        self.interval = interval
        self.give_up = give_up
        self.lags = []
        self.stopping = threading.Event()
        self.failure = None

    def run(self):
        originals = {}
        try:
            self.stopping.wait(self.interval)
            for number, pk in enumerate(itertools.cycle(self.agreement_ids), start=1):
                if self.stopping.is_set():
                    break
                started = time.monotonic()
                marker = f"bench-write-{number}"
                with transaction.atomic():
                    agreement = Agreement.objects.select_for_update().get(pk=pk)
                    original = originals.setdefault(pk, agreement.title)
                    agreement.title = f"{original} {marker}"
                    agreement.save()
                committed = time.monotonic()
                self.lags.append((committed, self.first_fresh(pk, marker, committed)))
                self.stopping.wait(max(0.0, self.interval - (time.monotonic() - started)))
        except Exception as error:  # reported by the harness: a silent writer would fake perfect freshness
            self.failure = error
        finally:
            self.restore(originals)
            connection.close()

    def first_fresh(self, pk, marker, committed):
        url = self.base_url + agreement_path(pk)
        while time.monotonic() - committed < self.give_up:
            with urllib.request.urlopen(url, timeout=self.give_up) as response:
                if marker in response.read().decode():
                    return (time.monotonic() - committed) * 1000
            time.sleep(0.01)
        return None

    def restore(self, originals):
        for pk, title in originals.items():
            with transaction.atomic():
                agreement = Agreement.objects.select_for_update().get(pk=pk)
                agreement.title = title
                agreement.save()

    def stop(self):
        self.stopping.set()
        self.join()
