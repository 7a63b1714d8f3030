"""The deadline windows, named once: every page, filter, email and figure counts days with these."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# "Due soon": open and due today or within this many days. The portal's warning, its "within a week" filter,
# the staff dashboard's list and the second reminder all use it (docs/domain.md, "Deadlines").
DUE_SOON_DAYS = 7
# The task list's wider filter and the earliest reminder look this far ahead.
DUE_WITHIN_MONTH_DAYS = 30
# Reminders go out when an open commitment is due within these many days (0: due today), nearest first.
REMINDER_DAYS = (0, DUE_SOON_DAYS, DUE_WITHIN_MONTH_DAYS)

# The due-date filters of the task list and of the admin's commitment list (CommitmentQuerySet.due_in).
OVERDUE, WEEK, MONTH, NO_DUE_DATE = "overdue", "week", "month", "none"
DUE_WINDOWS = (OVERDUE, WEEK, MONTH, NO_DUE_DATE)
WINDOW_DAYS = {WEEK: DUE_SOON_DAYS, MONTH: DUE_WITHIN_MONTH_DAYS}


def within_days(days):
    return ngettext("Within %(days)d day", "Within %(days)d days", days) % {"days": days}


def due_window_choices():
    """(key, label) of each due-date filter in the order of ``DUE_WINDOWS``, in the active language."""
    labels = {
        OVERDUE: _("Overdue"),
        WEEK: within_days(DUE_SOON_DAYS),
        MONTH: within_days(DUE_WITHIN_MONTH_DAYS),
        NO_DUE_DATE: _("No due date"),
    }
    return [(window, labels[window]) for window in DUE_WINDOWS]
