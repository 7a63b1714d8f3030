"""Each office's published commitments per election stage, per focus area, per responsible organisation and
in all, and its published agreements per election, per focus area, per party and in all, counted in the same
transaction as every change that moves the count, so the election pages, a stage's page, the focus areas'
pages, the agency list and the home page read a few rows per office instead of every commitment, link or
party."""

from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models, transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from agencies.models import Organisation
from agreements.models.commitments import done_q, progress_sums
from agreements.models.elections import Election, ElectionStage
from agreements.models.focus_areas import FocusArea
from agreements.progress import Progress

# The agreement fields that decide whose tally its commitments are in, and whether they are in one.
TALLYING_FIELDS = {"office", "office_id", "is_published"}
FIGURES = ("count", "done_count", "applicable_weight", "done_weight")


# The offices noted inside recounts_deferred(), or None outside it.
deferred_offices = ContextVar("deferred_offices", default=None)


def recount_tallies(offices):
    """Count again every tally of ``offices`` (ids, or a query of ids) from their published commitments and
    the links of their published agreements.

    The offices' rows are locked first, in id order: two transactions recounting one office take turns, so
    neither inserts a row the other just inserted.
    """
    noted = deferred_offices.get()
    if noted is not None:
        # Read now: a later write may move the rows a query finds (an agreement to another office).
        if isinstance(offices, models.QuerySet):
            offices = Organisation.objects.filter(pk__in=offices).values_list("pk", flat=True)
        noted.update(offices)
        return
    with transaction.atomic():
        office_ids = list(
            Organisation.objects.select_for_update()
            .filter(pk__in=offices)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if office_ids:
            for model in (StageTally, FocusAreaTally, OrganisationTally, OfficeTotal, ElectionTally):
                model.objects.recount_locked(office_ids)


@contextmanager
def recounts_deferred():
    """Writes inside only note the offices whose tallies they move; each is recounted once at the end, in
    the same transaction. For code writing many rows at once (the demo, an import): the demo's 75 recounts
    took half of its load time."""
    if deferred_offices.get() is not None:  # an outer block recounts
        yield
        return
    noted = set()
    token = deferred_offices.set(noted)
    try:
        with transaction.atomic():
            yield
            deferred_offices.reset(token)
            token = None
            recount_tallies(noted - {None})
    finally:
        if token is not None:
            deferred_offices.reset(token)


class TallyQuerySet(models.QuerySet):
    def of_site(self, office=None):
        """What ``office``'s public site counts: its own tallies; the national site, every office's."""
        return self if office is None else self.filter(office=office)

    def recount_locked(self, office_ids):
        """The tallies of these offices, whose rows the caller holds locked (``recount_tallies``)."""
        model = self.model
        fields = ["office_id", *([f"{model.KEY}_id"] if model.KEY else [])]
        # One DELETE, no row read first: Django's delete() reads every row to signal it (kpu_coop.invalidation
        # listens), which cost a recount a quarter of its time. The write is still seen at the database layer,
        # inside the window of the record whose change recounts these offices.
        self.filter(office_id__in=office_ids)._raw_delete(self.db)
        self.bulk_create(
            model(**dict(zip(fields, group, strict=True)), **figures)
            for group, figures in model.counted(office_ids).items()
        )


class CommitmentTallyQuerySet(TallyQuerySet):
    def figures(self):
        """Per stage or focus area id: count, verified-done count and the applicable and done weights, summed
        over the offices in this query."""
        key = f"{self.model.KEY}_id"
        rows = self.order_by().values(key).annotate(**{name: Sum(name) for name in FIGURES})
        return {row.pop(key): row for row in rows}

    def totals(self):
        """The count, verified-done count and progress of every commitment these tallies count."""
        return as_totals(self.aggregate(**{name: Sum(name, default=0) for name in FIGURES}))


def as_totals(sums):
    """Summed ``FIGURES`` as a page of commitments shows them above its list (public.views.commitment_pages):
    count, verified-done count and progress."""
    progress = Progress(
        done=sums["done_weight"],
        applicable=sums["applicable_weight"],
        count=sums["count"],
        done_count=sums["done_count"],
    )
    return {"count": sums["count"], "done_count": sums["done_count"], "progress": progress}


def published_agreements_per(rows, key, office_ids):
    """((office id, key), count) of the offices' published agreements per ``key`` of ``rows``, a model with
    one row per agreement and key (a link or a party)."""
    published = rows.objects.filter(agreement__office_id__in=office_ids, agreement__is_published=True)
    counted = published.order_by().values_list("agreement__office_id", key).annotate(Count("pk"))
    return [((office_id, key_id), count) for office_id, key_id, count in counted]


class OfficeTally(models.Model):
    office = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(default=0)
    done_count = models.PositiveIntegerField(default=0)
    applicable_weight = models.PositiveIntegerField(default=0)
    done_weight = models.PositiveIntegerField(default=0)

    objects = CommitmentTallyQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        key = f" · {getattr(self, f'{self.KEY}_id')}" if self.KEY else ""
        return f"{self.office_id}{key}: {self.count}"

    @classmethod
    def counted(cls, office_ids):
        """{(office id[, key id]): figures} of these offices' published commitments, and of their published
        agreements where the tally counts them too."""
        from agreements.models import Commitment

        # The commitment fields a row is counted by, in the order of the tally's own (recount_locked).
        paths = ["agreement__office_id", *([f"{cls.COUNTED_BY}_id"] if cls.COUNTED_BY else [])]
        rows = (
            Commitment.objects.published()
            .filter(agreement__office_id__in=office_ids, **{f"{path}__isnull": False for path in paths[1:]})
            .order_by()
            .values(*paths)
            .annotate(**progress_sums(), count=Count("pk"), done_count=Count("pk", filter=done_q()))
        )
        tallies = defaultdict(dict)
        for row in rows:
            tallies[tuple(row.pop(path) for path in paths)].update(row)
        for group, agreement_count in cls.agreement_counts(office_ids):
            tallies[group]["agreement_count"] = agreement_count
        return tallies

    @staticmethod
    def agreement_counts(office_ids):
        """((office id[, key id]), count) of the offices' published agreements a tally counts: none for a
        stage, which no agreement names."""
        return []


class StageTally(OfficeTally):
    # The tally's own field, and the commitment's field it counts by (besides its agreement's office).
    KEY, COUNTED_BY = "stage", "due_stage"

    stage = models.ForeignKey(ElectionStage, on_delete=models.CASCADE, related_name="tallies")

    class Meta:
        verbose_name = _("stage tally")
        verbose_name_plural = _("stage tallies")
        constraints = [models.UniqueConstraint(fields=["stage", "office"], name="one_tally_per_office_stage")]


class FocusAreaTally(OfficeTally):
    KEY, COUNTED_BY = "focus_area", "focus_area"

    focus_area = models.ForeignKey(FocusArea, on_delete=models.CASCADE, related_name="tallies")
    # The office's published agreements linked to the focus area (Agreement.focus_areas), commitments or not.
    agreement_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("focus area tally")
        verbose_name_plural = _("focus area tallies")
        constraints = [
            models.UniqueConstraint(fields=["focus_area", "office"], name="one_tally_per_office_focus_area")
        ]

    @staticmethod
    def agreement_counts(office_ids):
        from agreements.models import Agreement

        return published_agreements_per(Agreement.focus_areas.through, "focusarea_id", office_ids)


class OrganisationTally(OfficeTally):
    """An organisation's part in an office's published agreements: the commitments it is responsible for, and
    the agreements it is a party to. The agency list lists the parties and shows their progress from it."""

    KEY, COUNTED_BY = "organisation", "responsible"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="tallies")
    agreement_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("organisation tally")
        verbose_name_plural = _("organisation tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "office"], name="one_tally_per_office_organisation"
            )
        ]

    @staticmethod
    def agreement_counts(office_ids):
        from agreements.models import AgreementParty

        # An organisation is a party to an agreement once (party_organisation_unique_in_agreement).
        return published_agreements_per(AgreementParty, "organisation_id", office_ids)


