"""The years the app plans in: deadlines, stages and monev periods fall between them.

A date far outside (9999-12-31 typed for "no deadline") would overflow the date arithmetic of the timeline and
the calendar feed; the forms, the admin and the import refuse it with this message instead.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FIRST_YEAR, LAST_YEAR = 2000, 2100


def within_planning_years(day):
    if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError(
            _("Give a date from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="out_of_range",
        )
