"""Closing a commitment whose window passed unfulfilled (docs/domain.md, "Timeliness")."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Commitment


class NotCarriedOutError(Exception):
    pass


@transaction.atomic
def commitment_mark_not_carried_out(*, commitment, reason, user=None):
    """Mark an open commitment as not carried out, with the reason staff give; it stays in progress as not
    done. Returns False when it already was."""
    reason = (reason or "").strip()
    if not reason:
        raise NotCarriedOutError(_("Say why the commitment was not carried out."))
    locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if locked.is_not_carried_out:
        return False
    if not locked.is_open:
        raise NotCarriedOutError(
            _("“%(title)s” is done or does not apply; only an open commitment can be marked not carried out.")
            % {"title": locked.title}
        )
    locked.status, locked.status_changed_at = Commitment.Status.NOT_CARRIED_OUT, timezone.now()
    locked.not_carried_out_reason = reason[:300]
    locked._history_user, locked._change_reason = user, _("Marked not carried out")
    locked.save(update_fields=["status", "status_changed_at", "not_carried_out_reason", "updated_at"])
    return True
