"""The dashboard's figures, shared by the staff who follow the same offices, cached under the internal
generation.

See kpu_coop.invalidation.
"""

import hashlib

from django.utils.translation import get_language

from kpu_coop.invalidation import INTERNAL, generation

TIMEOUT = 24 * 60 * 60


def dashboard_key(election, today, office_ids):
    """``office_ids``: the offices whose records the viewer reads (None: all, for a superuser)."""
    # "Overdue" follows the date; labels, dates and links are in the active language.
    parts = [
        "all" if office_ids is None else ",".join(map(str, sorted(office_ids))),
        str(generation(INTERNAL)),
        today.isoformat(),
        get_language() or "",
        election.slug if election else "",
    ]
    return "workspace-dashboard:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()
