"""Each office's published commitments per election stage, counted in the same transaction as every change
that moves the count, so the election timeline reads a few rows per stage instead of every commitment."""

from django.db import models, transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from agencies.models import Organisation
from agreements.models.commitments import done_q, progress_sums
from agreements.models.elections import ElectionStage

# The commitment fields a tally is counted from, beside those progress is counted from.
TALLIED_FIELDS = {"due_stage", "due_stage_id"}
# The agreement fields that decide whose tally its commitments are in, and whether they are in one.
TALLYING_FIELDS = {"office", "office_id", "is_published"}


class StageTallyQuerySet(models.QuerySet):
    def recount(self, offices):
        """Count again the tallies of ``offices`` (ids, or a query of ids) from their published commitments.

        The offices' rows are locked first, in id order: two transactions recounting one office take turns,
        so neither inserts a row the other just inserted.
        """
        with transaction.atomic():
            self._recount(offices)

    def _recount(self, offices):
        from agreements.models import Commitment

        office_ids = list(
            Organisation.objects.select_for_update()
            .filter(pk__in=offices)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not office_ids:
            return
        self.filter(office_id__in=office_ids).delete()
        counted = (
            Commitment.objects.published()
            .filter(agreement__office_id__in=office_ids, due_stage__isnull=False)
            .order_by()
            .values("agreement__office_id", "due_stage_id")
            .annotate(**progress_sums(), count=Count("pk"), done_count=Count("pk", filter=done_q()))
        )
        self.bulk_create(
            StageTally(office_id=row.pop("agreement__office_id"), stage_id=row.pop("due_stage_id"), **row)
            for row in counted
        )

    def figures(self):
        """Per stage id: count, verified-done count and the applicable and done weights, summed over the
        offices in this query."""
        rows = (
            self.order_by()
            .values("stage_id")
            .annotate(
                count=Sum("count"),
                done_count=Sum("done_count"),
                applicable_weight=Sum("applicable_weight"),
                done_weight=Sum("done_weight"),
            )
        )
        return {row.pop("stage_id"): row for row in rows}


class StageTally(models.Model):
    office = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    stage = models.ForeignKey(ElectionStage, on_delete=models.CASCADE, related_name="tallies")
    count = models.PositiveIntegerField(default=0)
    done_count = models.PositiveIntegerField(default=0)
    applicable_weight = models.PositiveIntegerField(default=0)
    done_weight = models.PositiveIntegerField(default=0)

    objects = StageTallyQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage tally")
        verbose_name_plural = _("stage tallies")
        constraints = [models.UniqueConstraint(fields=["stage", "office"], name="one_tally_per_office_stage")]

    def __str__(self):
        return f"{self.office_id} · {self.stage_id}: {self.count}"
