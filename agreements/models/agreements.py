from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models, transaction
from django.db.models import Case, Count, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Organisation
from agencies.offices import office_filter, runs_installation, staff_scope
from agreements.models.commitments import Commitment, done_q, progress_share, progress_sums
from agreements.models.followed_updates import FollowedUpdatesQuerySet
from agreements.models.history import RecoverableHistory
from agreements.models.monev import MonevEvaluation
from agreements.models.publication import published_q
from agreements.models.tallies import TALLYING_FIELDS
from agreements.models.translated import choice_label
from agreements.monev_schedule import MonevSchedule, add_months, due_dates
from agreements.planning_years import within_planning_years
from agreements.progress import Progress
from agreements.search_document import SEARCHED_FIELDS
from agreements.update_fields import touches


def grant_tranches():
    """The prefetch of a grant's tranches, each with the stage it falls due in. Only a grant agreement (NPHD)
    has them, and pages show them under its grant amount."""
    from agreements.models.grants import GrantTranche

    return Prefetch("grant_tranches", queryset=GrantTranche.objects.select_related("due_stage"))


# What decides whether a PKS's commitments count in its MoU's progress (counted_commitments_q).
ROLL_UP_FIELDS = {"kind", "parent", "parent_id", "is_published"}


def status_conditions(today):
    """Each status and the condition on an agreement's state and dates that gives it on ``today``, one
    excluding the others: the rules of ``Agreement.status_on`` in SQL. A missing date never decides (~Q
    keeps its NULL rows). Plain comparisons of columns, which PostgreSQL estimates from its statistics: as a
    filter on the CASE that works the status out, it guessed 0.5 % of the rows (half of them on the scale
    data) and checked a filtered listing's focus area and election links row by row, 50 ms for one page."""
    state = Agreement.Status
    live = ~Q(state__in=[state.DRAFT, state.TERMINATED])
    running = live & ~Q(term_end__lt=today)
    return {
        state.DRAFT: Q(state=state.DRAFT),
        state.TERMINATED: Q(state=state.TERMINATED),
        state.ENDED: live & Q(term_end__lt=today),
        state.ACTIVE: running & Q(term_start__lte=today),
        state.SIGNED: running & ~Q(term_start__lte=today),
    }


