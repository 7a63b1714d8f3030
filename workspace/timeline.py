"""A Gantt-style timeline: an election's stages as bars, commitments' due dates as markers on them.

Markers are counted per stage and day in the database and merged into periods as wide as a mark, so the
drawing stays small whatever the data size.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements.models import Commitment
from portal.deadlines import open_q, overdue_q

WIDTH = 1000
LABEL_WIDTH = 300
# Room right of the last day, so that a month's or today's label centred on it is not cut off.
RIGHT_MARGIN = 32
ROW_HEIGHT = 28
TOP = 34
# Marks are 16 px wide: closer ones would hide each other, so the due dates of a row are merged into
# periods at least this wide, and a row never holds more marks than fit side by side.
MARKER_SPACING = 16


@dataclass
class Marker:
    x: float
    first_day: date
    last_day: date
    count: int
    state: str
    title: str
    y: float = 0

    @property
    def path(self):
        """A shape per state so that colour is never the only cue: ▲ overdue, ● open, ■ closed."""
        x, y = self.x, self.y
        if self.state == "overdue":
            return f"M{x} {y - 8}L{x + 8} {y + 6}H{x - 8}Z"
        if self.state == "open":
            return f"M{x - 6} {y}a6 6 0 1 0 12 0a6 6 0 1 0 -12 0Z"
        return f"M{x - 6} {y - 6}h12v12h-12Z"


@dataclass
class Row:
    label: str
    y: float
    bar_x: float | None = None
    bar_width: float | None = None
    start: date | None = None
    end: date | None = None
    markers: list = field(default_factory=list)
    total: int = 0
    open: int = 0
    overdue: int = 0

    @property
    def text_y(self):
        return self.y + ROW_HEIGHT / 2 + 5

    @property
    def bar_y(self):
        return self.y + 6

    @property
    def marker_y(self):
        return self.y + ROW_HEIGHT / 2


@dataclass
class Timeline:
    election: object
    rows: list
    ticks: list
    today_x: float | None
    height: float
    width: int = WIDTH
    label_width: int = LABEL_WIDTH

    @property
    def chart_width(self):
        return self.width - self.label_width

    @property
    def axis_bottom(self):
        return self.height - 4


def due_date_counts(commitments, election, today):
    """Commitments with a due date per (stage of this election or none, day), with open and overdue counts."""
    return list(
        commitments.filter(due_on__isnull=False)
        .filter(Q(due_stage__election=election) | Q(due_kind=Commitment.DueKind.FIXED))
        .values("due_stage_id", "due_on")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=open_q()),
            overdue=Count("pk", filter=overdue_q(today)),
        )
        .order_by("due_on")
    )


def build_timeline(election, stages, counts, today):
    """Lay out the rows; ``counts`` come from ``due_date_counts``, ``stages`` are the election's stages."""
    dates = [day for stage in stages for day in (stage.start_date, stage.end_date) if day]
    dates += [row["due_on"] for row in counts]
    if not dates:
        return None
    first, last = min(dates) - timedelta(days=7), max(dates) + timedelta(days=7)
    span = max((last - first).days, 1)
    chart_width = WIDTH - LABEL_WIDTH - RIGHT_MARGIN
    period_days = max(1, math.ceil(span * MARKER_SPACING / chart_width))

    def x_of(day):
        return round(LABEL_WIDTH + (day - first).days * chart_width / span, 1)

    by_stage = {
        stage.pk: Row(label=stage.display_name, y=0, start=stage.start_date, end=stage.end_date)
        for stage in stages
    }
    other = Row(label=_("Fixed due dates"), y=0)
    periods = defaultdict(list)
    for count in counts:
        stage_id = count["due_stage_id"] if count["due_stage_id"] in by_stage else None
        periods[stage_id, (count["due_on"] - first).days // period_days].append(count)
    for (stage_id, _period), merged in periods.items():
        row = by_stage.get(stage_id, other)
        row.markers.append(marker(x_of, merged))
        for name in ("total", "open", "overdue"):
            setattr(row, name, getattr(row, name) + sum(count[name] for count in merged))
    rows = list(by_stage.values()) + ([other] if other.markers else [])
    for index, row in enumerate(rows):
        row.y = TOP + index * ROW_HEIGHT
        for each in row.markers:
            each.y = row.marker_y
        if row.end:
            row.bar_x = x_of(row.start or row.end)
            row.bar_width = round(max(x_of(row.end) - row.bar_x, 3), 1)
    return Timeline(
        election=election,
        rows=rows,
        ticks=month_ticks(first, last, x_of),
        today_x=x_of(today) if first <= today <= last else None,
        height=TOP + len(rows) * ROW_HEIGHT + 8,
    )


def marker(x_of, counts):
    """One mark for the day counts of a row that fall in one period; ``counts`` come sorted by day."""
    total, open_, overdue = (sum(count[name] for count in counts) for name in ("total", "open", "overdue"))
    if overdue:
        state = "overdue"
    elif open_:
        state = "open"
    else:
        state = "closed"
    first_day, last_day = counts[0]["due_on"], counts[-1]["due_on"]
    day = date_format(first_day)
    if last_day != first_day:
        day = f"{day} – {date_format(last_day)}"
    title = ngettext(
        "%(day)s: %(total)d commitment due, %(open)d open, %(overdue)d overdue",
        "%(day)s: %(total)d commitments due, %(open)d open, %(overdue)d overdue",
        total,
    ) % {"day": day, "total": total, "open": open_, "overdue": overdue}
    # Drawn midway between its first and last day, where its commitments fall.
    middle = first_day + timedelta(days=(last_day - first_day).days // 2)
    return Marker(
        x=x_of(middle), first_day=first_day, last_day=last_day, count=total, state=state, title=title
    )


def month_ticks(first, last, x_of):
    """The first day of every month (every third month over two years), labelled for the axis."""
    months = (last.year - first.year) * 12 + last.month - first.month
    step = 1 if months <= 12 else 3 if months <= 36 else 12
    day = date(first.year, first.month, 1)
    ticks = []
    while day <= last:
        if day >= first and (day.month - 1) % step == 0:
            ticks.append((x_of(day), date_format(day, "M Y")))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return ticks
