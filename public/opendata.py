"""The open data files: their columns (one list drives the CSV, the JSON and the page documenting them), the
records they hold, and their text, written a chunk of records at a time."""

import csv
import json
import textwrap
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, AgreementParty, Commitment, Document, DueDateChange
from public.queries import listed_agreements, public_commitments, published_agreements

LIST_SEPARATOR = "|"
# Excel on a computer set to Indonesian (decimal comma) splits columns at semicolons, and reads UTF-8 only
# when the file starts with a byte order mark: the Excel variant of each CSV has both.
EXCEL_DELIMITER = ";"
EXCEL_BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows read (and their relations prefetched) per query: a few MB of Python objects at most.
CHUNK_SIZE = 1000
# Bytes handed to the server at a time.
BATCH_BYTES = 64 * 1024


@dataclass(frozen=True)
class Column:
    """One column of a file; its type and constraints are its Table Schema field (public.datapackage)."""

    name: str
    description: Any
    value: Any  # (record, context) -> value; context["absolute_url"] turns a path into an address
    type: str = "string"  # a Table Schema type: string, integer, number, boolean, date, datetime
    format: str = "default"  # a Table Schema format, e.g. "uri" for an address
    constraints: dict = field(default_factory=dict)  # e.g. {"required": True, "enum": [...]}
    many: bool = False  # a list of values: joined by LIST_SEPARATOR in CSV, a list in JSON and the API


def party(agreement, role):
    # Ten columns ask for a party: index the prefetched parties once per agreement, not ten times.
    if not hasattr(agreement, "parties_by_role"):
        agreement.parties_by_role = {p.role: p for p in agreement.parties.all()}
    return agreement.parties_by_role.get(role)


def party_columns(prefix, role, who):
    def found(agreement):
        return party(agreement, role)

    return [
        Column(
            prefix,
            format_lazy(_("Slug of the {who}'s organisation (as in its page's address)."), who=who),
            lambda a, c: found(a).organisation.slug if found(a) else "",
        ),
        Column(
            f"{prefix}_name",
            format_lazy(_("Official name of the {who}."), who=who),
            lambda a, c: found(a).organisation.name if found(a) else "",
        ),
        Column(
            f"{prefix}_number",
            format_lazy(_("The {who}'s own number for the agreement."), who=who),
            lambda a, c: getattr(found(a), "number", ""),
        ),
        Column(
            f"{prefix}_signatory",
            format_lazy(_("Who signed for the {who}."), who=who),
            lambda a, c: getattr(found(a), "signatory_name", ""),
        ),
        Column(
            f"{prefix}_signatory_position",
            format_lazy(_("Position of the {who}'s signatory."), who=who),
            lambda a, c: getattr(found(a), "signatory_position", ""),
        ),
        Column(
            f"{prefix}_rights",
            format_lazy(_("The {who}'s rights as the agreement states them."), who=who),
            lambda a, c: getattr(found(a), "rights", ""),
        ),
        Column(
            f"{prefix}_obligations",
            format_lazy(_("The {who}'s obligations as the agreement states them."), who=who),
            lambda a, c: getattr(found(a), "obligations", ""),
        ),
    ]


def force_majeure_text(event):
    ends = event.ends_on.isoformat() if event.ends_on else ""
    suspended = ", ".join(str(commitment.pk) for commitment in event.suspended_commitments.all())
    text = f"{event.starts_on.isoformat()}/{ends}: {event.reason}"
    return f"{text} [{suspended}]" if suspended else text


def tranche_text(tranche):
    disbursed = (
        f"{tranche.disbursed_on.isoformat()} {tranche.disbursed_amount}" if tranche.is_disbursed else ""
    )
    due = tranche.due_on.isoformat() if tranche.due_on else ""
    return f"{tranche.order}; {due}; {tranche.planned_amount}; {disbursed}".rstrip("; ")


def witness_text(witness):
    text = ", ".join(part for part in (witness.name, witness.position) if part)
    return f"{text} ({witness.organisation})" if witness.organisation else text


