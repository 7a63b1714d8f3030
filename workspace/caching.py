"""The dashboard's cache key: a data version that moves with every change it shows (kpu_coop.versions)."""

import hashlib

from django.utils.translation import get_language

from kpu_coop.versions import DEPLOYMENT, internal_data_version

TIMEOUT = 24 * 60 * 60


def dashboard_key(election, today):
    # "Overdue" follows the date; labels, dates and links are in the active language.
    parts = [
        internal_data_version(),
        today.isoformat(),
        get_language() or "",
        election.slug if election else "",
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"workspace-dashboard:{DEPLOYMENT}:{digest}"
