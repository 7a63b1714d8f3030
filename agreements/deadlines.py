"""The deadline windows, named once: every page, filter, email and figure counts days with these."""

# "Due soon": open and due today or within this many days. The portal's warning, its "within a week" filter,
# the staff dashboard's list and the second reminder all use it (docs/domain.md, "Deadlines").
DUE_SOON_DAYS = 7
# The task list's wider filter and the earliest reminder look this far ahead.
DUE_WITHIN_MONTH_DAYS = 30
# Reminders go out when an open commitment is due within these many days (0: due today), nearest first.
REMINDER_DAYS = (0, DUE_SOON_DAYS, DUE_WITHIN_MONTH_DAYS)
