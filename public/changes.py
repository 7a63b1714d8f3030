"""The changes feed: every public change to published agreements and their commitments, read from the history
tables (django-simple-history), with the values before and after and a ``since`` cursor for incremental sync.

Only the public fields below are ever compared or shown; internal notes, assignees, reports and who made the
change never leave the history. A commitment's change counts only if its agreement was published when the
change was made: one made while it was a draft or withdrawn never reaches the public, even after the agreement
is published again; an agreement withdrawn from publication says so once ("withdrawn").
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from agencies.models import Organisation
from agreements.models import Agreement, Commitment
from public.sites import site_reverse

# Rows of each history table read per page: a page answers in a few small queries whatever the history's size.
PAGE_SIZE = 200

# The agreement and commitment fields the public pages and files show; nothing else is compared or sent.
AGREEMENT_FIELDS = [
    # The office keeping it, sent as its slug ("office"): a move to another office is an amendment.
    "office_id",
    "kind",
    "parent_id",
    "title",
    "scope",
    "legal_basis",
    "purpose",
    "funding",
    "funding_amount",
    "funding_source",
    "monitoring_every_months",
    "monitoring_forum",
    "termination_date",
    "termination_reason",
    "dispute_settlement",
    "grant_amount",
    "grant_returned_amount",
    "grant_returned_on",
    "place_signed",
    "date_signed",
    "term_start",
    "term_end",
    "state",
]
COMMITMENT_FIELDS = [
    "title",
    "description",
    "weight",
    "is_not_applicable",
    "not_applicable_reason",
    "focus_area_id",
    "responsible_id",
    "due_on",
    "status",
    "verified_on",
    "not_carried_out_reason",
]


class Event:
    PUBLISHED = "published"
    AMENDED = "amended"
    WITHDRAWN = "withdrawn"
    COMMITMENT_ADDED = "commitment_added"
    COMMITMENT_REMOVED = "commitment_removed"
    PROGRESS_VERIFIED = "progress_verified"
    DEADLINE_MOVED = "deadline_moved"

    LABELS = {
        PUBLISHED: _("Agreement published"),
        AMENDED: _("Agreement amended"),
        WITHDRAWN: _("Agreement withdrawn from publication"),
        COMMITMENT_ADDED: _("Commitment added"),
        COMMITMENT_REMOVED: _("Commitment removed"),
        PROGRESS_VERIFIED: _("Progress verified"),
        DEADLINE_MOVED: _("Deadline moved"),
    }
    ALL = list(LABELS)


@dataclass
class Change:
    at: datetime
    event: str
    object_type: str  # "agreement" or "commitment"
    object_id: int
    agreement_id: int
    title: str
    history_id: int
    changes: dict = field(default_factory=dict)  # field name -> {"before": value, "after": value}

    @property
    def key(self):
        """A stable, unique id for the entry (Atom's id, a client's de-duplication key)."""
        return f"{self.object_type}-{self.object_id}-{self.history_id}-{self.event}"

    @property
    def label(self):
        return Event.LABELS[self.event]


@dataclass
class ChangePage:
    changes: list
    next_since: str  # the cursor to send as ``since`` next time
    has_more: bool  # True when another page follows at once


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
TABLES = ("agreements", "commitments")


@dataclass(frozen=True)
class Cursor:
    """Where a client stopped, per history table: the (time, history id) of the last row it was sent.

    Each table is read in (history_date, history_id) order on its own: rows written together (a stage move
    re-dates many commitments at one instant) are never skipped at a page's edge. As text, a short token of
    digits; a plain ISO 8601 date or time also serves as a start.
    """

    positions: tuple  # one (datetime, history id) per table, or None for the beginning

    @classmethod
    def parse(cls, value):
        """The cursor in ``value``; the beginning for none; ValueError for text that is neither form."""
        if not value:
            return cls((None, None))
        if "." in value and value.replace(".", "").replace("-", "").isdigit():
            positions = []
            for part in value.split("."):
                micros, history_id = part.split("-")
                try:
                    positions.append((EPOCH + int(micros) * MICROSECOND, int(history_id)))
                except OverflowError as error:
                    raise ValueError(value) from error
            if len(positions) != len(TABLES):
                raise ValueError(value)
            return cls(tuple(positions))
        moment = parse_datetime(value) or (parse_date(value) and datetime.fromisoformat(value))
        if moment is None:
            raise ValueError(value)
        try:
            moment = moment if timezone.is_aware(moment) else timezone.make_aware(moment)
            # The database compares in UTC: a time at the very edge of the calendar has none.
            moment = moment.astimezone(UTC)
        except OverflowError as error:
            # Before the first day in UTC (0001-01-01 in Jakarta) is before every change: the beginning.
            if moment.year == datetime.min.year:
                return cls((None, None))
            raise ValueError(value) from error
        return cls(((moment, 0), (moment, 0)))

    def token(self):
        return ".".join(
            f"{(at - EPOCH) // MICROSECOND}-{history_id}" if at else "0-0"
            for at, history_id in self.normalised()
        )

    def normalised(self):
        return [position or (None, 0) for position in self.positions]


def settled_until(now=None):
    """The newest change a page may hold. A transaction that began earlier may still commit a change dated
    before a newer one; holding back the last few seconds keeps a ``since`` cursor from stepping over it."""
    now = now or timezone.now()
    return now - timedelta(seconds=settings.CHANGES_FEED_SETTLE_SECONDS)


def value_of(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def differences(before, after, fields):
    return {
        name: {"before": value_of(getattr(before, name, None)), "after": value_of(getattr(after, name))}
        for name in fields
        if before is None or getattr(before, name) != getattr(after, name)
    }


def history_rows(model, position, until, limit, *, newest_first=False, office=None, annotate=None, **filters):
    """Up to ``limit + 1`` history rows after ``position`` and up to ``until``, in (time, id) order (or the
    newest first), each with the row before it for the same record (``previous``) and ``annotate``'s
    values: two queries. With ``office`` (agreements only), the rows of the agreements that were ever that
    office's."""
    history = model.history.model
    previous = history.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id")).order_by(
        "-history_id"
    )
    rows = history.objects.filter(history_date__lte=until, **filters).annotate(**(annotate or {}))
    if office is not None:
        # Every row of an agreement that was ever the office's, found by the office index; the rows from
        # its time elsewhere hold no event for this site (agreement_changes) and only move the cursor.
        rows = rows.filter(id__in=history.objects.filter(office_id=office.pk).values("id"))
    if position and position[0] is not None:
        at, history_id = position
        rows = rows.filter(Q(history_date__gt=at) | Q(history_date=at, history_id__gt=history_id))
    rows = rows.annotate(previous_id=Subquery(previous.values("history_id")[:1]))
    order = ("-history_date", "-history_id") if newest_first else ("history_date", "history_id")
    rows = list(rows.order_by(*order)[: limit + 1])
    previous_rows = history.objects.in_bulk([row.previous_id for row in rows if row.previous_id])
    for row in rows:
        row.previous = previous_rows.get(row.previous_id)
    return rows


