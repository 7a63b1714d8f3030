"""Geometry for the election timeline: every stage drawn on one shared scale, in SVG user units.

The page reads counts per stage and day and a short preview per stage from the database, so it stays
the same size however many commitments fall due in an election.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q

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
    preview: list = field(default_factory=list)
    markers: list = field(default_factory=list)

    @property
    def more(self):
        return self.count > len(self.preview)


def due_days(commitments):
    """(stage id, due date, how many) for every day on which commitments fall due."""
    return list(
        commitments.filter(due_on__isnull=False)
        .order_by()
        .values_list("due_stage_id", "due_on")
        .annotate(count=Count("pk"))
    )


def stage_previews(commitments, stages, per_stage=PREVIEW):
    """The first ``per_stage`` commitments due in each stage, in one query.

    Each stage's few are read from the (due_stage, due_on) index on their own, so the query costs the same
    however many commitments an election has; ranking all of them in one window read every row.
    """
    first_in = Q(pk__in=[])
    for stage in stages:
        first = commitments.filter(due_stage=stage).order_by("due_on", "pk").values("pk")[:per_stage]
        first_in |= Q(pk__in=first)
    return commitments.filter(first_in).order_by("due_stage_id", "due_on", "pk")


class Timeline:
    def __init__(self, stages, days, previews, *, voting_day=None, today=None):
        stages = list(stages)
        counts, dates_in = defaultdict(int), defaultdict(list)
        for stage_id, due_on, count in days:
            counts[stage_id] += count
            dates_in[stage_id].append(due_on)
        preview_of = defaultdict(list)
        for commitment in previews:
            preview_of[commitment.due_stage_id].append(commitment)
        span = [day for stage in stages for day in (stage.start_date, stage.end_date) if day]
        span += [due_on for _, due_on, _ in days]
        span += [voting_day] if voting_day else []
        self.start = min(span, default=None)
        self.end = max(span, default=None)
        # Whole days: the last day ends where the day after it would begin.
        self.scale = TimeScale(self.start, self.end + timedelta(days=1), width=WIDTH) if span else None
        self.rows = (
            [self._row(stage, counts[stage.pk], preview_of[stage.pk], dates_in[stage.pk]) for stage in stages]
            if span
            else []
        )
        self.years = self.scale.year_ticks() if span else []
        self.voting_x = self.x(voting_day) if voting_day and span else None
        self.today_x = self.x(today) if today and span and self.start <= today <= self.end else None

    def x(self, day):
        return self.scale.x(day)

    def _row(self, stage, count, preview, due_dates):
        x = self.x(stage.start_date or stage.end_date)
        width = max(self.x(stage.end_date + timedelta(days=1)) - x, MIN_BAR)
        return Row(
            stage=stage,
            x=min(x, WIDTH - MIN_BAR),
            width=width,
            count=count,
            preview=preview,
            markers=[self.x(day) for day in sorted(due_dates)],
        )
