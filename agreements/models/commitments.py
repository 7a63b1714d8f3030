from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, router, transaction
from django.db.models import DEFERRED, Count, Q, Sum
from django.db.models.functions import Cast, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Organisation
from agencies.offices import keeps_records_of, office_filter, runs_installation, staff_scope
from agreements.deadlines import NO_DUE_DATE, OVERDUE, WINDOW_DAYS
from agreements.models.due_dates import StageTiedDueDate
from agreements.models.followed_updates import FollowedUpdatesQuerySet
from agreements.models.history import RecoverableHistory
from agreements.models.publication import published_q
from agreements.models.translated import choice_label
from agreements.planning_years import within_planning_years
from agreements.progress import Progress

# What an agreement's progress and its office's stage tallies count of a commitment (agreements.signals).
COUNTED_FIELDS = (
    "agreement_id",
    "status",
    "weight",
    "is_not_applicable",
    "due_stage_id",
    "focus_area_id",
    "responsible_id",
)

# The rules of progress and deadlines, once each (docs/domain.md, "Progress" and "Deadlines").
# ``path`` reaches the commitment's fields from another model, e.g. "commitments__" from an agreement.


def applicable_q(path=""):
    """Counted in progress: not marked not applicable."""
    return Q(**{f"{path}is_not_applicable": False})


def done_q(path=""):
    """Applicable and verified done."""
    return applicable_q(path) & Q(**{f"{path}status": Commitment.Status.DONE})


def closed_statuses():
    """The final states: verified done, or marked not carried out after its window passed."""
    return [Commitment.Status.DONE, Commitment.Status.NOT_CARRIED_OUT]


def open_q(path=""):
    """Still owed: applicable, not verified done and not marked not carried out."""
    return applicable_q(path) & ~Q(**{f"{path}status__in": closed_statuses()})


def overdue_q(on, path=""):
    """Open and due before the day ``on``."""
    return open_q(path) & Q(**{f"{path}due_on__lt": on})


def due_within_q(days, on, path=""):
    """Open and due from the day ``on`` to ``days`` days after it, both included."""
    return open_q(path) & Q(**{f"{path}due_on__gte": on, f"{path}due_on__lte": on + timedelta(days=days)})


def internals_visible_q(user, path="", agency=None):
    """Whose commitments' internals (reports, evidence, internal fields) a user may see, as a condition.

    A superuser: every commitment (no condition); KPU staff: the commitments of their offices' agreements and
    those below (agencies.offices); a liaison: those their own organisation is responsible for, or, for
    records that name their own organisation (``agency``: a report's, the one that filed it), those it names;
    anyone else: none.
    """
    if runs_installation(user):
        return Q()
    if getattr(user, "is_kpu_staff", False):
        return office_filter(user, f"{path}agreement__office")
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    owner = agency or f"{path}responsible_id"
    return Q(**{f"{owner}__in": user.organisation_ids()})


def reports_on(user, commitment):
    """Whether ``user``, who reads ``commitment``'s internals, may file a report on it: staff on their own
    offices' commitments only (a province reads its regencies' and reports on none), a liaison on their
    organisation's."""
    if runs_installation(user) or not getattr(user, "is_kpu_staff", False):
        return True
    return keeps_records_of(user, commitment.agreement.office_id)


# The commitment fields progress is counted from (progress_sums), and those an office's tallies count by
# (agreements.models.tallies): writing one of them, saved or updated in bulk, recounts what the agreement
# stores (agreements.signals).
PROGRESS_FIELDS = {"agreement", "agreement_id", "status", "weight", "is_not_applicable"}
TALLIED_FIELDS = {"due_stage", "due_stage_id", "focus_area", "focus_area_id", "responsible", "responsible_id"}


def progress_sums(path=""):
    """The applicable and verified-done weights, for ``annotate`` or ``aggregate`` alike."""
    return {
        "applicable_weight": Sum(f"{path}weight", filter=applicable_q(path), default=0),
        "done_weight": Sum(f"{path}weight", filter=done_q(path), default=0),
    }


