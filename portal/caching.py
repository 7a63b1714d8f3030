"""Cache keys for what staff and liaisons see: the public site's data plus reports and assignments."""

from agencies.models import Membership
from agreements.models import CommitmentAssignment, ProgressReport
from kpu_coop.versions import DataVersion
from public.caching import CHANGED_AT, HISTORY_TRACKED

# Memberships too: who acts for which agency decides what a liaison sees.
internal_data_version = DataVersion(
    [*HISTORY_TRACKED, ProgressReport, CommitmentAssignment, Membership], CHANGED_AT
)


def task_list_key(user, today):
    """What a task list shows besides the session, address and language: data and whose list it is."""
    # A change of the user's agencies moves the data version (memberships keep history).
    parts = [internal_data_version(), str(user.pk), str(user.is_kpu_staff), today.isoformat()]
    return "\n".join(parts)
