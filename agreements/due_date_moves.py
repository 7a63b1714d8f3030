"""Moving one commitment's due date for a reason outside the commitment itself: the end of a force majeure
event, an addendum (docs/domain.md, "Timeliness"). Stage moves re-date in bulk
(agreements.stage_moves)."""

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from agreements.models import Commitment


def released_stage(commitment):
    """The stage ``commitment``'s deadline is tied to (a move to a fixed date releases it), or None."""
    if commitment.due_kind != Commitment.DueKind.STAGE or commitment.due_stage_id is None:
        return None
    return commitment.due_stage


def stage_release_note(commitment):
    """What the note adds when a stage-tied deadline becomes a fixed date (the stage would pull it back)."""
    stage = released_stage(commitment)
    if stage is None:
        return ""
    return _("; no longer tied to the stage “%(stage)s”: now a fixed date") % {"stage": stage.display_name}


def commitment_move_to_fixed_date(commitment, *, new_due_on, reason, note, user=None):
    """Give ``commitment`` the fixed due date ``new_due_on``; its save records the DueDateChange with
    ``reason`` and ``note`` (and a history row with the note as its reason). The caller locks the row."""
    note = Truncator(note + stage_release_note(commitment)).chars(300)
    commitment.due_kind, commitment.due_date = Commitment.DueKind.FIXED, new_due_on
    commitment.due_change_reason, commitment.due_change_note = reason, note
    # The history column holds 100 characters.
    commitment._history_user, commitment._change_reason = user, Truncator(note).chars(100)
    commitment.save(update_fields=["due_kind", "due_date", "updated_at"])
    return commitment
