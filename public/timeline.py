"""Geometry for the election timeline: every stage drawn on one shared scale, in SVG user units."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

WIDTH = 1000
# A one-day stage on a two-year scale would be under one unit wide: keep it visible.
MIN_BAR = 4


@dataclass
class Row:
    stage: object
    x: float
    width: float
    commitments: list = field(default_factory=list)
    markers: list = field(default_factory=list)


class Timeline:
    def __init__(self, stages, commitments, *, voting_day=None, today=None):
        stages, commitments = list(stages), list(commitments)
        due_in = defaultdict(list)
        for commitment in commitments:
            due_in[commitment.due_stage_id].append(commitment)
        days = [day for stage in stages for day in (stage.start_date, stage.end_date) if day]
        days += [commitment.due_on for commitment in commitments if commitment.due_on]
        days += [voting_day] if voting_day else []
        self.start = min(days, default=None)
        self.end = max(days, default=None)
        self.rows = [self._row(stage, due_in[stage.pk]) for stage in stages] if days else []
        self.years = (
            [(year, self.x(date(year, 1, 1))) for year in range(self.start.year + 1, self.end.year + 1)]
            if days
            else []
        )
        self.voting_x = self.x(voting_day) if voting_day and days else None
        self.today_x = self.x(today) if today and days and self.start <= today <= self.end else None

    def x(self, day):
        span = (self.end - self.start).days + 1
        return round((day - self.start).days * WIDTH / span, 1)

    def _row(self, stage, commitments):
        first = stage.start_date or stage.end_date
        x = self.x(first)
        width = max(self.x(stage.end_date + timedelta(days=1)) - x, MIN_BAR)
        markers = [(self.x(c.due_on), c) for c in commitments if c.due_on]
        return Row(
            stage=stage, x=min(x, WIDTH - MIN_BAR), width=width, commitments=commitments, markers=markers
        )