def office_columns(office_of):
    """The owning KPU office: its slug (its site's address), name and Kemendagri region code."""
    return [
        Column(
            "office",
            _("Slug of the KPU office that keeps the agreement (its site is at /<slug>/)."),
            lambda r, c: office_of(r).slug,
            constraints=REQUIRED,
        ),
        Column(
            "office_name",
            _("Official name of that KPU office."),
            lambda r, c: office_of(r).name,
            constraints=REQUIRED,
        ),
        # A string, never a number: codes such as 11 or 34.02 keep their leading digits and dots.
        Column(
            "office_region_code",
            _("Kemendagri region code (kode wilayah) of the office's province or regency; empty for KPU RI."),
            # None, not "": an empty cell in CSV, null in JSON and the API, as the offices API sends it.
            lambda r, c: office_of(r).region.code if office_of(r).region else None,
            type="string",
        ),
    ]


def agreement_url(agreement, context):
    return context["absolute_url"](reverse("public:agreement_detail", args=[agreement.pk]))


# Constraints shared by many columns.
REQUIRED = {"required": True}
KEY = {"required": True, "unique": True}

AGREEMENT_COLUMNS = [
    Column(
        "id",
        _("Number of the agreement on this site; stable, use it to join the commitments."),
        lambda a, c: a.pk,
        type="integer",
        constraints=KEY,
    ),
    Column(
        "url",
        _("Address of the agreement's page on this site."),
        agreement_url,
        format="uri",
        constraints=REQUIRED,
    ),
    *office_columns(lambda a: a.office),
    Column(
        "kind",
        _(
            "mou (memorandum of understanding), pks (cooperation agreement), addendum or nphd (regional "
            "grant agreement)."
        ),
        lambda a, c: a.kind,
        constraints={"required": True, "enum": Agreement.Kind.values},
    ),
    Column("title", _("Title of the agreement."), lambda a, c: a.title, constraints=REQUIRED),
    Column(
        "parent_id",
        _(
            "Id of the agreement this one follows or amends (a PKS follows an MoU; an addendum amends "
            "a PKS); empty if none or not published."
        ),
        lambda a, c: a.parent_id if a.parent and a.parent.is_published else None,
        type="integer",
    ),
    *party_columns("first_party", AgreementParty.Role.FIRST, _("first party (PIHAK KESATU)")),
    *party_columns("second_party", AgreementParty.Role.SECOND, _("second party (PIHAK KEDUA)")),
    Column("place_signed", _("Place of signing."), lambda a, c: a.place_signed),
    Column("date_signed", _("Date of signing, YYYY-MM-DD."), lambda a, c: a.date_signed, type="date"),
    Column("term_start", _("First day of the term, YYYY-MM-DD."), lambda a, c: a.term_start, type="date"),
    Column("term_end", _("Last day of the term, YYYY-MM-DD."), lambda a, c: a.term_end, type="date"),
    Column(
        "status",
        _(
            "signed, active, ended or terminated (draft if it was withdrawn to a draft); active and ended "
            "follow from the term and today's date."
        ),
        lambda a, c: a.status.value,
        constraints={"required": True, "enum": Agreement.Status.values},
    ),
    Column(
        "elections",
        _("Slugs of the elections covered, separated by | in CSV, a list in JSON."),
        lambda a, c: [e.slug for e in a.elections.all()],
        many=True,
    ),
    Column(
        "focus_areas",
        _("Slugs of the focus areas, separated by | in CSV, a list in JSON."),
        lambda a, c: [f.slug for f in a.focus_areas.all()],
        many=True,
    ),
    Column("scope", _("Scope (ruang lingkup) of the agreement."), lambda a, c: a.scope),
    Column("legal_basis", _("Legal basis (dasar hukum) the agreement names."), lambda a, c: a.legal_basis),
    Column("purpose", _("Purpose and objectives (maksud dan tujuan) as signed."), lambda a, c: a.purpose),
    Column("funding", _("The funding clause (pembiayaan) as signed."), lambda a, c: a.funding),
    Column(
        "witnesses",
        _("Witnesses in signing order, each as name, position (organisation); | in CSV, a list in JSON."),
        lambda a, c: [witness_text(w) for w in a.witnesses.all()],
        many=True,
    ),
    Column(
        "funding_amount",
        _("Funding amount in whole rupiah, where the funding clause names one; empty if not."),
        lambda a, c: a.funding_amount,
        type="integer",
    ),
    Column(
        "funding_source",
        _("Source of the funds, as the funding clause names it."),
        lambda a, c: a.funding_source,
    ),
    Column(
        "grant_amount",
        _("Regional grant agreements (nphd) only: the grant in whole rupiah."),
        lambda a, c: a.grant_amount,
        type="integer",
    ),
    Column(
        "grant_disbursed",
        _("nphd only: the sum its tranches disbursed so far, in whole rupiah."),
        lambda a, c: a.grant_disbursed,
        type="integer",
    ),
    Column(
        "grant_returned_amount",
        _("nphd only: unspent funds returned to the regional treasury, in whole rupiah."),
        lambda a, c: a.grant_returned_amount,
        type="integer",
    ),
    Column(
        "grant_returned_on",
        _("Date the unspent funds were returned, YYYY-MM-DD."),
        lambda a, c: a.grant_returned_on,
        type="date",
    ),
    Column(
        "termination_date",
        _("Date the agreement was terminated, YYYY-MM-DD."),
        lambda a, c: a.termination_date,
        type="date",
    ),
    Column("termination_reason", _("Why it was terminated."), lambda a, c: a.termination_reason),
    Column(
        "monitoring_every_months",
        _("The monitoring clause: a monitoring and evaluation every this many months; empty if none."),
        lambda a, c: a.monitoring_every_months,
        type="integer",
        constraints={"minimum": 1},
    ),
    Column("monitoring_forum", _("The forum the monitoring clause names."), lambda a, c: a.monitoring_forum),
    Column(
        "dispute_settlement",
        _("The dispute settlement clause as signed."),
        lambda a, c: a.dispute_settlement,
    ),
    Column(
        "force_majeure_events",
        _(
            "Force majeure events, each as start/end (YYYY-MM-DD, end empty while it lasts): reason "
            "[ids of the commitments whose deadlines it suspends]; | in CSV, a list in JSON."
        ),
        lambda a, c: [force_majeure_text(event) for event in a.force_majeure_events.all()],
        many=True,
    ),
    Column(
        "grant_tranches",
        _(
            "nphd only: its tranches, each as number; due date; planned amount; date and amount disbursed "
            "(empty until disbursed), amounts in whole rupiah; | in CSV, a list in JSON."
        ),
        lambda a, c: [tranche_text(tranche) for tranche in a.grant_tranches.all()],
        many=True,
    ),
    Column(
        "applicable_weight",
        _("Sum of the weights of the commitments that apply (those marked not applicable are left out)."),
        lambda a, c: a.applicable_weight,
        type="integer",
        constraints={"required": True, "minimum": 0},
    ),
    Column(
        "done_weight",
        _("Sum of the weights of the applicable commitments that KPU staff verified done."),
        lambda a, c: a.done_weight,
        type="integer",
        constraints={"required": True, "minimum": 0},
    ),
    Column(
        "progress_percent",
        _("done_weight as a whole percent of applicable_weight, rounded down; empty when nothing applies."),
        lambda a, c: a.progress.percent,
        type="integer",
        constraints={"minimum": 0, "maximum": 100},
    ),
    Column(
        "published_at",
        _("When the agreement was first published, ISO 8601 with time zone."),
        lambda a, c: a.published_at,
        type="datetime",
    ),
]

