from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models.translated import in_active_language


class Election(models.Model):
    class Kind(models.TextChoices):
        GENERAL = "general", _("General election (Pemilu)")
        REGIONAL = "regional", _("Regional head election (Pilkada)")
        OTHER = "other", _("Other")

    name = models.CharField(_("name (Indonesian)"), max_length=160, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.GENERAL)
    voting_day = models.DateField(_("voting day"), null=True, blank=True)
    legal_basis = models.CharField(
        _("legal basis"), max_length=255, blank=True, help_text=_("The regulation setting the stages.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["voting_day", "name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return in_active_language(self.name, self.name_en)


# The fields a commitment's stage-tied due date is computed from.
DATE_FIELDS = {"start_date", "end_date"}


class ElectionStage(models.Model):
    """A stage (tahapan) of an election; commitments may be due relative to it."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="stages"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    start_date = models.DateField(
        _("start"), null=True, blank=True, help_text=_("Leave empty when the regulation gives only an end.")
    )
    end_date = models.DateField(_("end"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("election stage")
        verbose_name_plural = _("election stages")
        ordering = ["election", "order", "start_date"]
        constraints = [
            models.UniqueConstraint(fields=["election", "name"], name="stage_name_unique_in_election")
        ]

    def __str__(self):
        return f"{self.election.display_name}: {self.display_name}"

    def save(self, *args, **kwargs):
        # Imported here: the service module imports the models package, this one among them.
        from agreements.stage_moves import acting_user, stage_commitments_redate, stage_tranches_redate

        update_fields = kwargs.get("update_fields")
        dates_saved = update_fields is None or not DATE_FIELDS.isdisjoint(update_fields)
        moves = dates_saved and not self._state.adding
        # Stage-tied due dates are stored for fast filtering: they follow the stage in the same transaction.
        with transaction.atomic():
            super().save(*args, **kwargs)
            if moves:
                stage_commitments_redate(stage=self, user=acting_user(self))
                stage_tranches_redate(stage=self, user=acting_user(self))

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("A stage cannot end before it starts.")})

    @property
    def display_name(self):
        return in_active_language(self.name, self.name_en)
