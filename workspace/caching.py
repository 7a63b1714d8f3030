"""The dashboard's figures, shared by all staff, cached under the internal generation.

See kpu_coop.invalidation.
"""

import hashlib

from django.utils.translation import get_language

from kpu_coop.invalidation import INTERNAL, generation

TIMEOUT = 24 * 60 * 60


def dashboard_key(election, today):
    # "Overdue" follows the date; labels, dates and links are in the active language.
    parts = [
        str(generation(INTERNAL)),
        today.isoformat(),
        get_language() or "",
        election.slug if election else "",
    ]
    return "workspace-dashboard:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()