COMMITMENT_COLUMNS = [
    Column(
        "id",
        _("Number of the commitment on this site; stable."),
        lambda m, c: m.pk,
        type="integer",
        constraints=KEY,
    ),
    Column(
        "agreement_id",
        _("Id of its agreement (see the agreements file)."),
        lambda m, c: m.agreement_id,
        type="integer",
        constraints=REQUIRED,
    ),
    Column("agreement_title", _("Title of its agreement."), lambda m, c: m.agreement.title),
    *office_columns(lambda m: m.agreement.office),
    Column("title", _("What was promised."), lambda m, c: m.title, constraints=REQUIRED),
    Column("description", _("More detail on the commitment."), lambda m, c: m.description),
    Column(
        "is_example",
        _("true when the commitment is demonstration data, not taken from a signed agreement."),
        lambda m, c: m.is_example,
        type="boolean",
        constraints=REQUIRED,
    ),
    Column(
        "responsible",
        _("Slug of the organisation responsible."),
        lambda m, c: m.responsible.slug,
        constraints=REQUIRED,
    ),
    Column(
        "responsible_name",
        _("Official name of the organisation responsible."),
        lambda m, c: m.responsible.name,
    ),
    Column(
        "focus_area",
        _("Slug of its focus area; empty if none."),
        lambda m, c: m.focus_area.slug if m.focus_area else "",
    ),
    Column(
        "weight",
        _("Weight in the agreement's progress (1 to 100)."),
        lambda m, c: m.weight,
        type="integer",
        constraints={"required": True, "minimum": 1, "maximum": 100},
    ),
    Column(
        "is_not_applicable",
        _("true when the commitment was found not to apply; it is left out of progress."),
        lambda m, c: m.is_not_applicable,
        type="boolean",
        constraints=REQUIRED,
    ),
    Column("not_applicable_reason", _("Why it does not apply."), lambda m, c: m.not_applicable_reason),
    Column(
        "due_on",
        _("Due date, YYYY-MM-DD; empty if none. Follows the election stage when tied to one."),
        lambda m, c: m.due_on,
        type="date",
    ),
    Column(
        "due_kind",
        _("How the due date is set: none, fixed (a date), or stage (tied to election_stage)."),
        lambda m, c: m.due_kind,
        constraints={"required": True, "enum": Commitment.DueKind.values},
    ),
    Column(
        "due_anchor",
        _("Stage-tied only: whether due_offset_days counts from the stage's start or its end."),
        lambda m, c: m.due_anchor if m.due_kind == Commitment.DueKind.STAGE else None,
        constraints={"enum": Commitment.Anchor.values},
    ),
    Column(
        "due_offset_days",
        _("Stage-tied only: days after (negative: before) the anchor; due_on moves with the stage."),
        lambda m, c: m.due_offset_days if m.due_kind == Commitment.DueKind.STAGE else None,
        type="integer",
    ),
    Column(
        "election",
        _("Slug of the election whose stage the due date is tied to; empty if none."),
        lambda m, c: m.due_stage.election.slug if m.due_stage else "",
    ),
    Column(
        "election_stage",
        _("Indonesian name of that election stage."),
        lambda m, c: m.due_stage.name if m.due_stage else "",
    ),
    Column(
        "status",
        _(
            "not_started, in_progress, blocked, done or not_carried_out; done only after KPU staff verified "
            "a report; not_carried_out when staff closed it unfulfilled after its window passed."
        ),
        lambda m, c: m.status,
        constraints={"required": True, "enum": Commitment.Status.values},
    ),
    Column(
        "status_changed_at",
        _("When the status last changed, ISO 8601 with time zone."),
        lambda m, c: m.status_changed_at,
        type="datetime",
    ),
    Column(
        "verified_on",
        _("Day KPU staff accepted the report that completed it, YYYY-MM-DD; empty unless done."),
        lambda m, c: m.verified_on,
        type="date",
    ),
    Column(
        "original_due_on",
        _("First due date it was given, YYYY-MM-DD; differs from due_on when the deadline moved."),
        lambda m, c: m.original_due_on,
        type="date",
    ),
    Column(
        "days_late",
        _(
            "Days past due_on: until verified_on when done, until the file's day while open; 0 when on time; "
            "empty without a due date, when not applicable or not carried out."
        ),
        lambda m, c: m.days_late(),
        type="integer",
    ),
    Column(
        "not_carried_out_reason",
        _("Why KPU staff marked it not carried out."),
        lambda m, c: m.not_carried_out_reason,
    ),
    Column(
        "reports_accepted",
        _("How many of the agency's progress reports on it KPU staff accepted."),
        lambda m, c: m.reports_accepted,
        type="integer",
        constraints={"required": True, "minimum": 0},
    ),
    Column(
        "reports_returned",
        _("How many of the agency's progress reports on it KPU staff returned for revision."),
        lambda m, c: m.reports_returned,
        type="integer",
        constraints={"required": True, "minimum": 0},
    ),
]