class AgreementQuerySet(FollowedUpdatesQuerySet):
    followed_fields = TALLYING_FIELDS | ROLL_UP_FIELDS | SEARCHED_FIELDS
    located_by = ("office_id", "parent_id", "is_published")

    def published(self):
        return self.filter(published_q())

    def with_clauses(self, *, readable, tranches=True):
        """With the rows the signed clauses show (witnesses, force majeure events, grant tranches), one query
        each whatever their number; the public page and the monev report print them. A force majeure event's
        suspended commitments are those of ``readable`` (the reader's scope of commitments, e.g.
        ``Commitment.objects.published()``): one moved since to an agreement the reader cannot read is not
        named. One agreement's page leaves the tranches out (``tranches=False``) and reads them only for a
        grant (``grant_tranches``)."""
        suspended = Prefetch("force_majeure_events__suspended_commitments", queryset=readable)
        return self.prefetch_related("witnesses", suspended, *([grant_tranches()] if tranches else []))

    def visible_to(self, user):
        """The one place deciding which agreements a user may read: published ones; staff also their offices'
        and those below (agencies.offices); a liaison also those their organisation is a party to.

        See docs/domain.md, "Roles and the access matrix".
        """
        if runs_installation(user):
            return self.all()
        visible = Q(is_published=True)
        if getattr(user, "is_kpu_staff", False):
            visible |= office_filter(user)
        if user.is_authenticated and user.organisation_ids():
            own = AgreementParty.objects.filter(organisation_id__in=user.organisation_ids())
            visible |= Q(pk__in=own.values("agreement_id"))
        return self.filter(visible)

    def kept_by(self, user):
        """The agreements whose records ``user`` reads as staff (the admin, the workspace): their offices' and
        those below; outsiders get none."""
        return staff_scope(self, user)

    def editable_by(self, user):
        """The agreements ``user`` may change: their own offices' only (a province reads its regencies')."""
        return staff_scope(self, user, editable=True)

    def with_monev(self):
        """Prefetch the evaluations ``monev_schedule`` reads (one query, however many agreements)."""
        return self.prefetch_related(
            models.Prefetch("monev_evaluations", queryset=MonevEvaluation.objects.with_stage_dates())
        )

    def with_status(self, today=None):
        """Annotate ``current_status``, the status the dates give on ``today`` (as ``status``)."""
        conditions = status_conditions(today or timezone.localdate())
        whens = [When(condition, then=Value(status)) for status, condition in conditions.items()]
        return self.annotate(current_status=Case(*whens, output_field=models.CharField()))

    def in_status(self, status, today=None):
        """Those whose status on ``today`` (``Agreement.status_on``) is ``status``."""
        return self.filter(status_conditions(today or timezone.localdate())[status])

    def refresh_search(self):
        """Rebuild the full-text document of these agreements (PostgreSQL only), in one UPDATE."""
        if connection.vendor != "postgresql":
            return 0
        from agreements.search_document import search_document

        return self.update(search_document=search_document())

    def refresh_progress(self):
        """Recount the stored progress columns of these agreements, and of the MoUs above those that are PKS,
        from the commitments each counts (counted_commitments_q), in one UPDATE.

        Called in the same transaction as every change of a commitment (agreements.signals), so lists can sort
        and filter by progress with an index; tests compare the columns with a full recount.

        The rows are locked first, in id order, by a statement of their own: an UPDATE that waits for another
        transaction's lock recounts from the snapshot it started with and would lose that transaction's
        change (READ COMMITTED); the UPDATE after the lock starts afresh and counts it.
        """
        commitments = Commitment.objects.filter(counted_commitments_q(OuterRef("pk"))).order_by()
        figures = {
            **progress_sums(),
            "commitment_count": Count("pk"),
            "done_count": Count("pk", filter=done_q()),
        }

        def recount(figure):
            # One row: the aggregate over every counted commitment (a constant groups nothing).
            return Subquery(
                commitments.annotate(one=Value(1)).values("one").annotate(figure=figure).values("figure")
            )

        sums = progress_sums()
        share = progress_share(done=sums["done_weight"], applicable=sums["applicable_weight"])
        rolled_up = self.filter(kind=Agreement.Kind.PKS, parent__isnull=False).values("parent_id")
        # A UNION, not an OR of two IN lists: the OR scans every agreement, and its cost estimate makes
        # PostgreSQL JIT-compile the statement (600 ms on the scale data, for a 5 ms UPDATE).
        targets = Agreement.objects.filter(pk__in=self.values("pk").union(rolled_up))
        with transaction.atomic():
            locked = list(targets.select_for_update().order_by("pk").values_list("pk", flat=True))
            return Agreement.objects.filter(pk__in=locked).update(
                **{name: Coalesce(recount(figure), 0) for name, figure in figures.items()},
                progress_share=recount(share),
            )


def counted_commitments_q(agreement):
    """The commitments an agreement's progress counts (docs/domain.md, "Progress method"): its own and, for an
    MoU, those of its published PKS, so an MoU shows their combined progress. ``agreement``: a pk or
    OuterRef."""
    # The agreements first, then their commitments by index: an OR across the two tables would scan them all
    # on every recount. The agreement set is one level deeper, so an OuterRef reaches out twice.
    ref = OuterRef(agreement) if isinstance(agreement, OuterRef) else agreement
    counted = Agreement.objects.filter(
        Q(pk=ref) | Q(parent=ref, kind=Agreement.Kind.PKS, is_published=True)
    ).order_by()
    return Q(agreement__in=counted.values("pk"))