class OfficeTotal(OfficeTally):
    """Every published commitment of an office, and its published agreements: a site's headline totals and
    the office's line on the national home page. Each commitment counts once, for the office keeping its own
    agreement (an MoU's stored figures also hold its PKS's: a sum over agreements would count those twice)."""

    KEY = COUNTED_BY = None

    office = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="+")
    agreement_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("office total")
        verbose_name_plural = _("office totals")

    @staticmethod
    def agreement_counts(office_ids):
        from agreements.models import Agreement

        published = Agreement.objects.filter(office_id__in=office_ids, is_published=True)
        rows = published.order_by().values_list("office_id").annotate(Count("pk"))
        return [((office_id,), count) for office_id, count in rows]


class ElectionTally(models.Model):
    """An office's published agreements linked to an election (Agreement.elections): the election lists count
    them. Its commitments are counted per stage (StageTally), since a stage's election can change."""

    KEY = "election"

    office = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="tallies")
    agreement_count = models.PositiveIntegerField(default=0)

    objects = TallyQuerySet.as_manager()

    class Meta:
        verbose_name = _("election tally")
        verbose_name_plural = _("election tallies")
        constraints = [
            models.UniqueConstraint(fields=["election", "office"], name="one_tally_per_office_election")
        ]

    def __str__(self):
        return f"{self.office_id} · {self.election_id}: {self.agreement_count}"

    @staticmethod
    def counted(office_ids):
        from agreements.models import Agreement

        counts = published_agreements_per(Agreement.elections.through, "election_id", office_ids)
        return {group: {"agreement_count": count} for group, count in counts}
