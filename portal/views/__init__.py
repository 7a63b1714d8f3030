from portal.views.evidence import evidence_download
from portal.views.feeds import calendar_feed, calendar_settings
from portal.views.reports import report_create, report_detail, verify_queue
from portal.views.tasks import commitment_detail, home, tasks

__all__ = [
    "calendar_feed",
    "calendar_settings",
    "commitment_detail",
    "evidence_download",
    "home",
    "report_create",
    "report_detail",
    "tasks",
    "verify_queue",
]
