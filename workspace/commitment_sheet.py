"""Commitments as spreadsheet rows: the columns (docs/import.md), export, and the all-or-nothing import."""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agencies.models import Organisation
from agencies.offices import office_tree_of
from agreements.models import Agreement, AgreementParty, Commitment, ElectionStage, FocusArea
from agreements.models.due_dates import UsableStages
from agreements.models.tallies import recounts_deferred
from agreements.planning_years import within_planning_years
from kpu_coop.change_reasons import because
from kpu_coop.record_ids import record_id

# The import reads these; the first four are required.
COLUMNS = [
    "agreement_id",
    "responsible",
    "title",
    "agreement_title",
    "description",
    "focus_area",
    "weight",
    "due_date",
    "election",
    "stage",
    "anchor",
    "offset_days",
    "not_applicable",
    "not_applicable_reason",
    "example",
    "order",
]
REQUIRED = ["agreement_id", "responsible", "title"]
# The export adds these for reading; the import accepts and ignores them (they are computed).
READ_ONLY = ["due_on", "status"]
YES = {"yes", "ya", "y", "true", "1", "x"}
NO = {"", "no", "tidak", "n", "false", "0"}
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]


def export_headers():
    return COLUMNS + READ_ONLY


def export_queryset(queryset):
    return queryset.select_related(
        "agreement", "responsible", "focus_area", "due_stage__election__office"
    ).order_by("agreement_id", "order", "pk")


def export_rows(commitments):
    for c in commitments:
        stage = c.due_stage if c.due_kind == Commitment.DueKind.STAGE else None
        yield [
            c.agreement_id,
            c.responsible.slug,
            c.title,
            c.agreement.title,
            c.description,
            c.focus_area.slug if c.focus_area else "",
            c.weight,
            c.due_date if c.due_kind == Commitment.DueKind.FIXED else None,
            stage.election.slug if stage else "",
            stage.name if stage else "",
            c.due_anchor if stage else "",
            c.due_offset_days if stage else "",
            "yes" if c.is_not_applicable else "no",
            c.not_applicable_reason,
            "yes" if c.is_example else "no",
            c.order,
            c.due_on,
            c.status,
        ]


@dataclass
class ImportRow:
    line: int
    values: dict
    errors: list = field(default_factory=list)
    commitment: Commitment | None = None


@dataclass
class ImportCheck:
    file_errors: list
    rows: list

    @property
    def is_valid(self):
        return not self.file_errors and self.rows and not any(row.errors for row in self.rows)

    @property
    def error_count(self):
        return sum(1 for row in self.rows if row.errors)