DOCUMENT_COLUMNS = [
    Column(
        "id",
        _("Number of the document on this site; stable."),
        lambda d, c: d.pk,
        type="integer",
        constraints=KEY,
    ),
    Column(
        "agreement_id",
        _("Id of its agreement (see the agreements file)."),
        lambda d, c: d.agreement_id,
        type="integer",
        constraints=REQUIRED,
    ),
    *office_columns(lambda d: d.agreement.office),
    Column(
        "kind",
        _("signed (the signed agreement), annex, minutes or other."),
        lambda d, c: d.kind,
        constraints={"required": True, "enum": Document.Kind.values},
    ),
    Column("title", _("Title of the document."), lambda d, c: d.title, constraints=REQUIRED),
    Column(
        "size",
        _("Size of the file in bytes."),
        lambda d, c: d.size,
        type="integer",
        constraints={"required": True, "minimum": 0},
    ),
    Column(
        "url",
        _("Address from which the file is downloaded."),
        lambda d, c: c["absolute_url"](reverse("public:document_download", args=[d.pk])),
        format="uri",
        constraints=REQUIRED,
    ),
]

DUE_DATE_CHANGE_COLUMNS = [
    Column(
        "id",
        _("Number of the due-date change on this site; stable."),
        lambda m, c: m.pk,
        type="integer",
        constraints=KEY,
    ),
    Column(
        "commitment_id",
        _("Id of the commitment whose due date moved (see the commitments file)."),
        lambda m, c: m.commitment_id,
        type="integer",
        constraints=REQUIRED,
    ),
    Column(
        "agreement_id",
        _("Id of that commitment's agreement (see the agreements file)."),
        lambda m, c: m.commitment.agreement_id,
        type="integer",
        constraints=REQUIRED,
    ),
    Column(
        "changed_at",
        _("When the due date moved, ISO 8601 with time zone."),
        lambda m, c: m.changed_at,
        type="datetime",
        constraints=REQUIRED,
    ),
    Column(
        "old_due_on",
        _("Due date before the move, YYYY-MM-DD; empty if none."),
        lambda m, c: m.old_due_on,
        type="date",
    ),
    Column(
        "new_due_on",
        _("Due date after the move, YYYY-MM-DD; empty if none."),
        lambda m, c: m.new_due_on,
        type="date",
    ),
    Column(
        "reason",
        _("stage_move (the election stage moved), addendum, force_majeure or correction."),
        lambda m, c: m.reason,
        constraints={"required": True, "enum": DueDateChange.Reason.values},
    ),
    # Composed in the active language: the built files' is the default one (open_data_files.build).
    Column(
        "note",
        _("What moved it (the stage, force majeure event or addendum), then what KPU staff noted."),
        lambda m, c: m.explained_note,
    ),
]


