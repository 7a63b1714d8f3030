"""Data versions: fingerprints of some tables that move with every change, for cache keys.

A version is the newest history id of each tracked model (every save() and delete() writes a history row)
plus the newest value of some indexed change-time columns (bulk updates write no history), read in one
query of index look-ups. Each process reads a version at most every VERSION_TTL seconds: a change shows
within a quarter of a second, and under load most cache hits cost no database round trip at all.

The two versions the sites key their caches on live here, beside the project's other caching helpers, so that
the public site, the portal and the workspace share them without importing each other.
"""

import functools
import time
import uuid

from django.db import connection

from agencies.models import Membership, Organisation
from agreements.models import (
    Agreement,
    AgreementParty,
    Commitment,
    CommitmentAssignment,
    Document,
    Election,
    ElectionStage,
    FocusArea,
    ProgressReport,
)

# Keys from an older deployment are never read, so a shared cache never serves pages from old templates.
DEPLOYMENT = uuid.uuid4().hex[:12]
# Under load a worker would otherwise ask on every hit: about half of a cached page's cost.
VERSION_TTL = 0.25


class DataVersion:
    def __init__(self, history_tracked, changed_at):
        self.history_tracked, self.changed_at = history_tracked, changed_at
        # When this process last read the version, and what it was (a tuple swap is atomic across threads).
        self.last_read = (float("-inf"), None)

    def __call__(self):
        read_at, version = self.last_read
        now = time.monotonic()
        if now - read_at >= VERSION_TTL:
            version = self.read()
            self.last_read = (now, version)
        return version

    def read(self):
        with connection.cursor() as cursor:
            cursor.execute(self.sql)
            return "|".join(str(value) for value in cursor.fetchone())

    @functools.cached_property
    def sql(self):
        # Built once per process: the statement never changes, and history managers are costly to reach.
        quote = connection.ops.quote_name

        def newest(model, column):
            return f"(SELECT MAX({quote(column)}) FROM {quote(model._meta.db_table)})"

        parts = [newest(model.history.model, "history_id") for model in self.history_tracked]
        parts += [newest(model, model._meta.get_field(name).column) for model, name in self.changed_at]
        return "SELECT " + ", ".join(parts)


# What the public site shows; each save() and delete() writes a history row.
HISTORY_TRACKED = [
    Agreement,
    AgreementParty,
    Commitment,
    Document,
    Organisation,
    FocusArea,
    Election,
    ElectionStage,
]
# Bulk updates write no history; these columns still move when a status or an agreement changes that way.
# An agreement's updated_at also moves when its elections or focus areas change (agreements.signals).
# Every column read here is indexed, so the version costs a few index look-ups whatever the data size.
CHANGED_AT = [(Commitment, "status_changed_at"), (Agreement, "updated_at")]

# Everything anonymous visitors see (public.caching).
data_version = DataVersion(HISTORY_TRACKED, CHANGED_AT)
# What staff and liaisons see besides: reports and assignments, and memberships, since who acts for which
# agency decides what a liaison sees (portal.caching, workspace.caching).
internal_data_version = DataVersion(
    [*HISTORY_TRACKED, ProgressReport, CommitmentAssignment, Membership], CHANGED_AT
)
