"""The version of what staff and liaisons see: the public site's data plus reports and assignments."""

from agreements.models import CommitmentAssignment, ProgressReport
from kpu_coop.versions import DataVersion
from public.caching import CHANGED_AT, HISTORY_TRACKED

internal_data_version = DataVersion([*HISTORY_TRACKED, ProgressReport, CommitmentAssignment], CHANGED_AT)
