"""The monitoring clause's schedule: the days an agreement's monev falls due (docs/domain.md, "Monev").

An agreement with a monitoring clause (``monitoring_every_months``) and a term start is evaluated every N
months from the start of its term, while the term lasts (to its end or termination). A due date is covered by
a ``MonevEvaluation`` whose period contains it. Pure date arithmetic: nothing here reads the database.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from agreements.planning_years import LAST_YEAR

QUARTER = re.compile(r"(\d{4})-Q([1-4])")
SEMESTER = re.compile(r"(\d{4})-S([12])")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def add_months(day, months):
    """``day`` ``months`` later, on the same day of the month or the month's last day (31 Jan + 1: 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_bounds(year, first_month, count):
    start = date(year, first_month, 1)
    return start, add_months(start, count) - timedelta(days=1)


def key_bounds(key):
    """First and last day of the period a quarter, semester or day key names (workspace.monev_periods);
    None for a stage key (its dates are the stage's) and for anything else."""
    if match := QUARTER.fullmatch(key):
        number = int(match[2])
        return months_bounds(int(match[1]), 3 * number - 2, 3)
    if match := SEMESTER.fullmatch(key):
        number = int(match[2])
        return months_bounds(int(match[1]), 6 * number - 5, 6)
    if DAY.fullmatch(key):
        try:
            day = date.fromisoformat(key)
        except ValueError:
            return None
        return months_bounds(day.year, 3 * ((day.month - 1) // 3) + 1, 3)[0], day
    return None


def due_dates(*, every_months, start, end):
    """Every ``every_months`` months after ``start``, up to ``end`` (included); none without all three."""
    if not (every_months and start and end):
        return []
    # A term stored before its dates were checked (9999 for "open-ended") stops at the planning years' end,
    # where it would have overflowed the date arithmetic.
    end = min(end, date(LAST_YEAR, 12, 31))
    if start > end:
        return []
    dates, step = [], 1
    while (day := add_months(start, every_months * step)) <= end:
        dates.append(day)
        step += 1
    return dates


@dataclass(frozen=True)
class MonevSchedule:
    """Where an agreement stands in its monev schedule on a day."""

    last: date | None  # the latest due date before that day
    next: date | None  # the first due date on or after it
    last_evaluated: bool  # whether an evaluation's period covers ``last``

    @property
    def overdue(self):
        """The last due date passed with no evaluation covering it."""
        return self.last is not None and not self.last_evaluated