def progress_share(done="done_weight", applicable="applicable_weight"):
    """Done weight as a fraction of applicable weight (NULL when nothing applies), to order by progress."""
    return Cast(done, models.FloatField()) / NullIf(Cast(applicable, models.FloatField()), 0.0)


def today_or(on):
    return timezone.localdate() if on is None else on


class CommitmentQuerySet(FollowedUpdatesQuerySet):
    followed_fields = PROGRESS_FIELDS | TALLIED_FIELDS
    located_by = ("agreement_id",)

    def applicable(self):
        return self.filter(applicable_q())

    def done(self):
        return self.filter(done_q())

    def open(self):
        return self.filter(open_q())

    def overdue(self, on=None):
        return self.filter(overdue_q(today_or(on)))

    def due_within(self, days, on=None):
        return self.filter(due_within_q(days, today_or(on)))

    def due_in(self, window, on=None):
        """The commitments of a due-date filter's window (agreements.deadlines): overdue, due within a week
        or a month, or without a due date."""
        if window == OVERDUE:
            return self.overdue(on)
        if window == NO_DUE_DATE:
            return self.filter(due_on__isnull=True)
        return self.due_within(WINDOW_DAYS[window], on)

    def progress_totals(self):
        """Weighted progress of these commitments, with how many there are and how many are done."""
        totals = self.order_by().aggregate(
            **progress_sums(), count=Count("pk"), done_count=Count("pk", filter=done_q())
        )
        return Progress(
            done=totals["done_weight"],
            applicable=totals["applicable_weight"],
            count=totals["count"],
            done_count=totals["done_count"],
        )

    def published(self):
        """Commitments of published agreements: what the public site shows."""
        return self.filter(published_q("agreement__"))

    def visible_to(self, user):
        """Commitments of agreements the user may read (public fields only for outsiders)."""
        from agreements.models import Agreement

        return self.filter(agreement__in=Agreement.objects.visible_to(user))

    def internals_visible_to(self, user):
        """The one place deciding whose reports, evidence and internal fields a user may see and report on
        (internals_visible_q says how)."""
        return self.filter(internals_visible_q(user))

    def editable_by(self, user):
        """Commitments ``user`` may change and whose reports they may verify: their own offices' only."""
        return staff_scope(self, user, "agreement__office", editable=True)


