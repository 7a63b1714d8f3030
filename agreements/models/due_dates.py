"""The due-date rule shared by everything that can be tied to an election stage (commitments, grant tranches).

A due date is fixed, or a stage's start or end plus or minus a number of days; it is stored on the record for
filtering and re-dated in SQL when the stage moves (agreements.stage_moves, which mirrors this rule).
"""

from datetime import timedelta

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.utils.translation import gettext_lazy as _

from agencies.offices import OfficeTree, election_offices_usable_from

START = "start"

STAGE_OF_ANOTHER_OFFICE = _(
    "This stage belongs to another office's election: choose a stage of an election of the "
    "agreement's office or of an office above it."
)


class StageTiedDueDate:
    """The due-date rule of a model with the fields ``due_kind`` (its ``DueKind`` has FIXED and STAGE),
    ``due_date``, ``due_stage``, ``due_anchor`` and ``due_offset_days``: commitments and grant tranches."""

    @property
    def follows_stage(self):
        """Whether the due date moves with a stage: a fixed date keeps the stage it was tied to before, but
        no longer follows it (agreements.due_date_moves)."""
        return self.due_kind == self.DueKind.STAGE and self.due_stage_id is not None

    def compute_due_on(self):
        """``due_date`` for a fixed date, the stage's anchor day plus ``due_offset_days`` for a stage (None
        while the stage lacks that date), else None."""
        if self.due_kind == self.DueKind.FIXED:
            return self.due_date
        if self.due_kind == self.DueKind.STAGE and self.due_stage_id:
            start, end = locked_stage_dates(self.due_stage_id)
            day = start if self.due_anchor == START else end
            return day + timedelta(days=self.due_offset_days) if day else None
        return None

    def due_rule_errors(self, *, missing_date):
        """Form errors of an incomplete rule; ``missing_date`` says a fixed kind lacks its date."""
        errors = {}
        if self.due_kind == self.DueKind.FIXED and not self.due_date:
            errors["due_date"] = missing_date
        if self.due_kind == self.DueKind.STAGE and not self.due_stage_id:
            errors["due_stage"] = _("A due date tied to a stage needs the stage.")
        # docs/domain.md, "Elections per office".
        if self.due_kind == self.DueKind.STAGE and self.due_stage_id and not self.stage_usable():
            errors["due_stage"] = STAGE_OF_ANOTHER_OFFICE
        return errors

    # A batch of records checked together (a formset's rows, an import's lines) shares one UsableStages.
    usable_stages = None

    def stage_usable(self):
        return stage_usable(self)


def locked_stage_dates(stage_id):
    """The stage's start and end as committed now, its row share-locked on PostgreSQL until the transaction
    ends: a stage move (agreements.stage_moves) waits for this record's save and re-dates it, or this save
    waits for the move and reads its dates. A stage read earlier (an import's lookups) may be stale."""
    from agreements.models.elections import ElectionStage

    table = ElectionStage._meta.db_table
    lock = " FOR SHARE" if connection.vendor == "postgresql" and connection.in_atomic_block else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT start_date, end_date FROM {table} WHERE id = %s{lock}", [stage_id])
        row = cursor.fetchone()
    if row is None:
        return None, None
    # SQLite returns text; the field turns either into a date.
    field = ElectionStage._meta.get_field("end_date")
    return tuple(field.to_python(value) for value in row)


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
    batch = getattr(record, "usable_stages", None)
    usable = None if batch is None else batch.includes(office_id, record.due_stage_id)
    if usable is not None:
        return usable
    return ElectionStage.objects.usable_by_office(office_id).filter(pk=record.due_stage_id).exists()


class UsableStages:
    """Which stages the agreements of each office may tie deadlines to, for a batch of records checked
    together: ElectionStage.objects.usable_by_office worked out on the office tree from each stage's election
    office, read once for the batch, not one query (and one office tree) per record."""

    def __init__(self, election_offices, *, tree=None):
        # {stage id: the id of the office holding its election}
        self.election_offices = election_offices
        self.tree = tree
        self.usable_from = {}

    @classmethod
    def read(cls, stage_ids, *, tree=None):
        """Those of the stages ``stage_ids``, in one query (none for none)."""
        from agreements.models.elections import ElectionStage

        stages = ElectionStage.objects.filter(pk__in=stage_ids) if stage_ids else ElectionStage.objects.none()
        return cls(dict(stages.values_list("pk", "election__office_id")), tree=tree)

    def includes(self, office_id, stage_id):
        """Whether an agreement of office ``office_id`` may follow stage ``stage_id``; None for a stage the
        batch did not read (its record is checked on its own)."""
        if stage_id not in self.election_offices:
            return None
        if office_id not in self.usable_from:
            self.tree = self.tree or OfficeTree()
            self.usable_from[office_id] = election_offices_usable_from(office_id, tree=self.tree)
        return self.election_offices[stage_id] in self.usable_from[office_id]
