"""One date scale for every timeline (public election page, staff dashboard): dates to SVG x, and ticks."""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format


@dataclass(frozen=True)
class TimeScale:
    """Days from ``first`` (at ``left``) to ``end`` (at ``left + width``), in SVG user units.

    A timeline of whole days passes the day after its last one as ``end``, so that the last day has its width.
    """

    first: date
    end: date
    left: float = 0
    width: float = 1000

    @property
    def days(self):
        return max((self.end - self.first).days, 1)

    def x(self, day):
        return round(self.left + (day - self.first).days * self.width / self.days, 1)

    def year_ticks(self):
        """(year, x) for each 1 January after ``first``, up to and including the year of ``end``."""
        return [(year, self.x(date(year, 1, 1))) for year in range(self.first.year + 1, self.end.year + 1)]

    def month_ticks(self):
        """(x, "Jan 2024") for each first of a month: every month up to a year, every third up to three."""
        first, last = self.first, self.end
        months = (last.year - first.year) * 12 + last.month - first.month
        step = 1 if months <= 12 else 3 if months <= 36 else 12
        day = date(first.year, first.month, 1)
        ticks = []
        while day <= last:
            if day >= first and (day.month - 1) % step == 0:
                ticks.append((self.x(day), date_format(day, "M Y")))
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return ticks
