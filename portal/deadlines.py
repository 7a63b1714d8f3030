"""How urgent a due date is, in Python for display and as Q objects for filtering; one definition of each."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements.models import Commitment

SOON_DAYS = 7


def open_q():
    """Commitments still owed: not verified done and not marked not applicable."""
    return Q(is_not_applicable=False) & ~Q(status=Commitment.Status.DONE)


def overdue_q(today):
    return open_q() & Q(due_on__lt=today)


def due_within_q(today, days):
    return open_q() & Q(due_on__gte=today, due_on__lte=today + timedelta(days=days))


@dataclass(frozen=True)
class Deadline:
    due_on: date | None
    days_left: int | None
    is_open: bool

    @property
    def is_overdue(self):
        return self.is_open and self.days_left is not None and self.days_left < 0

    @property
    def is_due_today(self):
        return self.is_open and self.days_left == 0

    @property
    def is_due_soon(self):
        return self.is_open and self.days_left is not None and 0 < self.days_left <= SOON_DAYS

    @property
    def days_overdue(self):
        return -self.days_left if self.is_overdue else 0


def deadline_of(commitment, today):
    days_left = (commitment.due_on - today).days if commitment.due_on else None
    is_open = not (commitment.is_done or commitment.is_not_applicable)
    return Deadline(due_on=commitment.due_on, days_left=days_left, is_open=is_open)


def stage_rule(commitment):
    """How a stage-tied due date is counted, e.g. "14 days before the stage starts"."""
    days, starts = commitment.due_offset_days, commitment.due_anchor == Commitment.Anchor.START
    if days == 0:
        return _("when the stage starts") if starts else _("when the stage ends")
    if days < 0 and starts:
        text = ngettext(
            "%(days)d day before the stage starts", "%(days)d days before the stage starts", -days
        )
    elif days < 0:
        text = ngettext("%(days)d day before the stage ends", "%(days)d days before the stage ends", -days)
    elif starts:
        text = ngettext("%(days)d day after the stage starts", "%(days)d days after the stage starts", days)
    else:
        text = ngettext("%(days)d day after the stage ends", "%(days)d days after the stage ends", days)
    return text % {"days": abs(days)}
