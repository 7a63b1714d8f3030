from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def acting_user(instance):
    """Who changes ``instance``: the user a service named, else the request's logged-in user (the same choice
    django-simple-history makes for the instance's own history row)."""
    named = getattr(instance, "_history_user", None)
    if named is not None:
        return named
    user = getattr(getattr(HistoricalRecords.context, "request", None), "user", None)
    return user if user is not None and user.is_authenticated else None


class DueDateChange(models.Model):
    """One move of a commitment's due date and why: a public fact, never edited (docs/domain.md,
    "Timeliness")."""

    class Reason(models.TextChoices):
        STAGE_MOVE = "stage_move", _("Election stage moved")
        ADDENDUM = "addendum", _("Addendum")
        FORCE_MAJEURE = "force_majeure", _("Force majeure")
        CORRECTION = "correction", _("Correction")

    commitment = models.ForeignKey(
        "agreements.Commitment",
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        related_name="due_date_changes",
    )
    old_due_on = models.DateField(_("old due date"), null=True, blank=True)
    new_due_on = models.DateField(_("new due date"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason)
    note = models.CharField(_("note"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("due date change")
        verbose_name_plural = _("due date changes")
        ordering = ["commitment", "changed_at", "pk"]
        indexes = [
            # The public feed of moved deadlines reads the newest first (public.feeds).
            models.Index(fields=["changed_at"]),
        ]

    def __str__(self):
        return f"{self.commitment_id}: {self.old_due_on} → {self.new_due_on}"

    @classmethod
    def record(cls, commitment, *, old_due_on):
        """Record that ``commitment``'s due date moved from ``old_due_on`` to its current one.

        The reason and note are what the caller set on the commitment (``due_change_reason``,
        ``due_change_note``); without them the move is a correction.
        """
        return cls.objects.create(
            commitment=commitment,
            old_due_on=old_due_on,
            new_due_on=commitment.due_on,
            reason=getattr(commitment, "due_change_reason", None) or cls.Reason.CORRECTION,
            note=(getattr(commitment, "due_change_note", "") or "")[:300],
            changed_by=acting_user(commitment),
        )
