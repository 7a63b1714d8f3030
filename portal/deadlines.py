"""How urgent a due date looks on a page; the rules themselves live in agreements (Commitment, deadlines)."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements.deadlines import DUE_SOON_DAYS
from agreements.models import Commitment


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
        return self.is_open and self.days_left is not None and 0 < self.days_left <= DUE_SOON_DAYS

    @property
    def days_overdue(self):
        return -self.days_left if self.is_overdue else 0


def deadline_of(commitment, today):
    days_left = (commitment.due_on - today).days if commitment.due_on else None
    return Deadline(due_on=commitment.due_on, days_left=days_left, is_open=commitment.is_open)


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