def check_headers(headers):
    errors = []
    # Columns without a name are said apart, below.
    repeated = sorted({h for h in headers if h and headers.count(h) > 1})
    if repeated:
        errors.append(
            _("These columns appear more than once: %(columns)s.") % {"columns": ", ".join(repeated)}
        )
    missing = [column for column in REQUIRED if column not in headers]
    if missing:
        errors.append(_("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)})
    unknown = [h for h in headers if h and h not in COLUMNS and h not in READ_ONLY]
    if unknown:
        errors.append(
            _("Unknown columns: %(columns)s. The columns are listed on this page, under “Columns”.")
            % {"columns": ", ".join(unknown)}
        )
    if "" in headers:
        errors.append(_("A column has no name in the first row."))
    return errors


def rows_as_dicts(headers, rows):
    """Lines of the file as (line number, {column: text}) pairs, for the signed preview payload."""
    return [
        [line, {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(headers)}]
        for line, row in rows
    ]


def named_agreement_ids(records):
    """The agreement numbers the rows give, those that can be numbers at all."""
    return {record_id(values.get("agreement_id", "")) for _line, values in records} - {None}


def lock_agreements(records):
    """Hold the agreements ``records`` name until the import commits, in the order every writer takes them:
    a second confirm of the same rows, or a save replacing a party, then waits and is checked against it."""
    locked = Agreement.objects.select_for_update().filter(pk__in=named_agreement_ids(records)).order_by("pk")
    list(locked.values_list("pk", flat=True))


def check_rows(records, user):
    """Validate every row against the database, reading each kind of record once; rows may add only to
    agreements of ``user``'s own offices (another office's agreement is not found)."""
    lookups = _Lookups(records, user)
    seen = {}
    rows = []
    for line, values in records:
        row = ImportRow(line=line, values=values)
        row.commitment = _build(row, lookups)
        if row.commitment is not None:
            key = (
                row.commitment.agreement_id,
                row.commitment.responsible_id,
                row.commitment.title.casefold(),
            )
            if key in seen:
                row.errors.append(_("Same commitment as row %(line)d.") % {"line": seen[key]})
            else:
                seen[key] = line
            if key[0::2] in lookups.existing:
                row.errors.append(_("This agreement already has a commitment with this title."))
        rows.append(row)
    return rows


class _Lookups:
    def __init__(self, records, user):
        agreement_ids = named_agreement_ids(records)
        self.agreements = Agreement.objects.editable_by(user).in_bulk(agreement_ids)
        parties = AgreementParty.objects.filter(agreement_id__in=agreement_ids)
        self.parties = {}
        for agreement_id, organisation_id in parties.values_list("agreement_id", "organisation_id"):
            self.parties.setdefault(agreement_id, set()).add(organisation_id)
        self.organisations = {o.slug: o for o in Organisation.objects.all()}
        self.focus_areas = {f.slug: f for f in FocusArea.objects.all()}
        # Only stages the importer's offices may tie deadlines to (docs/domain.md, "Elections per office").
        stages = ElectionStage.objects.usable_by(user).select_related("election")
        # Read whatever the capitals; names that differ only in them are told apart by the exact name.
        self.stages = {}
        for stage in stages:
            self.stages.setdefault((stage.election.slug, stage.name.casefold()), []).append(stage)
        self.elections = {slug for slug, _name in self.stages}
        # Which of them each row's agreement's office may follow, worked out from these stages, not per row.
        election_offices = {stage.pk: stage.election.office_id for stage in stages}
        self.usable_stages = UsableStages(election_offices, tree=office_tree_of(user))
        self.existing = {
            (agreement_id, title.casefold())
            for agreement_id, title in Commitment.objects.filter(agreement_id__in=agreement_ids).values_list(
                "agreement_id", "title"
            )
        }


def _build(row, lookups):
    v, errors = row.values, row.errors
    for column in REQUIRED:
        if not v.get(column):
            errors.append(_("“%(column)s” is empty.") % {"column": column})
    agreement = None
    if v.get("agreement_id"):
        agreement = lookups.agreements.get(record_id(v["agreement_id"]))
        if agreement is None:
            errors.append(_("No agreement has the number %(id)s.") % {"id": v["agreement_id"]})
        elif v.get("agreement_title") and v["agreement_title"] != agreement.title:
            errors.append(
                _("Agreement %(id)s is titled “%(title)s”, not “%(given)s”.")
                % {"id": agreement.pk, "title": agreement.title, "given": v["agreement_title"]}
            )
    responsible = (
        lookups.organisations.get(v.get("responsible", "").lower()) if v.get("responsible") else None
    )
    if v.get("responsible") and responsible is None:
        errors.append(_("No organisation has the short code “%(slug)s”.") % {"slug": v["responsible"]})
    focus_area = None
    if v.get("focus_area"):
        focus_area = lookups.focus_areas.get(v["focus_area"].lower())
        if focus_area is None:
            errors.append(_("No focus area has the short code “%(slug)s”.") % {"slug": v["focus_area"]})

    commitment = Commitment(
        agreement=agreement,
        responsible=responsible,
        focus_area=focus_area,
        title=v.get("title", ""),
        description=v.get("description", ""),
        weight=_integer(v, "weight", 1, errors),
        order=_integer(v, "order", 0, errors),
        is_not_applicable=_yes_no(v, "not_applicable", errors),
        not_applicable_reason=v.get("not_applicable_reason", ""),
        is_example=_yes_no(v, "example", errors),
    )
    _set_due(commitment, v, lookups, errors)
    commitment.usable_stages = lookups.usable_stages
    if agreement is not None:
        commitment.submitted_party_organisation_ids = lookups.parties.get(agreement.pk, set())
    try:
        exclude = ["agreement", "responsible", "focus_area", "due_stage"] + (
            [] if commitment.title else ["title"]
        )
        commitment.clean_fields(exclude=exclude)
        commitment.clean()
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            label = _column_for(field_name)
            errors.extend(f"{label}: {message}" if label else message for message in messages)
    if agreement is None or responsible is None:
        return None
    return commitment


def _column_for(field_name):
    return {
        "title": "title",
        "description": "description",
        "weight": "weight",
        "order": "order",
        "due_date": "due_date",
        "due_stage": "stage",
        "due_offset_days": "offset_days",
        "not_applicable_reason": "not_applicable_reason",
        "responsible": "responsible",
    }.get(field_name, "")


def _set_due(commitment, v, lookups, errors):
    due_date, election, stage_name = v.get("due_date", ""), v.get("election", ""), v.get("stage", "")
    if due_date and (election or stage_name):
        errors.append(_("Give either a due date or an election stage, not both."))
        return
    if due_date:
        parsed = _date(due_date, errors)
        if parsed:
            commitment.due_kind, commitment.due_date = Commitment.DueKind.FIXED, parsed
        return
    if not (election or stage_name):
        return
    if election.lower() not in lookups.elections:
        errors.append(_("No election has the short code “%(slug)s”.") % {"slug": election})
        return
    named = lookups.stages.get((election.lower(), stage_name.casefold()), [])
    exact = [stage for stage in named if stage.name == stage_name]
    stage = named[0] if len(named) == 1 else exact[0] if len(exact) == 1 else None
    if stage is None:
        message = (
            _("%(election)s has several stages named “%(stage)s” in other capitals: write the name as it is.")
            if named
            else _("%(election)s has no stage named “%(stage)s”.")
        )
        errors.append(message % {"election": election, "stage": stage_name})
        return
    anchor = v.get("anchor", "").lower() or Commitment.Anchor.END
    if anchor not in Commitment.Anchor.values:
        errors.append(_("“anchor” must be “start” or “end”, not “%(value)s”.") % {"value": v["anchor"]})
        return
    commitment.due_kind, commitment.due_stage, commitment.due_anchor = Commitment.DueKind.STAGE, stage, anchor
    commitment.due_offset_days = _integer(v, "offset_days", 0, errors)


def _integer(v, column, default, errors):
    text = v.get(column, "")
    if not text:
        return default
    if not re.fullmatch(r"-?\d+", text):
        errors.append(
            _("“%(column)s” must be a whole number, not “%(value)s”.") % {"column": column, "value": text}
        )
        return default
    return int(text)


def _yes_no(v, column, errors):
    text = v.get(column, "").lower()
    if text in YES:
        return True
    if text not in NO:
        errors.append(
            _("“%(column)s” must be yes or no, not “%(value)s”.") % {"column": column, "value": v[column]}
        )
    return False


def _date(text, errors):
    for pattern in DATE_FORMATS:
        try:
            day = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        try:
            within_planning_years(day)
        except ValidationError as error:
            errors.extend(error.messages)
            return None
        return day
    errors.append(_("“%(value)s” is not a date: write it as YYYY-MM-DD, e.g. 2024-02-14.") % {"value": text})
    return None


@transaction.atomic
@recounts_deferred()  # the office's tallies counted once for the file, not once per row
def commitments_import(*, records, user):
    """Create every commitment in ``records`` or none: returns (created, check rows)."""
    lock_agreements(records)
    rows = check_rows(records, user)
    if not rows or any(row.errors for row in rows):
        transaction.set_rollback(True)
        return [], rows
    created = []
    for row in rows:
        commitment = row.commitment
        commitment._history_user = user
        commitment._change_reason = because("imported")
        commitment.save()
        created.append(commitment)
    return created, rows
