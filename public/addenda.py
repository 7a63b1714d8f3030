"""What an applied addendum changed in the PKS it amends, as its public page lists it (docs/domain.md,
"Addenda"): the commitments it added and retired, and the due dates it moved."""

from dataclasses import dataclass, field

from agreements.models import Agreement, Commitment, DueDateChange


@dataclass
class AddendumChanges:
    added: list = field(default_factory=list)
    retired: list = field(default_factory=list)
    moved: list = field(default_factory=list)  # DueDateChange rows, each with its commitment


def addendum_changes(addendum):
    """The published changes ``addendum`` made, in three queries whatever their number; None when it is no
    applied addendum (the page then spares the queries)."""
    if addendum.kind != Agreement.Kind.ADDENDUM or addendum.applied_at is None:
        return None
    published = Commitment.objects.published().only("pk", "title", "agreement_id").order_by("order", "pk")
    # Each move names its addendum in its stored values; a PKS has a few, read through its commitments' index.
    moves = (
        DueDateChange.objects.filter(
            commitment__in=published.filter(agreement_id=addendum.parent_id),
            explanation=DueDateChange.Explanation.ADDENDUM,
        )
        .select_related("commitment")
        .only(
            "old_due_on", "new_due_on", "explanation_values", "commitment__title", "commitment__agreement_id"
        )
        .order_by("commitment__order", "commitment__pk", "changed_at")
    )
    return AddendumChanges(
        added=list(published.filter(added_by=addendum)),
        retired=list(published.filter(retired_by=addendum)),
        moved=[move for move in moves if move.explanation_values.get("addendum") == addendum.pk],
    )
