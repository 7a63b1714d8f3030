from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.models.history import RecoverableHistory


class CommitmentAssignment(models.Model):
    """A liaison of the responsible organisation who is asked to look after a commitment."""

    commitment = models.ForeignKey(
        "agreements.Commitment",
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("liaison"),
        on_delete=models.CASCADE,
        related_name="commitment_assignments",
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    history = RecoverableHistory()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["commitment", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "user"], name="assignment_one_per_commitment_and_user"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.commitment}"

    def clean(self):
        if not (self.commitment_id and self.user_id):
            return
        members = self.commitment.responsible.memberships.filter(is_active=True, user__is_active=True)
        if not members.filter(user_id=self.user_id).exists():
            raise ValidationError(
                {"user": _("Only an active member of the responsible organisation can be assigned.")}
            )
