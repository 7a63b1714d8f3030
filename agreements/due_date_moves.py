"""Moving one commitment's due date for a reason outside the commitment itself: the end of a force majeure
event, an addendum (docs/domain.md, "Timeliness"). Stage moves re-date in bulk
(agreements.stage_moves)."""

from agreements.models import Commitment
from kpu_coop.change_reasons import because


def released_stage(commitment):
    """The stage ``commitment``'s deadline is tied to (a move to a fixed date releases it), or None."""
    if commitment.due_kind != Commitment.DueKind.STAGE or commitment.due_stage_id is None:
        return None
    return commitment.due_stage


def commitment_move_to_fixed_date(commitment, *, new_due_on, reason, explanation, values, user=None):
    """Give ``commitment`` the fixed due date ``new_due_on``; its save records the DueDateChange with
    ``reason`` and the ``explanation`` composed from ``values`` when shown (and a history row with that
    explanation, in the active language, as its reason). The caller locks the row."""
    stage = released_stage(commitment)
    if stage is not None:
        # The explanation then says the stage no longer moves it, naming the stage as it is now.
        values = {**values, "released_stage": stage.display_name}
    commitment.due_kind, commitment.due_date = Commitment.DueKind.FIXED, new_due_on
    commitment.due_change_reason, commitment.due_change_note = reason, ""
    commitment.due_change_explanation, commitment.due_change_explanation_values = explanation, values
    reason = because("due_date_moved", explanation=explanation, values=values)
    commitment._history_user, commitment._change_reason = user, reason
    commitment.save(update_fields=["due_kind", "due_date", "updated_at"])
    return commitment