# Columns kept by one UPDATE each (refresh_progress, refresh_search) from other rows.
DERIVED_FIELDS = [
    "commitment_count",
    "done_count",
    "applicable_weight",
    "done_weight",
    "progress_share",
    "search_document",
]


class Agreement(models.Model):
    class Kind(models.TextChoices):
        MOU = "mou", _("Memorandum of understanding (MoU)")
        PKS = "pks", _("Cooperation agreement (PKS)")
        ADDENDUM = "addendum", _("Addendum")
        NPHD = "nphd", _("Regional grant agreement (NPHD)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")
        TERMINATED = "terminated", _("Terminated")

    # Only these are recorded by hand; active and ended follow from the term's dates.
    RECORDED_STATES = [
        (Status.DRAFT.value, Status.DRAFT.label),
        (Status.SIGNED.value, Status.SIGNED.label),
        (Status.TERMINATED.value, Status.TERMINATED.label),
    ]
    ALLOWED_PARENT_KIND = {Kind.PKS: Kind.MOU, Kind.ADDENDUM: Kind.PKS}

    office = models.ForeignKey(
        Organisation,
        verbose_name=_("KPU office"),
        on_delete=models.PROTECT,
        related_name="owned_agreements",
        limit_choices_to={"kind": Organisation.Kind.ELECTION_COMMISSION},
        help_text=_(
            "The office that keeps this agreement's records: its staff change it and verify its reports."
        ),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.PKS)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agreement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("A PKS follows an MoU; an addendum amends a PKS."),
    )
    # Set by agreements.services.agreement_copy_to_election: one copy per agreement and election.
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="copies",
    )
    title = models.CharField(_("title"), max_length=500)
    # The clauses, in the order a signed agreement states them (docs/domain.md, "What a PKS looks like").
    legal_basis = models.TextField(_("legal basis"), blank=True)
    purpose = models.TextField(_("purpose and objectives"), blank=True)
    scope = models.TextField(_("scope"), blank=True)
    funding = models.TextField(_("funding"), blank=True, help_text=_("The funding clause as signed."))
    funding_amount = models.PositiveBigIntegerField(
        _("funding amount (Rp)"),
        null=True,
        blank=True,
        help_text=_("In whole rupiah, where the clause names one."),
    )
    funding_source = models.CharField(
        _("source of funds"), max_length=255, blank=True, help_text=_("For example APBD Kabupaten 2024.")
    )
    # Months between two monitoring and evaluation (monev) reports: what schedules them.
    monitoring_every_months = models.PositiveSmallIntegerField(
        _("monitoring every (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("How often the parties evaluate the cooperation, in months (3: every quarter)."),
    )
    monitoring_forum = models.CharField(
        _("monitoring forum"),
        max_length=255,
        blank=True,
        help_text=_("Where it happens, e.g. a joint meeting."),
    )
    termination_date = models.DateField(
        _("terminated on"), null=True, blank=True, validators=[within_planning_years]
    )
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    dispute_settlement = models.TextField(_("dispute settlement"), blank=True)
    # A regional grant agreement (NPHD) only: the grant, its tranches (GrantTranche) and the unspent funds
    # returned to the regional treasury.
    grant_amount = models.PositiveBigIntegerField(_("grant amount (Rp)"), null=True, blank=True)
    grant_returned_amount = models.PositiveBigIntegerField(_("funds returned (Rp)"), null=True, blank=True)
    grant_returned_on = models.DateField(
        _("funds returned on"), null=True, blank=True, validators=[within_planning_years]
    )
    place_signed = models.CharField(_("place of signing"), max_length=120, blank=True)
    date_signed = models.DateField(
        _("date of signing"), null=True, blank=True, validators=[within_planning_years]
    )
    # Within the planning years, as deadlines are: the monev schedule counts months from the start to the end.
    term_start = models.DateField(_("term start"), null=True, blank=True, validators=[within_planning_years])
    term_end = models.DateField(_("term end"), null=True, blank=True, validators=[within_planning_years])
    state = models.CharField(
        _("recorded status"), max_length=16, choices=RECORDED_STATES, default=Status.DRAFT
    )
    elections = models.ManyToManyField(
        "agreements.Election", verbose_name=_("elections covered"), blank=True, related_name="agreements"
    )
    focus_areas = models.ManyToManyField(
        "agreements.FocusArea", verbose_name=_("focus areas"), blank=True, related_name="agreements"
    )
    notes = models.TextField(_("internal notes"), blank=True)
    # Progress figures, recounted in the same transaction as each change of a commitment (refresh_progress).
    # They and the search document are DERIVED_FIELDS: only their UPDATEs write them, never save().
    commitment_count = models.PositiveIntegerField(_("commitments"), default=0, editable=False)
    done_count = models.PositiveIntegerField(_("commitments verified done"), default=0, editable=False)
    applicable_weight = models.PositiveIntegerField(_("applicable weight"), default=0, editable=False)
    done_weight = models.PositiveIntegerField(_("verified-done weight"), default=0, editable=False)
    # Done weight over applicable weight; empty when nothing applies. The listing sorts by it.
    progress_share = models.FloatField(_("progress share"), null=True, editable=False)
    # PostgreSQL full-text document of the title, scope, numbers and parties, kept by refresh_search() and
    # searched through a GIN index (public.search); empty on SQLite, which searches by words instead.
    search_document = SearchVectorField(null=True, editable=False)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    # An addendum is carried into its PKS once (agreements.services.addendum_apply): applied again after a
    # later one, it would take the PKS's term and due dates back.
    applied_at = models.DateTimeField(_("applied to the PKS at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The links are in the history too, so a deleted agreement comes back with them (workspace.recovery).
    # Progress figures follow the commitments, whose own history records each change.
    history = RecoverableHistory(
        excluded_fields=["updated_at", *DERIVED_FIELDS],
        m2m_fields=[elections, focus_areas],
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-date_signed", "title"]
        # The public listing's orders and the home page's latest have PostgreSQL-only partial indexes
        # (migration 0012: SQLite cannot index NULLS LAST).
        indexes = [models.Index(fields=["is_published", "date_signed"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # An instance read before a report was verified holds old figures; a full save would put them back.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in DERIVED_FIELDS
            ]
        moved_from = getattr(self, "loaded_office_id", None)
        super().save(*args, **kwargs)
        moved = moved_from not in (None, self.office_id)
        if moved and touches(kwargs.get("update_fields"), {"office", "office_id"}):
            # Its evaluations are its new office's to read and write (one per period, whoever wrote it).
            for evaluation in self.monev_evaluations.all():
                evaluation.office_id = self.office_id
                evaluation.save()
            # Its PKS and addenda go with it (each save moves what hangs below it): a chain has one office.
            for child in self.children.exclude(office_id=self.office_id):
                child.office_id = self.office_id
                child.save()

    def get_absolute_url(self):
        # The canonical public address; a URL name is a string, not an import of the public app.
        return reverse("public:agreement_detail", args=[self.pk])

    def get_kind_display(self):
        return choice_label(self.Kind, self.kind)

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        agreement = super().from_db(db, field_names, values, **kwargs)
        # Moved under another MoU, it changes the progress of the one it leaves (agreements.signals).
        agreement.loaded_parent_id = agreement.__dict__.get("parent_id")
        # Moved to another office, it changes both offices' stage tallies (agreements.signals).
        agreement.loaded_office_id = agreement.__dict__.get("office_id")
        agreement.loaded_is_published = agreement.__dict__.get("is_published")
        return agreement

    def clean(self):
        errors = {}
        if self.term_start and self.term_end and self.term_end < self.term_start:
            errors["term_end"] = _("The term cannot end before it starts.")
        if self.is_published and self.state == self.Status.DRAFT:
            errors["state"] = _("A published agreement is signed: withdraw it from publication first.")
        if self.kind == self.Kind.MOU and self.parent_id:
            errors["parent"] = _("An MoU has no parent agreement.")
        if self.kind == self.Kind.NPHD and self.parent_id:
            errors["parent"] = _("A grant agreement (NPHD) has no parent agreement.")
        errors.update(self.clause_errors())
        expected = self.ALLOWED_PARENT_KIND.get(self.kind)
        if expected and self.parent_id and self.parent.kind != expected:
            errors["parent"] = _("The parent of a %(kind)s must be a %(parent)s.") % {
                "kind": self.get_kind_display(),
                "parent": self.Kind(expected).label,
            }
        if self.kind == self.Kind.ADDENDUM and not self.parent_id:
            errors["parent"] = _("An addendum must name the PKS it amends.")
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("An agreement cannot be its own parent.")
        if self.parent_id and self.office_id and self.parent.office_id != self.office_id:
            errors["parent"] = _("The parent agreement belongs to another KPU office.")
        if errors:
            raise ValidationError(errors)

    def clause_errors(self):
        """What is wrong with the termination and grant clauses, by field."""
        errors = {}
        if self.termination_date and self.date_signed and self.termination_date < self.date_signed:
            errors["termination_date"] = _("An agreement cannot end before it is signed.")
        if self.termination_reason and not self.termination_date:
            errors["termination_date"] = _("Give the date the agreement was terminated.")
        grant = [self.grant_amount, self.grant_returned_amount, self.grant_returned_on]
        if self.kind != self.Kind.NPHD and any(value is not None for value in grant):
            errors["grant_amount"] = _("Only a grant agreement (NPHD) has a grant amount.")
        if (self.grant_returned_amount is None) != (self.grant_returned_on is None):
            errors["grant_returned_on"] = _("Give both the amount returned and the date it was returned.")
        returned, grant = self.grant_returned_amount, self.grant_amount
        if returned and grant is not None and returned > grant:
            errors["grant_returned_amount"] = _("More cannot be returned than the grant.")
        return errors

    @property
    def has_funding_clause(self):
        return bool(
            self.funding
            or self.funding_amount is not None
            or self.funding_source
            or self.grant_amount is not None
        )

    def parties_with_rights(self):
        """The parties whose rights or obligations the agreement spells out (from the prefetched parties)."""
        return [party for party in self.parties.all() if party.rights or party.obligations]

    @property
    def grant_disbursed(self):
        """The grant's realisation: the sum disbursed by its tranches (prefetch ``grant_tranches``)."""
        if self.kind != self.Kind.NPHD:
            return None
        return sum(tranche.disbursed_amount or 0 for tranche in self.grant_tranches.all())

    def status_on(self, today):
        if self.state in (self.Status.DRAFT, self.Status.TERMINATED):
            return self.Status(self.state)
        if self.term_end and today > self.term_end:
            return self.Status.ENDED
        if self.term_start and today >= self.term_start:
            return self.Status.ACTIVE
        return self.Status.SIGNED

    def monev_due_dates(self, until=None):
        """The days the monitoring clause schedules a monev: every ``monitoring_every_months`` months from the
        term's start, within the term (to its end, or its termination when earlier) and up to ``until`` when
        given. None without a clause or a term start; an open-ended term needs ``until``."""
        ends = [day for day in (self.term_end, self.termination_date, until) if day]
        return due_dates(
            every_months=self.monitoring_every_months, start=self.term_start, end=min(ends, default=None)
        )

    def monev_schedule(self, today):
        """The last scheduled monev before ``today``, the next one from ``today`` on, and whether an
        evaluation covers the last (from the ``monev_evaluations`` that ``with_monev()`` prefetches);
        None without a clause."""
        if not (self.monitoring_every_months and self.term_start):
            return None
        dates = self.monev_due_dates(until=add_months(today, self.monitoring_every_months))
        past = [day for day in dates if day < today]
        last = past[-1] if past else None
        evaluated = last is not None and any(each.covers(last) for each in self.monev_evaluations.all())
        return MonevSchedule(
            last=last, next=next((day for day in dates if day >= today), None), last_evaluated=evaluated
        )

    @property
    def status(self):
        """The status today; uses the ``with_status()`` annotation when the query made one."""
        annotated = getattr(self, "current_status", None)
        return self.Status(annotated) if annotated else self.status_on(timezone.localdate())

    @property
    def progress(self):
        """Verified-done share of applicable commitments, by weight (docs/domain.md, "Progress")."""
        return Progress(
            done=self.done_weight,
            applicable=self.applicable_weight,
            count=self.commitment_count,
            done_count=self.done_count,
        )

    def counted_commitments(self):
        """The commitments this agreement's progress counts (counted_commitments_q)."""
        return Commitment.objects.filter(counted_commitments_q(self.pk))

    def chain_root(self):
        """The MoU at the top of this agreement's chain (itself when it has no parent)."""
        node, seen = self, {self.pk}
        while node.parent_id and node.parent_id not in seen:
            seen.add(node.parent_id)
            node = node.parent
        return node


class AgreementParty(models.Model):
    class Role(models.TextChoices):
        FIRST = "first", _("First party (PIHAK KESATU)")
        SECOND = "second", _("Second party (PIHAK KEDUA)")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="parties"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    role = models.CharField(_("role"), max_length=8, choices=Role)
    number = models.CharField(
        _("agreement number"),
        max_length=120,
        blank=True,
        help_text=_("This party's own number for the agreement."),
    )
    signatory_name = models.CharField(_("signatory"), max_length=160, blank=True)
    signatory_position = models.CharField(_("signatory's position"), max_length=200, blank=True)
    acting_for = models.CharField(
        _("acting on behalf of"), max_length=255, blank=True, help_text=_("Who the signatory acts for.")
    )
    # The clause as signed; the obligations tracked one by one are this party's commitments.
    rights = models.TextField(_("rights"), blank=True)
    obligations = models.TextField(
        _("obligations"),
        blank=True,
        help_text=_("As the clause states them; record each obligation to follow up as a commitment."),
    )
    history = RecoverableHistory()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["agreement", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "role"],
                name="party_role_unique_in_agreement",
                violation_error_message=_("An agreement has only one party in each role."),
            ),
            models.UniqueConstraint(
                fields=["agreement", "organisation"],
                name="party_organisation_unique_in_agreement",
                violation_error_message=_("This organisation is already a party to the agreement."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "number"],
                condition=~Q(number=""),
                name="party_number_unique_per_organisation",
                violation_error_message=_("This organisation has already used this agreement number."),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.organisation}"

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        party = super().from_db(db, field_names, values, **kwargs)
        # Which agreement and organisation it joined when read: a change of either moves the tallies.
        party.loaded_link = party.link()
        return party

    def link(self):
        return (self.__dict__.get("agreement_id"), self.__dict__.get("organisation_id"))


def _name_links(through, target, verbose_name, verbose_name_plural):
    through._meta.verbose_name = verbose_name
    through._meta.verbose_name_plural = verbose_name_plural
    through.__str__ = lambda link: f"{getattr(link, target)} · {link.agreement}"


# Django calls these link rows "Agreement_elections object (11)" on the admin's delete pages. Explicit
# through models would name them too, but the admin then leaves the fields out of the agreement form.
_name_links(Agreement.elections.through, "election", _("covered election"), _("covered elections"))
_name_links(Agreement.focus_areas.through, "focusarea", _("covered focus area"), _("covered focus areas"))
