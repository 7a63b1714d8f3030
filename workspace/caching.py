"""What the dashboard's cache keys are made of: a data version that moves with every change it shows.

It is the public site's data version (public.caching) plus the newest progress report change, so a save
anywhere shows at once, in every process; reading it costs two queries of a few index look-ups.
"""

import functools
import hashlib

from django.db import connection
from django.utils.translation import get_language

from agreements.models import ProgressReport
from public.caching import DEPLOYMENT, data_version

TIMEOUT = 24 * 60 * 60


@functools.cache
def newest_report_change_sql(vendor):
    """Built once per process: reaching simple-history's manager costs more than the query."""
    quote = connection.ops.quote_name
    return f"SELECT MAX({quote('history_id')}) FROM {quote(ProgressReport.history.model._meta.db_table)}"


def newest_report_change():
    with connection.cursor() as cursor:
        cursor.execute(newest_report_change_sql(connection.vendor))
        return cursor.fetchone()[0]


def dashboard_key(election, today):
    # "Overdue" follows the date; labels, dates and links are in the active language.
    parts = [
        data_version(),
        str(newest_report_change()),
        today.isoformat(),
        get_language() or "",
        election.slug if election else "",
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"workspace-dashboard:{DEPLOYMENT}:{digest}"
