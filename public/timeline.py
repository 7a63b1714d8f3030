"""Geometry for the election timeline: every stage drawn on one shared scale, in SVG user units.

The page reads each stage's count and progress from the offices' stored tallies (StageTally), and its first
and last due date and a short preview from the (due_stage, due_on) index (on an office's site, from that
office's own commitments), so it stays the same size and as quick however many commitments fall due in an
election.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Subquery

from agreements.models import Commitment, ElectionStage
from agreements.models.commitments import overdue_q
from agreements.models.tallies import FIGURES, as_totals
from agreements.models.translated import choice_label
from agreements.progress import Progress
from kpu_coop.timescale import TimeScale

WIDTH = 1000
# A one-day stage on a two-year scale would be under one unit wide: keep it visible.
MIN_BAR = 4
# Commitments listed under each stage; the stage's own page lists the rest.
PREVIEW = 5


@dataclass
class Row:
    stage: object
    x: float
    width: float
    count: int = 0
    progress: Progress | None = None
    preview: list = field(default_factory=list)
    # Where the stage's commitments fall due, from the first due date to the last, drawn as one band.
    due_x: float | None = None
    due_width: float = 0

    @property
    def more(self):
        return self.count > len(self.preview)


def stage_figures(tallies, spans):
    """Per stage id: how many commitments fall due in it, their progress (summed from the offices' stored
    tallies, a few rows per stage) and their first and last due date (``spans``, from ``stage_reads``)."""
    figures = tallies.figures()
    for stage_id, row in figures.items():
        row.update(spans.get(stage_id, {"first_due": None, "last_due": None}))
    return figures


def stage_reads(commitments, stages, per_stage=PREVIEW, *, one_office=False):
    """Per stage id, in one query whatever the election size: the ids of its first ``per_stage``
    commitments (``preview``) and its first and last due date.

    Each is a scalar subquery reading a few rows of the (due_stage, due_on, id) index; an OR of
    IN-subqueries, as before, made PostgreSQL test every commitment of the election (150 ms → 3 ms).
    ``one_office``: the commitments are one office's, a few hundred in an election, read as rows of their
    own (``office_stage_reads``).
    """
    if not stages:
        return {}
    if one_office:
        return office_stage_reads(commitments, stages, per_stage)
    in_stage = commitments.filter(due_stage=OuterRef("pk")).order_by()
    dated = in_stage.filter(due_on__isnull=False)
    ordered = in_stage.order_by("due_on", "pk").values("pk")
    places = {f"preview_{n}": Subquery(ordered[n : n + 1]) for n in range(per_stage)}
    rows = ElectionStage.objects.filter(pk__in=[stage.pk for stage in stages]).values("pk")
    rows = rows.annotate(
        **places,
        first_due=Subquery(dated.order_by("due_on").values("due_on")[:1]),
        last_due=Subquery(dated.order_by("-due_on").values("due_on")[:1]),
    )
    return {
        row["pk"]: {
            "preview": [row[name] for name in places if row[name] is not None],
            "first_due": row["first_due"],
            "last_due": row["last_due"],
        }
        for row in rows
    }


def office_stage_reads(commitments, stages, per_stage):
    """What ``stage_reads`` gives, for one office's commitments: their stage, id and due date in one query, in
    the order the previews take. The index that serves the nation would be walked past every other office's
    commitments of the stage: 11.2 ms for one office's timeline on the scale data, this 0.8 ms (min of 40)."""
    reads = {stage.pk: {"preview": [], "first_due": None, "last_due": None} for stage in stages}
    rows = (
        commitments.filter(due_stage__in=stages)
        .order_by("due_stage", "due_on", "pk")
        .values_list("due_stage_id", "pk", "due_on")
    )
    for stage_id, pk, due_on in rows:
        read = reads[stage_id]
        if len(read["preview"]) < per_stage:
            read["preview"].append(pk)
        if due_on is not None:
            # Ascending: the first date seen is the earliest, the last the latest.
            read["first_due"] = read["first_due"] or due_on
            read["last_due"] = due_on
    return reads


@dataclass(frozen=True)
class Preview:
    """A commitment as the timeline lists it under its stage: what the line shows, and nothing more."""

    pk: int
    due_stage_id: int
    agreement_id: int
    title: str
    agreement_title: str
    responsible: str
    due_on: date | None
    status: str
    overdue: bool

    @property
    def status_label(self):
        return choice_label(Commitment.Status, self.status)


def stage_previews(commitments, reads, today):
    """The commitments ``stage_reads`` named, in the order the timeline lists them, as ``Preview`` rows of
    plain values (as model objects with their agreement and party, 75 rows took twice as long), each overdue
    on ``today`` or not by the rule of ``overdue_q``."""
    ids = [pk for read in reads.values() for pk in read["preview"]]
    overdue = ExpressionWrapper(overdue_q(today), output_field=BooleanField())
    rows = (
        commitments.filter(pk__in=ids)
        .annotate(is_overdue=overdue)
        .order_by("due_stage_id", "due_on", "pk")
        .values_list(
            "pk",
            "due_stage_id",
            "agreement_id",
            "title",
            "agreement__title",
            "responsible__short_name",
            "due_on",
            "status",
            "is_overdue",
        )
    )
    return [Preview(*row) for row in rows]


def election_totals(figures):
    """The election's count and progress: the sum of its stages' figures."""
    return as_totals({name: sum(row[name] for row in figures.values()) for name in FIGURES})


class Timeline:
    def __init__(self, stages, figures, previews, *, voting_day=None, today=None):
        stages = list(stages)
        preview_of = defaultdict(list)
        for commitment in previews:
            preview_of[commitment.due_stage_id].append(commitment)
        span = [day for stage in stages for day in (stage.start_date, stage.end_date) if day]
        span += [row[name] for row in figures.values() for name in ("first_due", "last_due") if row[name]]
        span += [voting_day] if voting_day else []
        self.start = min(span, default=None)
        self.end = max(span, default=None)
        # Whole days: the last day ends where the day after it would begin.
        self.scale = TimeScale(self.start, self.end + timedelta(days=1), width=WIDTH) if span else None
        self.rows = (
            [self._row(stage, figures.get(stage.pk), preview_of[stage.pk]) for stage in stages]
            if span
            else []
        )
        self.years = self.scale.year_ticks() if span else []
        self.voting_x = self.x(voting_day) if voting_day and span else None
        self.today_x = self.x(today) if today and span and self.start <= today <= self.end else None

    def x(self, day):
        return self.scale.x(day)

    def _row(self, stage, figures, preview):
        x = self.x(stage.start_date or stage.end_date)
        row = Row(
            stage=stage,
            x=min(x, WIDTH - MIN_BAR),
            width=max(self.x(stage.end_date + timedelta(days=1)) - x, MIN_BAR),
        )
        if not figures:
            return row
        row.count = figures["count"]
        row.progress = Progress(done=figures["done_weight"], applicable=figures["applicable_weight"])
        row.preview = preview
        if figures["first_due"]:
            row.due_x = min(self.x(figures["first_due"]), WIDTH - MIN_BAR)
            row.due_width = max(self.x(figures["last_due"] + timedelta(days=1)) - row.due_x, MIN_BAR)
        return row
