"""Ending a force majeure event extends the deadlines it suspended (docs/domain.md, "Timeliness").

Entering the end date here is the only way an event ends: the agreement form shows the date read-only, so
every deadline the event suspended moves once, with a DueDateChange naming the event.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from agreements.due_date_moves import commitment_move_to_fixed_date, released_stage
from agreements.models import Agreement, Commitment, DueDateChange, ForceMajeureEvent
from kpu_coop.change_reasons import because


class ForceMajeureError(Exception):
    pass


@dataclass(frozen=True)
class DeadlineMove:
    commitment: Commitment
    old_due_on: date
    new_due_on: date
    # The stage it was tied to until this move (it becomes a fixed date), else None.
    released_stage: object = None


@dataclass
class ForceMajeureResult:
    event: ForceMajeureEvent
    moved: list = field(default_factory=list)
    already_ended: bool = False


def force_majeure_days(event, ends_on):
    """How long the event lasted, both ends included: what each suspended deadline is extended by."""
    return (ends_on - event.starts_on).days + 1


def force_majeure_end_problem(event, ends_on, today=None):
    """Why ``event`` cannot end on ``ends_on`` (a sentence), or None."""
    today = today or timezone.localdate()
    if ends_on < event.starts_on:
        return _("A force majeure event cannot end before it starts (%(day)s).") % {
            "day": date_format(event.starts_on)
        }
    if ends_on > today:
        return _("Enter the end date once the event has ended: %(day)s is in the future.") % {
            "day": date_format(ends_on)
        }
    return None


def force_majeure_moves(*, event, ends_on, commitments=None):
    """The deadlines ending ``event`` on ``ends_on`` extends: each suspended commitment still open whose due
    date falls on or after the event's start, by the event's length. ``commitments`` defaults to the
    suspended ones."""
    if commitments is None:
        commitments = event.still_suspended().select_related("due_stage").order_by("order", "pk")
    extension = timedelta(days=force_majeure_days(event, ends_on))
    return [
        DeadlineMove(commitment, commitment.due_on, commitment.due_on + extension, released_stage(commitment))
        for commitment in commitments
        if commitment.is_open
        and commitment.due_on is not None
        and not due_before(commitment, event.starts_on)
    ]


def due_before(commitment, starts_on):
    """Whether ``commitment``'s deadline passed before an event starting on ``starts_on``: the event does not
    reach it, and ending the event extends it not (force_majeure_moves); the event's form refuses it."""
    return commitment.due_on is not None and commitment.due_on < starts_on


def force_majeure_values(event, ends_on):
    """The facts a force majeure move's explanation names (DueDateChange.explanation_values)."""
    return {
        "reason": Truncator(" ".join(event.reason.split())).chars(80),
        "event": event.pk,
        "starts_on": event.starts_on.isoformat(),
        "ends_on": ends_on.isoformat(),
        "days": force_majeure_days(event, ends_on),
    }


@transaction.atomic
def force_majeure_end(*, event, ends_on, user=None):
    """Record that ``event`` ended on ``ends_on`` and extend the deadlines it suspended (force_majeure_moves),
    each as a DueDateChange with the reason *force majeure*; a stage-tied one becomes a fixed date.

    Ending an event again on the same day moves nothing (``already_ended``); on another day it is refused.
    """
    # Its agreement first, as the agreement's admin form locks it before saving its commitments: else a form
    # saved meanwhile wrote the deadlines it had read back over the extended ones.
    Agreement.objects.select_for_update().filter(pk=event.agreement_id).first()
    locked = ForceMajeureEvent.objects.select_for_update().get(pk=event.pk)
    if locked.ends_on is not None:
        if locked.ends_on == ends_on:
            return ForceMajeureResult(event=locked, already_ended=True)
        raise ForceMajeureError(
            _("This force majeure event already ended on %(day)s; its deadlines were extended then.")
            % {"day": date_format(locked.ends_on)}
        )
    problem = force_majeure_end_problem(locked, ends_on)
    if problem:
        raise ForceMajeureError(problem)
    suspended = locked.still_suspended().values("pk")
    commitments = (
        Commitment.objects.select_for_update(of=("self",))
        .filter(pk__in=suspended)
        .select_related("due_stage")
        .order_by("order", "pk")
    )
    values = force_majeure_values(locked, ends_on)
    result = ForceMajeureResult(event=locked)
    for move in force_majeure_moves(event=locked, ends_on=ends_on, commitments=commitments):
        commitment_move_to_fixed_date(
            move.commitment,
            new_due_on=move.new_due_on,
            reason=DueDateChange.Reason.FORCE_MAJEURE,
            explanation=DueDateChange.Explanation.FORCE_MAJEURE,
            values=values,
            user=user,
        )
        result.moved.append(move)
    locked.ends_on = ends_on
    locked._history_user, locked._change_reason = user, because("force_majeure", **values)
    locked.save(update_fields=["ends_on"])
    return result
