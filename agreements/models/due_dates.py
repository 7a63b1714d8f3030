"""The due-date rule shared by everything that can be tied to an election stage (commitments, grant tranches).

A due date is fixed, or a stage's start or end plus or minus a number of days; it is stored on the record for
filtering and re-dated in SQL when the stage moves (agreements.stage_moves, which mirrors this rule).
"""

from datetime import timedelta

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _

START = "start"

STAGE_OF_ANOTHER_OFFICE = _(
    "This stage belongs to another office's election: choose a stage of an election of the "
    "agreement's office or of an office above it."
)


def stage_relative_due_on(*, fixed_kind, kind, fixed_date, stage, anchor, offset_days, stage_kind):
    """The due date the rule gives: ``fixed_date`` for the fixed kind, the stage's anchor day plus
    ``offset_days`` for the stage kind (None while the stage lacks that date), else None."""
    if kind == fixed_kind:
        return fixed_date
    if kind == stage_kind and stage is not None:
        day = stage.start_date if anchor == START else stage.end_date
        return day + timedelta(days=offset_days) if day else None
    return None


def stage_usable(record):
    """Whether ``record``'s agreement's office may tie deadlines to its ``due_stage``: a stage of an election
    of that office, of an office above it or of KPU RI (ElectionStage.objects.usable_by_office)."""
    from agreements.models.elections import ElectionStage

    try:
        office_id = record.agreement.office_id
    except ObjectDoesNotExist:
        return True
    if office_id is None:
        return True
    return ElectionStage.objects.usable_by_office(office_id).filter(pk=record.due_stage_id).exists()
