"""Who invited an account, for the accounts made before ``User.invited_by`` recorded it."""

from django.contrib.admin.models import ADDITION
from django.db.models import CharField, Exists, OuterRef, Subquery
from django.db.models.functions import Cast


def invited_by_from_admin_log(User, LogEntry, ContentType):
    """Fill the empty ``invited_by`` of accounts from the admin's log of who added them (one UPDATE); returns
    how many were filled. The models are arguments so that migration agencies/0008 passes its own."""
    content_type = ContentType.objects.filter(app_label="agencies", model="user").first()
    if content_type is None:
        return 0
    added_by = LogEntry.objects.filter(
        content_type=content_type, action_flag=ADDITION, object_id=Cast(OuterRef("pk"), CharField())
    ).order_by("action_time", "pk")
    return User.objects.filter(Exists(added_by), invited_by=None).update(
        invited_by=Subquery(added_by.values("user_id")[:1])
    )
