"""Closing a commitment whose window passed unfulfilled (docs/domain.md, "Timeliness")."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement, Commitment
from kpu_coop.change_reasons import because
from kpu_coop.deadlocks import retry_on_deadlock


class NotCarriedOutError(Exception):
    pass


@retry_on_deadlock
@transaction.atomic
def commitment_mark_not_carried_out(*, commitment, reason, user=None):
    """Mark an open commitment as not carried out, with the reason staff give; it stays in progress as not
    done. Returns False when it already was."""
    reason = (reason or "").strip()
    if not reason:
        raise NotCarriedOutError(_("Say why the commitment was not carried out."))
    # Its agreement first, as the agreement's admin form locks it before its commitments: the other order
    # deadlocked with a save of that form (the status change recounts the agreement's progress).
    Agreement.objects.select_for_update().filter(pk=commitment.agreement_id).first()
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
    locked._history_user, locked._change_reason = user, because("not_carried_out")
    locked.save(update_fields=["status", "status_changed_at", "not_carried_out_reason", "updated_at"])
    return True