def plain(value):
    """A value as JSON holds it: dates and times in ISO 8601, local time zone."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def cell(value):
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        # A spreadsheet would run it as a formula (CSV injection): the quote makes it text. JSON keeps it.
        return "'" + value
    return value


def rows(records, columns, context):
    for record in records:
        yield {column.name: plain(column.value(record, context)) for column in columns}


class _Line:
    """What csv.writer writes to: it hands each formatted line back instead of keeping it."""

    def write(self, line):
        return line


def csv_lines(records, columns, context, *, delimiter=","):
    writer = csv.writer(_Line(), delimiter=delimiter)
    yield writer.writerow([column.name for column in columns])
    for record in records:
        yield writer.writerow([cell(column.value(record, context)) for column in columns])


def excel_lines(records, columns, context):
    yield EXCEL_BOM
    yield from csv_lines(records, columns, context, delimiter=EXCEL_DELIMITER)


def excel_from_csv(lines):
    """The Excel variant of a standard CSV file's text (an iterable of lines, as an open file gives)."""
    writer = csv.writer(_Line(), delimiter=EXCEL_DELIMITER)
    yield EXCEL_BOM
    for row in csv.reader(lines):
        yield writer.writerow(row)


def json_parts(name, count, records, columns, context):
    """The text json.dumps({"count": count, name: [...]}, indent=1) gives, one record at a time."""
    yield json_start(name, count)
    separator = "\n"
    for record in records:
        yield separator + json_item(columns, [column.value(record, context) for column in columns])
        separator = ",\n"
    yield json_end(separator)


def json_start(name, count):
    return f"{{\n {json.dumps('count')}: {count},\n {json.dumps(name)}: ["


def json_item(columns, values):
    item = {column.name: plain(value) for column, value in zip(columns, values, strict=True)}
    return textwrap.indent(json.dumps(item, ensure_ascii=False, indent=1), "  ")


def json_end(separator):
    # The separator is still the first one when no record came: an empty list is written "[]".
    return "]\n}" if separator == "\n" else "\n ]\n}"


def both_formats(dataset, count, records, context):
    """Pairs of (CSV text, JSON text), record by record: both files written from one read of the records."""
    columns = COLUMNS[dataset]
    writer = csv.writer(_Line())
    yield writer.writerow([column.name for column in columns]), json_start(dataset, count)
    separator = "\n"
    for record in records:
        values = [column.value(record, context) for column in columns]
        yield writer.writerow([cell(value) for value in values]), separator + json_item(columns, values)
        separator = ",\n"
    yield "", json_end(separator)


