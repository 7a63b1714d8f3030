"""Cache keys for what staff and liaisons see: the public site's data plus reports and assignments."""

from agreements.models import CommitmentAssignment, ProgressReport
from kpu_coop.versions import DataVersion
from public.caching import CHANGED_AT, HISTORY_TRACKED

internal_data_version = DataVersion([*HISTORY_TRACKED, ProgressReport, CommitmentAssignment], CHANGED_AT)


def task_list_key(user, today):
    """What a task list shows besides the session, address and language: data and whose list it is."""
    # The role and the agencies are read each time: memberships keep no history.
    parts = [
        internal_data_version(),
        str(user.pk),
        str(user.is_kpu_staff),
        ",".join(str(pk) for pk in sorted(user.organisation_ids())),
        today.isoformat(),
    ]
    return "\n".join(parts)
