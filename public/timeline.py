"""Geometry for the election timeline: every stage drawn on one shared scale, in SVG user units.

The page reads one summary per stage (count, progress, first and last due date) and a short preview per stage
from the database, so it stays the same size however many commitments fall due in an election.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Max, Min, OuterRef, Subquery

from agreements.models import ElectionStage
from agreements.models.commitments import done_q, progress_sums
from agreements.progress import Progress
from kpu_coop.timescale import TimeScale

WIDTH = 1000
# A one-day stage on a two-year scale would be under one unit wide: keep it visible.
MIN_BAR = 4
# Commitments listed under each stage; the stage's own page lists the rest.
PREVIEW = 5


@dataclass
class Row:
    stage: object
    x: float
    width: float
    count: int = 0
    progress: Progress | None = None
    preview: list = field(default_factory=list)
    # Where the stage's commitments fall due, from the first due date to the last, drawn as one band.
    due_x: float | None = None
    due_width: float = 0

    @property
    def more(self):
        return self.count > len(self.preview)


def stage_figures(commitments):
    """Per stage id: how many commitments fall due in it, their progress and their first and last due date.

    One grouped query gives both each stage's summary and the election's totals (their sum).
    """
    rows = (
        commitments.order_by()
        .values("due_stage_id")
        .annotate(
            **progress_sums(),
            count=Count("pk"),
            done_count=Count("pk", filter=done_q()),
            first_due=Min("due_on"),
            last_due=Max("due_on"),
        )
    )
    return {row.pop("due_stage_id"): row for row in rows}


def stage_previews(commitments, stages, per_stage=PREVIEW):
    """The first ``per_stage`` commitments due in each stage, in two small queries whatever the election size.

    Each stage's n-th commitment is a scalar subquery reading a few rows of the (due_stage, due_on, id) index;
    an OR of IN-subqueries, as before, made PostgreSQL test every commitment of the election (150 ms → 3 ms).
    """
    if not stages:
        return []
    ordered = commitments.filter(due_stage=OuterRef("pk")).order_by("due_on", "pk").values("pk")
    places = {f"preview_{n}": Subquery(ordered[n : n + 1]) for n in range(per_stage)}
    rows = ElectionStage.objects.filter(pk__in=[stage.pk for stage in stages]).annotate(**places)
    ids = [pk for row in rows.values_list(*places) for pk in row if pk is not None]
    return list(commitments.filter(pk__in=ids).order_by("due_stage_id", "due_on", "pk"))


def election_totals(figures):
    """The election's count and progress: the sum of its stages' figures."""
    total = {
        name: sum(row[name] for row in figures.values())
        for name in ("count", "done_count", "done_weight", "applicable_weight")
    }
    progress = Progress(
        done=total["done_weight"],
        applicable=total["applicable_weight"],
        count=total["count"],
        done_count=total["done_count"],
    )
    return {"count": total["count"], "done_count": total["done_count"], "progress": progress}


class Timeline:
    def __init__(self, stages, figures, previews, *, voting_day=None, today=None):
        stages = list(stages)
        preview_of = defaultdict(list)
        for commitment in previews:
            preview_of[commitment.due_stage_id].append(commitment)
        span = [day for stage in stages for day in (stage.start_date, stage.end_date) if day]
        span += [row[name] for row in figures.values() for name in ("first_due", "last_due") if row[name]]
        span += [voting_day] if voting_day else []
        self.start = min(span, default=None)
        self.end = max(span, default=None)
        # Whole days: the last day ends where the day after it would begin.
        self.scale = TimeScale(self.start, self.end + timedelta(days=1), width=WIDTH) if span else None
        self.rows = (
            [self._row(stage, figures.get(stage.pk), preview_of[stage.pk]) for stage in stages]
            if span
            else []
        )
        self.years = self.scale.year_ticks() if span else []
        self.voting_x = self.x(voting_day) if voting_day and span else None
        self.today_x = self.x(today) if today and span and self.start <= today <= self.end else None

    def x(self, day):
        return self.scale.x(day)

    def _row(self, stage, figures, preview):
        x = self.x(stage.start_date or stage.end_date)
        row = Row(
            stage=stage,
            x=min(x, WIDTH - MIN_BAR),
            width=max(self.x(stage.end_date + timedelta(days=1)) - x, MIN_BAR),
        )
        if not figures:
            return row
        row.count = figures["count"]
        row.progress = Progress(done=figures["done_weight"], applicable=figures["applicable_weight"])
        row.preview = preview
        if figures["first_due"]:
            row.due_x = min(self.x(figures["first_due"]), WIDTH - MIN_BAR)
            row.due_width = max(self.x(figures["last_due"] + timedelta(days=1)) - row.due_x, MIN_BAR)
        return row