def batched(parts, size=BATCH_BYTES):
    """Join small strings into pieces of about ``size`` bytes: one write per piece, not per line."""
    pending, length = [], 0
    for part in parts:
        pending.append(part)
        length += len(part)
        if length >= size:
            yield "".join(pending).encode()
            pending, length = [], 0
    if pending:
        yield "".join(pending).encode()


def export_chunks(dataset, format, records, context):
    """The file's bytes, in pieces, reading the records a chunk at a time inside one consistent snapshot.

    ``records`` is a queryset (not yet evaluated). Memory stays flat whatever its size: the rows are fetched
    and their relations prefetched CHUNK_SIZE at a time, and each piece is sent before the next is made.
    """
    columns = COLUMNS[dataset]
    with consistent_snapshot():
        if format == "csv":
            parts = csv_lines(records.iterator(chunk_size=CHUNK_SIZE), columns, context)
        elif format == "excel":
            parts = excel_lines(records.iterator(chunk_size=CHUNK_SIZE), columns, context)
        else:
            # JSON says the count before the records: counted in the same snapshot, so the two agree.
            count = records.count()
            parts = json_parts(dataset, count, records.iterator(chunk_size=CHUNK_SIZE), columns, context)
        yield from batched(parts)


@contextmanager
def consistent_snapshot():
    """A transaction whose reads all see one moment: the count, every chunk and their prefetches agree.

    PostgreSQL's default (read committed) lets each statement see newer commits; repeatable read does not.
    Inside a transaction already open (a test), that transaction's view is kept.
    """
    outermost = not transaction.get_connection().in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def agreement_records(form, office=None):
    agreements = form.ordered(form.filtered(listed_agreements(office)))
    return (
        # Each row's status from the database: thousands of rows, each a date comparison in Python otherwise.
        agreements.with_status()
        .select_related("parent", "office__region")
        .with_clauses(readable=Commitment.objects.published())
        .prefetch_related("elections", "focus_areas")
    )


def commitment_records(form, office=None):
    agreements = form.filtered(published_agreements(office))
    return (
        public_commitments()
        .select_related("agreement__office__region")
        .filter(agreement__in=agreements.values("pk"))
        .order_by("agreement", "order", "pk")
    )


def document_records(form, office=None):
    """The public documents of the published agreements the filters select: what their pages list."""
    agreements = form.filtered(published_agreements(office))
    return (
        Document.objects.public()
        .filter(agreement__in=agreements.values("pk"))
        .select_related("agreement__office__region")
        .order_by("agreement", "pk")
    )


def due_date_change_records(form, office=None):
    """Every move of the due date of a commitment in the commitments file (the same filters select both)."""
    commitments = commitment_records(form, office).values("pk")
    return (
        DueDateChange.objects.filter(commitment__in=commitments)
        .select_related("commitment")
        .order_by("commitment__agreement", "commitment", "changed_at", "pk")
    )


COLUMNS = {
    "agreements": AGREEMENT_COLUMNS,
    "commitments": COMMITMENT_COLUMNS,
    "documents": DOCUMENT_COLUMNS,
    "due_date_changes": DUE_DATE_CHANGE_COLUMNS,
}
# Every published file, in the order the data package and the /data/ page list them.
DATASETS = list(COLUMNS)
# Each file's name in each format (its address under data/ and its download name).
FILE_NAMES = {"csv": "{dataset}.csv", "excel": "{dataset}-excel.csv", "json": "{dataset}.json"}
# The keys of each file, for the data package's Table Schemas: (field, referenced file, referenced field).
PRIMARY_KEYS = {"agreements": "id", "commitments": "id", "documents": "id", "due_date_changes": "id"}
FOREIGN_KEYS = {
    "agreements": [("parent_id", "agreements", "id")],
    "commitments": [("agreement_id", "agreements", "id")],
    "documents": [("agreement_id", "agreements", "id")],
    "due_date_changes": [("commitment_id", "commitments", "id"), ("agreement_id", "agreements", "id")],
}
RECORDS = {
    "agreements": agreement_records,
    "commitments": commitment_records,
    "documents": document_records,
    "due_date_changes": due_date_change_records,
}
