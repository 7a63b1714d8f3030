"""Cache keys for what staff and liaisons see: the public site's data plus reports and assignments."""

import hashlib

from django.utils.translation import get_language

from agreements.models import CommitmentAssignment, ProgressReport
from kpu_coop.versions import DEPLOYMENT, DataVersion
from public.caching import CHANGED_AT, HISTORY_TRACKED

internal_data_version = DataVersion([*HISTORY_TRACKED, ProgressReport, CommitmentAssignment], CHANGED_AT)
TIMEOUT = 24 * 60 * 60


def task_list_key(user, params, today):
    # Whose list it is: the user, the role and the agencies (memberships keep no history), and the filters.
    parts = [
        internal_data_version(),
        str(user.pk),
        str(user.is_kpu_staff),
        ",".join(str(pk) for pk in sorted(user.organisation_ids())),
        today.isoformat(),
        get_language() or "",
        params.urlencode(),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"portal-tasks:{DEPLOYMENT}:{digest}"
