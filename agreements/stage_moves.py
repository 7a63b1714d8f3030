"""A moved election stage re-dates the commitments and grant tranches tied to it (docs/domain.md,
"Deadlines").

One INSERT ... SELECT records each move as a public DueDateChange (old date, new date, "stage move") and
locks the rows it reads, one UPDATE computes every new due date in the database, then one history row per
changed commitment records the move in bulk, so even a stage with a hundred thousand commitments moves in one
short transaction and each deadline's history still says why it changed and who moved it.
"""

from django.conf import settings
from django.db import NotSupportedError, connections, transaction
from django.db.models import Case, DateField, F, Func, Q, Value, When
from django.utils import timezone
from django.utils.text import Truncator

from agreements.models import Commitment, DueDateChange, GrantTranche
from agreements.models.due_date_changes import acting_user
from kpu_coop.change_reasons import because

__all__ = ["acting_user", "stage_commitments_redate", "stage_tranches_redate"]


class DatePlusDays(Func):
    """A date plus a whole number of days (negative: before), in SQL; NULL when the date is NULL."""

    output_field = DateField()

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(
            f"DatePlusDays is written for SQLite and PostgreSQL, not {connection.vendor}."
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        # date + integer is a date.
        return super().as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" + ", **extra_context
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        template = "date(%(expressions)s || ' days')"
        return super().as_sql(compiler, connection, template=template, arg_joiner=", ", **extra_context)


def stage_moved_reason(stage):
    return because("stage_moved", stage=stage.display_name)


# No savepoint of its own: on failure the caller's transaction (the stage's save) rolls back as a whole.
@transaction.atomic(savepoint=False)
def stage_commitments_redate(*, stage, user=None, reason=None):
    """Give every commitment tied to ``stage`` the due date the stage's dates now give it.

    Only commitments whose due date changes are written, and each gets one history row ("~", by ``user``,
    with ``reason`` or a note naming the stage) holding the row as it is after the change. Returns how many
    changed. The query count does not depend on how many commitments the stage has.
    """
    return _redate(Commitment, stage=stage, user=user, reason=reason)


@transaction.atomic(savepoint=False)
def stage_tranches_redate(*, stage, user=None, reason=None):
    """The same for the grant tranches tied to ``stage`` (an NPHD's disbursement deadlines)."""
    return _redate(GrantTranche, stage=stage, user=user, reason=reason)


def _redate(model, *, stage, user, reason):
    """Re-date ``model``'s rows tied to ``stage`` in one UPDATE, with one bulk history row per changed row.

    ``model`` has the stage-tied due-date fields (agreements.models.due_dates) and an ``updated_at``.
    """
    moved_at = timezone.now()
    tied = model.objects.filter(due_kind=Commitment.DueKind.STAGE, due_stage=stage).order_by()
    moving = tied.filter(_due_on_differs(stage))
    note = reason or stage_moved_reason(stage)
    if model is Commitment:
        # A reason the caller gave is its note; else the stage's name is stored, and the page says it moved.
        explanation = "" if reason else DueDateChange.Explanation.STAGE_MOVE
        values = {} if reason else {"stage": stage.display_name}
        # Each moved deadline is a public fact (DueDateChange); tranches keep theirs in their history only.
        # Their rows locked as they are read (PostgreSQL): one untied from the stage by a transaction still
        # open is read once that commits, instead of getting a "stage move" the UPDATE then skips.
        _insert_select(
            DueDateChange,
            moving.select_for_update(),
            {"commitment_id": "pk", "old_due_on": "due_on", "new_due_on": _due_on_from(stage)},
            reason=DueDateChange.Reason.STAGE_MOVE,
            note=Truncator(reason or "").chars(300),
            explanation=explanation,
            explanation_values=values,
            changed_by_id=getattr(user, "pk", None),
            changed_at=moved_at,
        )
    changed = moving.update(due_on=_due_on_from(stage), updated_at=moved_at)
    if changed and getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        # updated_at = moved_at, to the microsecond, tells the rows the UPDATE wrote (locked until commit).
        _history_write(
            tied.filter(updated_at=moved_at),
            history_type="~",
            history_date=moved_at,
            history_user_id=getattr(user, "pk", None),
            history_change_reason=note,
        )
    return changed


def _due_on_from(stage):
    """The due date of a commitment tied to ``stage``, as ``compute_due_on`` (due_dates) gives it, in SQL."""
    start, end = (Value(day, output_field=DateField()) for day in (stage.start_date, stage.end_date))
    anchor_date = Case(
        When(due_anchor=Commitment.Anchor.START, then=start), default=end, output_field=DateField()
    )
    return DatePlusDays(anchor_date, F("due_offset_days"))


def _due_on_differs(stage):
    """Tied rows whose stored due date is not the one ``_due_on_from`` gives (NULLs compared as values)."""
    starts = Q(due_anchor=Commitment.Anchor.START)
    differs = Q()
    for rows, day in ((starts, stage.start_date), (~starts, stage.end_date)):
        if day is None:
            differs |= rows & Q(due_on__isnull=False)
        else:
            due_on = DatePlusDays(Value(day, output_field=DateField()), F("due_offset_days"))
            differs |= rows & (Q(due_on__isnull=True) | ~Q(due_on=due_on))
    return differs


def _history_write(records, **history):
    """One history row per record: its tracked fields as they are now and the ``history`` columns given.

    Written by one INSERT ... SELECT whose SELECT Django compiles for the backend, so no row passes through
    Python, however many there are.
    """
    historical = records.model.history.model
    tracked = [field.attname for field in historical.tracked_fields]
    _insert_select(historical, records, {name: name for name in tracked}, **history)


def _insert_select(model, queryset, sources, **constants):
    """One ``model`` row per row of ``queryset``: each field in ``sources`` from a field name or expression
    of that row, each in ``constants`` from the value given.

    One INSERT ... SELECT whose SELECT Django compiles for the backend, so no row passes through Python.
    """
    selected = {
        f"insert_{name}": F(source) if isinstance(source, str) else source for name, source in sources.items()
    }
    for name, value in constants.items():
        selected[f"insert_{name}"] = Value(value, output_field=model._meta.get_field(name))
    rows = queryset.annotate(**selected).values_list(*selected)
    connection = connections[rows.db]
    select, params = rows.query.get_compiler(connection=connection).as_sql()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in [*sources, *constants])
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) {select}", params)
