"""The disbursement tranches of a regional grant agreement (NPHD, docs/domain.md "Grant agreements").

Every amount is data of the agreement in whole rupiah; the shares and deadlines the regulations set are typed
in as the signed NPHD states them, never fixed in code.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models.commitments import Commitment
from agreements.models.due_dates import StageTiedDueDate
from agreements.models.history import RecoverableHistory
from agreements.planning_years import within_planning_years


def rupiah(amount):
    """An amount for a message, grouped by thousands: Rp1.500.000."""
    return "Rp" + f"{amount:,}".replace(",", ".")


def grant_problems(*, grant_amount, returned_amount, tranches):
    """What is wrong with a grant's figures taken together, as messages (empty when they hold).

    ``tranches`` are (planned amount, disbursed amount) pairs, None where not given. Used by the admin's
    tranche rows and by tests; the single-row rules are in ``GrantTranche.clean``.
    """
    planned = sum(amount or 0 for amount, _disbursed in tranches)
    disbursed = sum(amount or 0 for _planned, amount in tranches)
    problems = []
    if tranches and grant_amount is None:
        problems.append(_("Give the grant amount before its tranches."))
    if grant_amount is not None and planned > grant_amount:
        problems.append(
            _("The tranches plan %(planned)s, more than the grant of %(grant)s.")
            % {"planned": rupiah(planned), "grant": rupiah(grant_amount)}
        )
    if grant_amount is not None and disbursed > grant_amount:
        problems.append(
            _("The tranches disbursed %(disbursed)s, more than the grant of %(grant)s.")
            % {"disbursed": rupiah(disbursed), "grant": rupiah(grant_amount)}
        )
    if returned_amount and returned_amount > disbursed:
        problems.append(
            _("The funds returned (%(returned)s) exceed what was disbursed (%(disbursed)s).")
            % {"returned": rupiah(returned_amount), "disbursed": rupiah(disbursed)}
        )
    return problems


class GrantTranche(StageTiedDueDate, models.Model):
    """One disbursement (tahap pencairan) of a grant: when it is due, what is planned, what was paid."""

    class DueKind(models.TextChoices):
        FIXED = Commitment.DueKind.FIXED.value, Commitment.DueKind.FIXED.label
        STAGE = Commitment.DueKind.STAGE.value, Commitment.DueKind.STAGE.label

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="grant_tranches",
    )
    order = models.PositiveSmallIntegerField(_("tranche"), validators=[MinValueValidator(1)])
    # The same due-date rule as a commitment's (agreements.models.due_dates), moved with its stage.
    due_kind = models.CharField(_("due date"), max_length=8, choices=DueKind, default=DueKind.FIXED)
    due_date = models.DateField(_("planned date"), null=True, blank=True, validators=[within_planning_years])
    due_stage = models.ForeignKey(
        "agreements.ElectionStage",
        verbose_name=_("election stage"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grant_tranches",
    )
    due_anchor = models.CharField(
        _("counted from"), max_length=8, choices=Commitment.Anchor, default=Commitment.Anchor.END
    )
    due_offset_days = models.SmallIntegerField(
        _("days after (negative: before)"),
        default=0,
        validators=[MinValueValidator(-730), MaxValueValidator(730)],
    )
    due_on = models.DateField(_("due on"), null=True, blank=True, editable=False)
    planned_amount = models.PositiveBigIntegerField(_("planned amount (Rp)"))
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)
    disbursed_amount = models.PositiveBigIntegerField(_("amount disbursed (Rp)"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = RecoverableHistory(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("grant tranche")
        verbose_name_plural = _("grant tranches")
        ordering = ["agreement", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "order"],
                name="grant_tranche_order_unique",
                violation_error_message=_("This agreement already has a tranche with this number."),
            )
        ]

    def __str__(self):
        return _("Tranche %(order)s") % {"order": self.order}

    def save(self, *args, **kwargs):
        self.due_on = self.compute_due_on()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "due_on"}
        super().save(*args, **kwargs)

    def clean(self):
        errors = self.due_rule_errors(
            missing_date=_("Give the planned date, or tie the tranche to an election stage.")
        )
        if self.disbursed_amount is not None and not self.disbursed_on:
            errors["disbursed_on"] = _("Give the date the amount was disbursed.")
        if self.disbursed_on and self.disbursed_amount is None:
            errors["disbursed_amount"] = _("Give the amount disbursed on that date.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_disbursed(self):
        return self.disbursed_amount is not None

    @property
    def is_overdue(self):
        """Not disbursed by its due date, which passed (today in the installation's time zone)."""
        return not self.is_disbursed and self.due_on is not None and self.due_on < timezone.localdate()
