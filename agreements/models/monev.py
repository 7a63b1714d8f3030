from django.conf import settings
from django.db import models
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Organisation
from agencies.offices import staff_scope
from agreements.models.elections import ElectionStage
from agreements.monev_schedule import key_bounds


class MonevEvaluationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Evaluations of the offices ``user`` reads as staff (their own and those below)."""
        return staff_scope(self, user)

    def editable_by(self, user):
        """Evaluations ``user`` may write: their own offices' only (a province reads its regencies')."""
        return staff_scope(self, user, editable=True)

    def with_stage_dates(self):
        """Annotate ``stage_start`` and ``stage_end`` on evaluations of a stage period ("stage-12"), in the
        same query, so ``covers`` needs none."""
        stage = ElectionStage.objects.annotate(
            key=Concat(Value("stage-"), Cast("pk", CharField()), output_field=CharField())
        ).filter(key=OuterRef("period"))
        return self.annotate(
            stage_start=Subquery(stage.values("start_date")[:1]),
            stage_end=Subquery(stage.values("end_date")[:1]),
        )


class MonevEvaluation(models.Model):
    """What KPU staff conclude about an agreement for one monev period: obstacles, recommendations, follow-up.

    The period is a key of workspace.monev_periods ("2024-Q1", "2024-S2", "stage-12", "2024-06-30").
    """

    office = models.ForeignKey(
        Organisation,
        verbose_name=_("KPU office"),
        on_delete=models.PROTECT,
        related_name="monev_evaluations",
        limit_choices_to={"kind": Organisation.Kind.ELECTION_COMMISSION},
    )
    period = models.CharField(_("period"), max_length=32)
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="monev_evaluations",
    )
    obstacles = models.TextField(_("obstacles"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="monev_evaluations",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Raised by each save; a form sent with an older one would overwrite a colleague's edit unseen.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    objects = MonevEvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("monev evaluation")
        verbose_name_plural = _("monev evaluations")
        ordering = ["office", "period", "agreement"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "period"],
                name="monev_evaluation_one_per_agreement_and_period",
                violation_error_message=_("This agreement already has an evaluation for this period."),
            )
        ]
        indexes = [models.Index(fields=["office", "period"])]

    def __str__(self):
        return f"{self.agreement} · {self.period}"

    def bounds(self):
        """The period's first and last day, or None when unknown (a stage period not annotated by
        ``with_stage_dates``, or a deleted stage)."""
        if self.period.startswith("stage-"):
            end = getattr(self, "stage_end", None)
            return (getattr(self, "stage_start", None) or end, end) if end else None
        return key_bounds(self.period)

    def covers(self, day):
        """Whether ``day`` falls in the period evaluated (it answers for the monev scheduled that day)."""
        bounds = self.bounds()
        return bounds is not None and bounds[0] <= day <= bounds[1]
