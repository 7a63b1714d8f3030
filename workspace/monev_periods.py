"""Monev periods: a quarter, a semester, an election stage, or the position on one day, named by a key.

Keys: "2024-Q1" … "2024-Q4", "2024-S1", "2024-S2", "stage-<id>" (the stage's own dates) and "2024-06-30"
(from the start of that day's quarter to that day). A report compares the position at the period's last day
with the position the day before it started (docs/domain.md, "Monev").
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agreements.models import ElectionStage
from agreements.monev_schedule import DAY, QUARTER, SEMESTER, months_bounds
from agreements.planning_years import FIRST_YEAR, LAST_YEAR

STAGE = re.compile(r"stage-(\d{1,9})")


class PeriodError(ValueError):
    """A key that names no period; the message says why, for the person who typed it."""


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: date
    end: date

    @property
    def previous_end(self):
        """The day whose position the report compares with: the day before the period starts."""
        return self.start - timedelta(days=1)


def _year(text):
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodError(
            _("Give a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return year


def quarter(year, number):
    start, end = months_bounds(year, 3 * number - 2, 3)
    return Period(
        f"{year}-Q{number}",
        _("Quarter %(number)s of %(year)s") % {"number": number, "year": year},
        start,
        end,
    )


def semester(year, number):
    start, end = months_bounds(year, 6 * number - 5, 6)
    return Period(
        f"{year}-S{number}",
        _("Semester %(number)s of %(year)s") % {"number": number, "year": year},
        start,
        end,
    )


def stage_period(stage):
    # A stage the regulation gives only an end for is a one-day period.
    label = _("Stage: %(stage)s") % {"stage": stage}
    return Period(f"stage-{stage.pk}", label, stage.start_date or stage.end_date, stage.end_date)


def day_period(day):
    start = quarter(day.year, (day.month - 1) // 3 + 1).start
    return Period(day.isoformat(), _("Position on %(day)s") % {"day": date_format(day, "j F Y")}, start, day)


def parse_period(key, stages=None):
    """The period a key names; PeriodError for anything else (the one query is for a stage's dates, among
    ``stages``: the stages the reader sees, every one when None)."""
    key = (key or "").strip()
    if match := QUARTER.fullmatch(key):
        return quarter(_year(match[1]), int(match[2]))
    if match := SEMESTER.fullmatch(key):
        return semester(_year(match[1]), int(match[2]))
    if match := STAGE.fullmatch(key):
        stages = ElectionStage.objects.all() if stages is None else stages
        stage = stages.select_related("election__office").filter(pk=int(match[1])).first()
        if stage is None:
            raise PeriodError(_("No election stage has this number."))
        return stage_period(stage)
    if DAY.fullmatch(key):
        try:
            day = date.fromisoformat(key)
        except ValueError:
            raise PeriodError(_("This date does not exist.")) from None
        _year(day.year)
        return day_period(day)
    raise PeriodError(
        _("Name a period as 2024-Q1 (quarter), 2024-S2 (semester), a stage, or a date (2024-06-30).")
    )


def recent_periods(today, years=3):
    """The quarters and semesters of this year and the ``years`` before it, newest first, for the chooser."""
    periods = []
    for year in range(today.year, today.year - years - 1, -1):
        for number in (2, 1):
            periods.append(semester(year, number))
        for number in (4, 3, 2, 1):
            periods.append(quarter(year, number))
    return [period for period in periods if period.start <= today]