def agreement_changes(row, office=None):
    """The public event in one history row of an agreement, if any; on ``office``'s site (None: the
    national one), where an agreement moved in from another office is published and one moved away is
    withdrawn."""

    def change(event, changed=None, title=row.title):
        return Change(
            row.history_date, event, "agreement", row.id, row.id, title, row.history_id, changed or {}
        )

    def on_site(version):
        return office is None or version.office_id == office.pk

    before = row.previous
    now_published = row.is_published and row.history_type != "-" and on_site(row)
    was_published = before is not None and before.is_published and on_site(before)
    if now_published and not was_published:
        return [change(Event.PUBLISHED, differences(None, row, AGREEMENT_FIELDS))]
    if was_published and not now_published:
        # The title it had in public: one changed in the same save as the withdrawal never was.
        return [change(Event.WITHDRAWN, title=before.title)]
    if now_published and (changed := differences(before, row, AGREEMENT_FIELDS)):
        return [change(Event.AMENDED, changed)]
    return []


def agreement_as_then():
    """Each commitment history row's agreement as it stood when the row was written (the history id of its
    newest version by then), read in the rows' own query."""
    versions = Agreement.history.model.objects.filter(
        id=OuterRef("agreement_id"), history_date__lte=OuterRef("history_date")
    )
    newest = versions.order_by("-history_date", "-history_id").values("history_id")[:1]
    return {"agreement_version_id": Subquery(newest)}


def commitment_changes(row, agreement_then):
    """The public events in one history row of a commitment, if its agreement was published when the row was
    written (``agreement_then``, the agreement's version of that time). On an office's site they follow the
    office that keeps the agreement now, wherever it was kept then (docs/api.md)."""
    public_then = (
        agreement_then is not None and agreement_then.is_published and agreement_then.history_type != "-"
    )
    if not public_then:
        return []

    def change(event, changed=None):
        return Change(
            row.history_date,
            event,
            "commitment",
            row.id,
            row.agreement_id,
            row.title,
            row.history_id,
            changed or {},
        )

    before = row.previous
    if row.history_type == "-":
        return [change(Event.COMMITMENT_REMOVED)]
    if before is None:
        return [change(Event.COMMITMENT_ADDED, differences(None, row, COMMITMENT_FIELDS))]
    # A row from before publication is what the public first saw: the difference from it is public news.
    changed = differences(before, row, COMMITMENT_FIELDS)
    events = []
    if "status" in changed:
        events.append(change(Event.PROGRESS_VERIFIED, {"status": changed.pop("status")}))
    if "due_on" in changed:
        events.append(change(Event.DEADLINE_MOVED, {"due_on": changed.pop("due_on")}))
    if changed:
        events.append(change(Event.AMENDED, changed))
    return events