class Commitment(StageTiedDueDate, models.Model):
    """An obligation of one party to an agreement."""

    class DueKind(models.TextChoices):
        NONE = "none", _("No due date")
        FIXED = "fixed", _("Fixed date")
        STAGE = "stage", _("Tied to an election stage")

    class Anchor(models.TextChoices):
        START = "start", _("stage start")
        END = "end", _("stage end")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        BLOCKED = "blocked", _("Blocked")
        DONE = "done", _("Done (verified)")
        # Final: the window passed unfulfilled; counts in progress as applicable and not done.
        NOT_CARRIED_OUT = "not_carried_out", _("Not carried out")

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    responsible = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible party"),
        on_delete=models.PROTECT,
        related_name="commitments",
        help_text=_("Must be one of the agreement's parties."),
        # The (responsible, status) index serves it; every index is one more write per re-dated row.
        db_index=False,
    )
    focus_area = models.ForeignKey(
        "agreements.FocusArea",
        verbose_name=_("focus area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Demo data not taken from the signed agreement.")
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    is_not_applicable = models.BooleanField(_("not applicable"), default=False)
    not_applicable_reason = models.CharField(_("why not applicable"), max_length=300, blank=True)
    # Set only by applying an addendum (agreements.services.addendum_apply), so the chain stays traceable.
    added_by = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("added by addendum"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="added_commitments",
        # Set on few rows: a partial index (Meta) holds only those, and a stage move's UPDATE skips it.
        db_index=False,
    )
    retired_by = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("retired by addendum"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="retired_commitments",
        # Set on few rows: a partial index (Meta) holds only those, and a stage move's UPDATE skips it.
        db_index=False,
    )
    due_kind = models.CharField(_("due date"), max_length=8, choices=DueKind, default=DueKind.NONE)
    due_date = models.DateField(
        _("fixed due date"), null=True, blank=True, validators=[within_planning_years]
    )
    due_stage = models.ForeignKey(
        "agreements.ElectionStage",
        verbose_name=_("election stage"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        # The (due_stage, due_on, id) index serves it (a stage move rewrites every row of the stage).
        db_index=False,
    )
    due_anchor = models.CharField(_("counted from"), max_length=8, choices=Anchor, default=Anchor.END)
    due_offset_days = models.SmallIntegerField(
        _("days after (negative: before)"),
        default=0,
        validators=[MinValueValidator(-730), MaxValueValidator(730)],
    )
    # Derived from the fields above and stored so lists can filter and sort by it.
    due_on = models.DateField(_("due on"), null=True, blank=True, editable=False, db_index=True)
    # Changed only by verifying a progress report, never typed by hand.
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.NOT_STARTED, editable=False
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, editable=False)
    # Timeliness facts (docs/domain.md, "Timeliness"): the day staff accepted the report that completed it,
    # and the first due date it was given, kept however often the due date moves (see DueDateChange).
    verified_on = models.DateField(_("verified done on"), null=True, blank=True, editable=False)
    original_due_on = models.DateField(_("original due date"), null=True, blank=True, editable=False)
    not_carried_out_reason = models.CharField(
        _("why not carried out"), max_length=300, blank=True, editable=False
    )
    assignees = models.ManyToManyField(
        "agencies.User",
        verbose_name=_("assigned liaisons"),
        through="agreements.CommitmentAssignment",
        related_name="assigned_commitments",
        blank=True,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = RecoverableHistory(
        excluded_fields=["updated_at"],
        # History is read by record, agreement and time only (recovery, monev, the changes feed): an index on
        # each foreign key and the due date would only slow every write of a history row, a stage move's
        # hundred thousand at once.
        no_db_index=["responsible", "focus_area", "due_stage", "added_by", "retired_by", "due_on"],
    )

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["agreement", "order", "pk"]
        indexes = [
            models.Index(fields=["responsible", "status"]),
            # A stage's first commitments on the election timeline (public.timeline).
            models.Index(fields=["due_stage", "due_on", "id"]),
            # The feed of verified progress reads the newest done first (public.feeds) and stops at its
            # fiftieth: over every changed status, a third of them done, PostgreSQL joined them all and sorted
            # (85 ms on the scale data, 1.2 ms now). Partial, like the two below: a row outside an index's
            # condition costs a bulk UPDATE (a stage move) no entry in it.
            models.Index(
                fields=["status_changed_at", "id"],
                condition=Q(status="done", status_changed_at__isnull=False),
                name="commitment_done_changed",
            ),
            # Deleting an agreement checks that no addendum's commitment refers to it (PROTECT).
            models.Index(
                fields=["added_by"], condition=Q(added_by__isnull=False), name="commitment_added_by"
            ),
            models.Index(
                fields=["retired_by"], condition=Q(retired_by__isnull=False), name="commitment_retired_by"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.due_on = self.compute_due_on()
        if self.original_due_on is None:
            self.original_due_on = self.due_on
        if kwargs.get("update_fields") is None and not self._state.adding:
            kwargs["update_fields"] = self.fields_to_write()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "due_on", "original_due_on"}
        if not self._state.adding and getattr(self, "loaded_due_on", self.due_on) != self.due_on:
            # A stage move committed since this was read has recorded its own change: compare with it.
            self.loaded_due_on = self.stored_due_on(kwargs.get("using"), default=self.loaded_due_on)
        super().save(*args, **kwargs)
        # Every saved move of the due date leaves a public trace; bulk stage moves write theirs themselves.
        loaded = getattr(self, "loaded_due_on", self.due_on)
        if loaded != self.due_on:
            from agreements.models.due_date_changes import DueDateChange

            DueDateChange.record(self, old_due_on=loaded)
        self.loaded_due_on = self.due_on
        # Saved: a later move to another agreement leaves this one (agreements.signals).
        self.loaded_agreement_id = self.agreement_id
        self.loaded_counted = self.counted_state()

    def stored_due_on(self, using=None, *, default=None):
        """The due date as committed now (``default`` when the row is gone), its row locked until the
        transaction ends on PostgreSQL, so that no stage move slips in before this save writes."""
        db = using or router.db_for_write(type(self), instance=self)
        connection = transaction.get_connection(db)
        rows = type(self)._base_manager.using(db).filter(pk=self.pk)
        if connection.features.has_select_for_update and connection.in_atomic_block:
            rows = rows.select_for_update(no_key=connection.features.has_select_for_no_key_update)
        stored = list(rows.values_list("due_on", flat=True))
        return stored[0] if stored else default

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        commitment = super().from_db(db, field_names, values, **kwargs)
        # Moved to another agreement, it changes the progress of the one it leaves (agreements.signals).
        commitment.loaded_agreement_id = commitment.__dict__.get("agreement_id")
        # A save that leaves these alone leaves its agreement's progress and its office's tallies alone.
        commitment.loaded_counted = commitment.counted_state()
        # A changed due date is recorded as a DueDateChange on save (not known when the field was deferred).
        if "due_on" in commitment.__dict__:
            commitment.loaded_due_on = commitment.due_on
        return commitment

    def fields_to_write(self):
        """A full save's fields, less the counted ones it leaves as loaded: a stale instance would put back a
        status verified meanwhile, under progress that its unchanged counted state never recounts."""
        loaded = getattr(self, "loaded_counted", None)
        unchanged = set()
        if loaded is not None:
            unchanged = {
                name for name, was in zip(COUNTED_FIELDS, loaded, strict=True) if getattr(self, name) == was
            }
        unchanged |= self.get_deferred_fields()
        return [
            field.name
            for field in self._meta.concrete_fields
            if not field.primary_key and field.attname not in unchanged
        ]

    def counted_state(self):
        """What the agreement's progress and the office's tallies count of this commitment; None
        when a field was not loaded (then it is unknown, and every save recounts)."""
        values = tuple(self.__dict__.get(name, DEFERRED) for name in COUNTED_FIELDS)
        return None if DEFERRED in values else values

    def clean(self):
        errors = self.due_rule_errors(missing_date=_("Give the fixed due date."))
        if self.is_not_applicable and not self.not_applicable_reason:
            errors["not_applicable_reason"] = _("Say why this commitment does not apply.")
        parties = self.party_organisation_ids()
        if self.responsible_id and parties is not None and self.responsible_id not in parties:
            errors["responsible"] = _("The responsible organisation must be one of the agreement's parties.")
        if errors:
            raise ValidationError(errors)

    def party_organisation_ids(self):
        # The admin sets this from the parties submitted in the same form, before they are saved.
        submitted = getattr(self, "submitted_party_organisation_ids", None)
        if submitted is not None:
            return submitted
        if self.agreement_id is None:
            return None
        return set(self.agreement.parties.values_list("organisation_id", flat=True))

    @property
    def is_done(self):
        return self.status == self.Status.DONE

    @property
    def is_not_carried_out(self):
        return self.status == self.Status.NOT_CARRIED_OUT

    def get_status_display(self):
        return choice_label(self.Status, self.status)

    @property
    def is_open(self):
        """In Python what ``open_q`` says in SQL."""
        return not (self.is_done or self.is_not_carried_out or self.is_not_applicable)

    def days_late(self, today=None):
        """Days past the due date: done, until the day it was verified; still open, until ``today``.

        0 when on time or not yet due; None when there is nothing to measure (no due date, not applicable,
        not carried out, or done before the verified date was recorded). docs/domain.md, "Timeliness".
        """
        if self.due_on is None or self.is_not_applicable:
            return None
        if self.is_done:
            end = self.verified_on
        elif self.is_open:
            end = today_or(today)
        else:
            end = None
        return None if end is None else max((end - self.due_on).days, 0)

    def is_overdue_on(self, day):
        """In Python what ``overdue_q`` says in SQL."""
        return self.is_open and self.due_on is not None and self.due_on < day
