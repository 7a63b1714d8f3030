"""Clauses of a signed agreement that hold more than one row: its witnesses and the force majeure events
declared under it (docs/domain.md, "What a PKS looks like")."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from agreements.models.history import RecoverableHistory
from agreements.planning_years import within_planning_years


class Witness(models.Model):
    """A person who witnessed the signing (saksi), in the order the signature page lists them."""

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="witnesses",
    )
    name = models.CharField(_("name"), max_length=160)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.CharField(
        _("organisation"), max_length=255, blank=True, help_text=_("The body the witness serves in.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = RecoverableHistory()

    class Meta:
        verbose_name = _("witness")
        verbose_name_plural = _("witnesses")
        ordering = ["agreement", "order", "pk"]

    def __str__(self):
        return ", ".join(part for part in (self.name, self.position) if part)


class ForceMajeureEvent(models.Model):
    """A force majeure event (keadaan kahar) a party declared under the agreement's clause.

    The deadlines it suspends are named commitments of the same agreement. Its end date is entered only by
    ending it (agreements.services_force_majeure.force_majeure_end), which extends those deadlines by its
    length.
    """

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="force_majeure_events",
    )
    # Its length moves deadlines when it ends: a start in year 24 for 2024 would move them by 2,000 years.
    starts_on = models.DateField(_("starts on"), validators=[within_planning_years])
    ends_on = models.DateField(
        _("ends on"),
        null=True,
        blank=True,
        validators=[within_planning_years],
        help_text=_("Empty while it lasts."),
    )
    reason = models.TextField(_("reason"))
    suspended_commitments = models.ManyToManyField(
        "agreements.Commitment",
        verbose_name=_("deadlines suspended"),
        blank=True,
        related_name="force_majeure_events",
        help_text=_("Commitments of this agreement whose deadlines the event suspends."),
    )
    history = RecoverableHistory(m2m_fields=[suspended_commitments])

    class Meta:
        verbose_name = _("force majeure event")
        verbose_name_plural = _("force majeure events")
        ordering = ["agreement", "starts_on", "pk"]

    def __str__(self):
        return f"{date_format(self.starts_on)}: {self.reason[:60]}"

    def still_suspended(self):
        """The suspended commitments still in this event's agreement: one moved since to another agreement
        (another office's, perhaps) is that agreement's to re-date, not this event's."""
        return self.suspended_commitments.filter(agreement_id=self.agreement_id)

    def suspended_elsewhere(self):
        """The suspended commitments moved since to another agreement (those ``still_suspended`` leaves out),
        from the rows prefetched with the event when they were: its form keeps them as they are."""
        if self.pk is None:
            return []
        return [c for c in self.suspended_commitments.all() if c.agreement_id != self.agreement_id]

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A force majeure event cannot end before it starts.")})