def events_of(agreement_rows, commitment_rows, office=None):
    # The agreements as they stood when the page's commitment rows were written: one query.
    agreements_then = Agreement.history.model.objects.in_bulk(
        {row.agreement_version_id for row in commitment_rows} - {None}
    )
    changes = [change for row in agreement_rows for change in agreement_changes(row, office)]
    for row in commitment_rows:
        changes += commitment_changes(row, agreements_then.get(row.agreement_version_id))
    return name_offices(hide_unpublished_parents(changes))


def name_offices(changes):
    """An agreement's office as ``office``, by its slug, as the open data and the API name offices (one
    query, for a page that holds any)."""
    named = {value for change in changes for value in change.changes.get("office_id", {}).values() if value}
    if not named:
        return changes
    slugs = dict(Organisation.objects.filter(pk__in=named).values_list("pk", "slug"))
    for change in changes:
        if "office_id" in change.changes:
            ids = change.changes.pop("office_id")
            change.changes["office"] = {side: slugs.get(value) for side, value in ids.items()}
    return changes


def hide_unpublished_parents(changes):
    """An MoU above a published PKS is named only while it is published itself, as in the open data and the
    API (one query for the page); an amendment that then shows no change is left out."""
    moves = [change.changes["parent_id"] for change in changes if "parent_id" in change.changes]
    named = {value for move in moves for value in move.values() if value}
    if not named:
        return changes
    public = set(Agreement.objects.published().filter(pk__in=named).values_list("pk", flat=True))
    for move in moves:
        move.update({side: value if value in public else None for side, value in move.items()})
    for change in changes:
        move = change.changes.get("parent_id")
        if move and change.event == Event.AMENDED and move["before"] == move["after"]:
            del change.changes["parent_id"]
    return [change for change in changes if change.changes or change.event != Event.AMENDED]


def office_published(office):
    """The published agreements whose commitments' changes a site lists: ``office``'s, or all."""
    published = Agreement.objects.published()
    return published if office is None else published.filter(office=office)


def public_changes(cursor, *, office=None, until=None, limit=PAGE_SIZE):
    """The public changes after ``cursor`` (a Cursor), oldest first, reading at most ``limit`` history rows
    of each table (six queries); on an office's site only its agreements'. Rows that hold no public change
    still move the cursor, so a client never reads them twice.
    """
    until = until or settled_until()
    published = office_published(office)
    agreement_position, commitment_position = cursor.positions
    agreement_rows = history_rows(Agreement, agreement_position, until, limit, office=office)
    commitment_rows = history_rows(
        Commitment,
        commitment_position,
        until,
        limit,
        annotate=agreement_as_then(),
        agreement_id__in=published.values("pk"),
    )
    has_more = len(agreement_rows) > limit or len(commitment_rows) > limit
    agreement_rows, commitment_rows = agreement_rows[:limit], commitment_rows[:limit]
    changes = events_of(agreement_rows, commitment_rows, office)
    changes.sort(key=lambda change: (change.at, change.object_type, change.history_id))
    positions = tuple(
        (rows[-1].history_date, rows[-1].history_id) if rows else position
        for rows, position in ((agreement_rows, agreement_position), (commitment_rows, commitment_position))
    )
    return ChangePage(changes=changes, next_since=Cursor(positions).token(), has_more=has_more)


def recent_changes(limit, office=None):
    """The ``limit`` newest public changes, newest first (the Atom feed); only ``office``'s if given."""
    until = settled_until()
    published = office_published(office)
    agreement_rows = history_rows(Agreement, None, until, limit, newest_first=True, office=office)
    commitment_rows = history_rows(
        Commitment,
        None,
        until,
        limit,
        newest_first=True,
        annotate=agreement_as_then(),
        agreement_id__in=published.values("pk"),
    )
    changes = events_of(agreement_rows, commitment_rows, office)
    changes.sort(key=lambda change: (change.at, change.object_type, change.history_id), reverse=True)
    return changes[:limit]


def as_json(change, absolute_url, office=None):
    """One change as the JSON feed and the API send it; its link is on ``office``'s site if given."""
    return {
        "id": change.key,
        "at": value_of(change.at),
        "event": change.event,
        "object_type": change.object_type,
        "object_id": change.object_id,
        "agreement_id": change.agreement_id,
        "agreement_url": absolute_url(site_reverse("agreement_detail", office, [change.agreement_id])),
        "title": change.title,
        "changes": change.changes,
    }
