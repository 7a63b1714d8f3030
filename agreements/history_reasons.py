"""The sentences of the history reasons agreements' services store (kpu_coop.change_reasons), composed in the
reader's language from the values kept."""

from django.utils.translation import gettext

from agreements.models.due_date_changes import (
    DueDateChange,
    addendum_text,
    force_majeure_text,
    stage_move_text,
)
from kpu_coop.change_reasons import REASONS


def copied_text(values):
    return gettext("Copied from “%(title)s” (#%(pk)s) for %(election)s") % values


def due_date_moved_text(values):
    # The commitment's own due-date change says the same, in the same words.
    moved = DueDateChange(explanation=values["explanation"], explanation_values=values["values"])
    return moved.explanation_text()


REASONS.update(
    {
        "addendum": addendum_text,
        "copied": copied_text,
        "due_date_moved": due_date_moved_text,
        "force_majeure": force_majeure_text,
        "not_carried_out": lambda values: gettext("Marked not carried out"),
        "stage_moved": stage_move_text,
    }
)
