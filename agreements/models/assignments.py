from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Membership
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

    # A formset's rows share one ActiveMembers, which reads their accounts' memberships at once.
    active_members = None

    def clean(self):
        if not (self.commitment_id and self.user_id):
            return
        if not self.is_by_active_member():
            raise ValidationError(
                {"user": _("Only an active member of the responsible organisation can be assigned.")}
            )

    def is_by_active_member(self):
        """Whether the liaison is an active member, with an active account, of the responsible agency."""
        organisation_id = self.commitment.responsible_id
        batch = self.active_members
        member = None if batch is None else batch.includes(organisation_id, self.user_id)
        if member is not None:
            return member
        return active_memberships(organisation_id).filter(user_id=self.user_id).exists()


def active_memberships(organisation_id):
    return Membership.objects.filter(organisation_id=organisation_id, is_active=True, user__is_active=True)


class ActiveMembers:
    """Which of a batch's accounts (a formset's rows) are active members of an organisation: one query per
    organisation for them all."""

    def __init__(self, user_ids):
        self.user_ids = frozenset(user_ids)
        self.members = {}

    def includes(self, organisation_id, user_id):
        """Whether account ``user_id`` is an active member; None for one the batch did not name."""
        if user_id not in self.user_ids:
            return None
        if organisation_id not in self.members:
            found = active_memberships(organisation_id).filter(user_id__in=self.user_ids)
            self.members[organisation_id] = frozenset(found.values_list("user_id", flat=True))
        return user_id in self.members[organisation_id]
