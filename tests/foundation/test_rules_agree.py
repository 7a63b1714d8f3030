"""Every page that shows progress, overdue or due-soon figures agrees with a plain-Python recomputation.

Random agreements (published or not, signed or draft) get random commitments (weights, statuses,
not-applicable flags, due dates around today); each example is rolled back. The rules are docs/domain.md,
"Progress" and "Deadlines", written out again here in the simplest Python so that a drifting copy shows up.
"""

import json
import re
import shutil
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from agreements.deadlines import DUE_SOON_DAYS
from agreements.models import Agreement, Commitment
from tests.factories import make_agreement, make_commitment, make_staff

# Random data varies between runs to explore more over time; BOUNDARIES below is checked on every run.
RULES = {"max_examples": 25, "deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture]}
STATUSES = [Commitment.Status.DONE, Commitment.Status.IN_PROGRESS, Commitment.Status.BLOCKED]
LIVE = [Agreement.Status.SIGNED]
DUE_IN_DAYS = [-30, -1, 0, 1, DUE_SOON_DAYS, DUE_SOON_DAYS + 1, 30]
ATOM = "{http://www.w3.org/2005/Atom}"

commitments = st.lists(
    st.fixed_dictionaries(
        {
            "weight": st.integers(min_value=1, max_value=100),
            "status": st.sampled_from(STATUSES),
            "is_not_applicable": st.booleans(),
            # Days from today, on each side of every boundary: overdue, due today, due soon, due later.
            "due_in": st.none() | st.sampled_from(DUE_IN_DAYS),
        }
    ),
    max_size=5,
)
agreements = st.lists(
    st.fixed_dictionaries(
        {
            "is_published": st.booleans(),
            "state": st.sampled_from([Agreement.Status.SIGNED, Agreement.Status.DRAFT]),
            "commitments": commitments,
        }
    ),
    min_size=1,
    max_size=3,
)


def spec(status, due_in=None, *, weight=1, not_applicable=False):
    return {"weight": weight, "status": status, "is_not_applicable": not_applicable, "due_in": due_in}


# Every due-date boundary, open and closed, applicable or not, in a live and in a draft agreement.
BOUNDARIES = [
    {
        "is_published": True,
        "state": Agreement.Status.SIGNED,
        "commitments": [
            *(
                spec(Commitment.Status.IN_PROGRESS, days, weight=(days or 0) % 7 + 1)
                for days in [None, *DUE_IN_DAYS]
            ),
            *(spec(Commitment.Status.DONE, days, weight=3) for days in [-1, 0]),
            spec(Commitment.Status.BLOCKED, -1, weight=5, not_applicable=True),
            spec(Commitment.Status.DONE, 1, weight=7, not_applicable=True),
        ],
    },
    {
        "is_published": True,
        "state": Agreement.Status.DRAFT,
        "commitments": [spec(Commitment.Status.BLOCKED, days) for days in DUE_IN_DAYS],
    },
    {
        "is_published": False,
        "state": Agreement.Status.SIGNED,
        "commitments": [spec(Commitment.Status.DONE, 0)],
    },
]


@dataclass
class Expected:
    """What every page should show, computed in plain Python from the generated data."""

    agreements: list

    def commitments(self, agreements=None):
        return [
            c for a in (self.agreements if agreements is None else agreements) for c in a.commitments.all()
        ]

    @staticmethod
    def progress(commitments):
        """(done weight, applicable weight, whole percent rounded down or None)."""
        applicable = [c for c in commitments if not c.is_not_applicable]
        done = sum(c.weight for c in applicable if c.status == "done")
        total = sum(c.weight for c in applicable)
        return done, total, (done * 100 // total if total else None)

    @staticmethod
    def is_open(commitment):
        return not commitment.is_not_applicable and commitment.status != "done"

    def overdue(self, commitments, today):
        return [c for c in commitments if self.is_open(c) and c.due_on is not None and c.due_on < today]

    def due_soon(self, commitments, today):
        soon = today + timedelta(days=DUE_SOON_DAYS)
        return [
            c for c in commitments if self.is_open(c) and c.due_on is not None and today <= c.due_on <= soon
        ]

    @property
    def published(self):
        return [a for a in self.agreements if a.is_published]

    @property
    def live(self):
        return [a for a in self.agreements if a.state in LIVE]


def build(data, today):
    built = []
    for spec in data:
        agreement = make_agreement(is_published=spec["is_published"], state=spec["state"])
        if spec["is_published"]:
            Agreement.objects.filter(pk=agreement.pk).update(published_at=timezone.now())
        for each in spec["commitments"]:
            due_in = each["due_in"]
            make_commitment(
                agreement,
                weight=each["weight"],
                status=each["status"],
                status_changed_at=timezone.now() if each["status"] == "done" else None,
                is_not_applicable=each["is_not_applicable"],
                not_applicable_reason="Tidak berlaku" if each["is_not_applicable"] else "",
                due_kind="none" if due_in is None else "fixed",
                due_date=None if due_in is None else today + timedelta(days=due_in),
            )
        built.append(agreement)
    return Expected(
        list(Agreement.objects.filter(pk__in=[a.pk for a in built]).prefetch_related("commitments"))
    )


@pytest.fixture(autouse=True)
def plain_static_files(settings, private_files):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def staff_client(client, db):
    client.force_login(make_staff("rules-staff"))
    return client


def each_example(check):
    """Run ``check(expected, today)`` on fresh data, then roll it back and forget cached pages and files."""

    def run(data):
        today = timezone.localdate()
        cache.clear()
        # Rolled back, an example commits nothing: its cached pages and files would pass for the next one's.
        shutil.rmtree(django_settings.OPEN_DATA_DIR, ignore_errors=True)
        with transaction.atomic():
            check(build(data, today), today)
            transaction.set_rollback(True)

    return run


def shown_percent(html):
    """The percent a rendered progress block shows, or None where it says nothing applies yet."""
    match = re.search(r'<progress max="100" value="(\d+)"', html)
    return int(match.group(1)) if match else None


@pytest.mark.django_db
@settings(**RULES)
@given(data=agreements)
@example(data=BOUNDARIES)
def test_it_shows_the_same_progress_on_every_public_page_and_file(client, data):
    @each_example
    def check(expected, today):
        for agreement in expected.published:
            percent = expected.progress(agreement.commitments.all())[2]
            page = client.get(reverse("public:agreement_detail", args=[agreement.pk]))
            html = page.content.decode()
            assert shown_percent(html) == percent, "agreement page"
            overdue = expected.overdue(agreement.commitments.all(), today)
            assert html.count('class="status status-overdue"') == len(overdue), "overdue marks"

        listing = client.get(reverse("public:agreement_list")).content.decode()
        cards = listing.split('<li class="card">')[1:]
        shown = {int(re.search(r"/agreements/(\d+)/", card).group(1)): shown_percent(card) for card in cards}
        assert shown == {a.pk: expected.progress(a.commitments.all())[2] for a in expected.published}, (
            "listing"
        )

        rows = json.loads(client.get(reverse("public:agreements_json")).getvalue())
        rows = rows["agreements"]
        assert {r["id"]: (r["done_weight"], r["applicable_weight"], r["progress_percent"]) for r in rows} == {
            a.pk: expected.progress(a.commitments.all()) for a in expected.published
        }, "open data"

        feed = ElementTree.fromstring(client.get(reverse("public:feed_progress")).content)
        linked = {
            int(link.get("href").rsplit("#commitment-", 1)[1])
            for link in feed.iter(f"{ATOM}link")
            if "#commitment-" in (link.get("href") or "")
        }
        counted = [c for c in expected.commitments(expected.published) if c.status == "done"]
        assert linked == {c.pk for c in counted if not c.is_not_applicable}, "progress feed"

        organisations = client.get(reverse("public:organisation_list")).context["page"].object_list
        by_responsible = defaultdict(list)
        for commitment in expected.commitments(expected.published):
            by_responsible[commitment.responsible_id].append(commitment)
        for organisation in organisations:
            progress = organisation.progress
            figures = (progress.done, progress.applicable, progress.percent) if progress else None
            mine = [c for c in by_responsible[organisation.pk] if not c.is_not_applicable]
            assert figures == (expected.progress(mine) if mine else None), "agency list"

    check(data)


@pytest.mark.django_db
@settings(**RULES)
@given(data=agreements)
@example(data=BOUNDARIES)
def test_it_shows_the_same_figures_on_the_staff_dashboard_and_monev_reports(staff_client, data):
    @each_example
    def check(expected, today):
        live = expected.commitments(expected.live)
        context = staff_client.get(reverse("workspace:dashboard"), {"election": "all"}).context
        totals = context["totals"]
        progress = totals["progress"]
        assert (progress.done, progress.applicable, progress.percent) == expected.progress(live), "totals"
        assert totals["overdue"] == len(expected.overdue(live, today)), "overdue figure"
        assert totals["upcoming"] == len(expected.due_soon(live, today)), "due soon figure"
        assert {c.pk for c in context["overdue"]} == {c.pk for c in expected.overdue(live, today)}, (
            "overdue list"
        )
        upcoming = {c.pk for group in context["upcoming"] for c in group.commitments}
        assert upcoming == {c.pk for c in expected.due_soon(live, today)}, "due soon list"
        by_agency = defaultdict(list)
        for commitment in live:
            if not commitment.is_not_applicable:
                by_agency[commitment.responsible_id].append(commitment)
        charted = {row.key: (row.progress.percent, row.overdue) for row in context["by_agency"]}
        assert charted == {
            key: (expected.progress(group)[2], len(expected.overdue(group, today)))
            for key, group in by_agency.items()
        }, "agency chart"

        index = staff_client.get(reverse("workspace:monev_index")).context["agreements"]
        for agreement in index:
            report = staff_client.get(reverse("workspace:monev_agreement", args=[agreement.pk]))
            shown = report.context["agreements"][0].progress
            want = expected.progress(
                next(a for a in expected.agreements if a.pk == agreement.pk).commitments.all()
            )
            assert (
                agreement.progress.done,
                agreement.progress.applicable,
                agreement.progress.percent,
            ) == want
            assert (shown.done, shown.applicable, shown.percent) == want, "monev report"

        # The period report rebuilds today's figures from history: they must be the live ones.
        for office_id in {agreement.office_id for agreement in expected.agreements}:
            url = reverse("workspace:monev_period", args=[office_id, today.isoformat()])
            lines = staff_client.get(url).context["report"].lines
            assert len(lines) == sum(a.office_id == office_id for a in expected.agreements), "monev rows"
            for line in lines:
                kept = next(a for a in expected.agreements if a.pk == line.agreement.pk)
                want = expected.progress(kept.commitments.all())
                assert (line.now.done, line.now.applicable, line.now.percent) == want, "monev period report"

    check(data)


@pytest.mark.django_db
@settings(**RULES)
@given(data=agreements)
@example(data=BOUNDARIES)
def test_it_counts_the_same_overdue_and_due_soon_commitments_in_the_portal_task_list(staff_client, data):
    @each_example
    def check(expected, today):
        urgent = staff_client.get(reverse("portal:tasks"), {"scope": "all"}).context["urgent"]
        everything = expected.commitments()
        assert urgent["overdue"] == len(expected.overdue(everything, today)), "overdue"
        assert urgent["due_soon"] == len(expected.due_soon(everything, today)), "due soon"
        listed = staff_client.get(reverse("portal:tasks"), {"scope": "all", "due": "overdue"}).context["page"]
        assert {c.pk for c in listed} == {c.pk for c in expected.overdue(everything, today)}, "overdue filter"

    check(data)
