"""The due-date rule shared by everything that can be tied to an election stage (commitments, grant tranches).

A due date is fixed, or a stage's start or end plus or minus a number of days; it is stored on the record for
filtering and re-dated in SQL when the stage moves (agreements.stage_moves, which mirrors this rule).
"""

from datetime import timedelta

START = "start"


def stage_relative_due_on(*, fixed_kind, kind, fixed_date, stage, anchor, offset_days, stage_kind):
    """The due date the rule gives: ``fixed_date`` for the fixed kind, the stage's anchor day plus
    ``offset_days`` for the stage kind (None while the stage lacks that date), else None."""
    if kind == fixed_kind:
        return fixed_date
    if kind == stage_kind and stage is not None:
        day = stage.start_date if anchor == START else stage.end_date
        return day + timedelta(days=offset_days) if day else None
    return None
