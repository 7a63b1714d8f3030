"""Deleted records, found in their history, and bringing them back."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agencies.offices import offices_editable_by, offices_visible_to
from agreements.models import (
    Agreement,
    AgreementParty,
    Commitment,
    CommitmentAssignment,
    Document,
    Evidence,
    ForceMajeureEvent,
    GrantTranche,
    ProgressReport,
    Witness,
)
from kpu_coop.change_reasons import because

# The keys appear in addresses, so they never change with a model's name.
RECOVERABLE = {
    "agreement": Agreement,
    "party": AgreementParty,
    "commitment": Commitment,
    "document": Document,
    "report": ProgressReport,
    "evidence": Evidence,
    "assignment": CommitmentAssignment,
    "witness": Witness,
    "tranche": GrantTranche,
    "force-majeure": ForceMajeureEvent,
}
# Kept by their agreement, as parties are (in_offices).
AGREEMENT_ROWS = ("party", "commitment", "document", "witness", "tranche", "force-majeure")
# Records deleted together with their parent (on_delete=CASCADE) come back with it.
RESTORED_WITH = {
    # Commitments come back before the force majeure events that link to them.
    Agreement: [
        (AgreementParty, "agreement_id"),
        (Commitment, "agreement_id"),
        (Document, "agreement_id"),
        (Witness, "agreement_id"),
        (GrantTranche, "agreement_id"),
        (ForceMajeureEvent, "agreement_id"),
    ],
    Commitment: [(CommitmentAssignment, "commitment_id")],
    ProgressReport: [(Evidence, "report_id")],
}
# A cascade deletes the children just before the parent; this bounds "deleted with it".
CASCADE_WINDOW = timedelta(minutes=5)
LIST_LIMIT = 100


class RestoreError(Exception):
    pass


class NotOwnRecord(RestoreError):
    """No deletion of the user's offices has this history id: another office's, or none at all."""


@dataclass(frozen=True)
class DeletedGroup:
    key: str
    label: str
    rows: list


def describe(key, row):
    """A name for a deleted record from its own columns only, so that listing needs no query per row."""
    if key == "party":
        return f"{row.get_role_display()} {row.number or ''} (#{row.agreement_id})".replace("  ", " ")
    if key == "report":
        return row.summary[:80]
    if key == "witness":
        return f"{row.name} (#{row.agreement_id})"
    if key == "tranche":
        return f"{row.order}: Rp{row.planned_amount:,} (#{row.agreement_id})".replace(",", ".")
    if key == "force-majeure":
        return f"{date_format(row.starts_on)}: {row.reason[:60]} (#{row.agreement_id})"
    if key == "evidence":
        return row.original_name
    if key == "assignment":
        return _("liaison #%(user)s on commitment #%(commitment)s") % {
            "user": row.user_id,
            "commitment": row.commitment_id,
        }
    return row.title


def still_deleted(model):
    """The deletion rows of records that are gone now, each record's latest deletion only."""
    history = model.history.all()
    later = history.filter(id=OuterRef("id"), history_date__gt=OuterRef("history_date"))
    # NOT EXISTS, not NOT IN: an anti-join probes the table for each deletion, where NOT IN hashed every live
    # id first (200,000 reports: 124 ms on a page with no deleted report).
    live = model._default_manager.filter(pk=OuterRef("id"))
    return (
        history.filter(history_type="-")
        .exclude(Exists(live))
        .exclude(Exists(later))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


def _either(field, live, past):
    return Q(**{f"{field}__in": live.values("pk")}) | Q(**{f"{field}__in": past.values("id")})


# A deleted record's parent may be deleted too, so each level asks both the table and its history.
def _agreements_of(field, offices):
    live = Agreement.objects.filter(office__in=offices)
    # A deleted agreement belongs where it was when deleted: one moved to another office stays there.
    return _either(field, live, still_deleted(Agreement).filter(office_id__in=offices))


def _commitments_of(field, offices):
    live = Commitment.objects.filter(agreement__office__in=offices)
    return _either(field, live, Commitment.history.filter(_agreements_of("agreement_id", offices)))


def _reports_of(field, offices):
    live = ProgressReport.objects.filter(commitment__agreement__office__in=offices)
    return _either(field, live, ProgressReport.history.filter(_commitments_of("commitment_id", offices)))


def in_offices(key, offices):
    """A filter keeping the deletion rows of ``key``'s model whose records belonged to ``offices``
    (None: every office)."""
    if offices is None:
        return Q()
    if key == "agreement":
        return Q(office_id__in=offices)
    if key in AGREEMENT_ROWS:
        return _agreements_of("agreement_id", offices)
    if key in ("report", "assignment"):
        return _commitments_of("commitment_id", offices)
    return _reports_of("report_id", offices)


def deleted_groups(user):
    """One group per recoverable model, newest deletion first (one query per model), of the records that
    belonged to the offices ``user`` reads."""
    groups = []
    offices = offices_visible_to(user)
    for key, model in RECOVERABLE.items():
        rows = list(still_deleted(model).filter(in_offices(key, offices))[:LIST_LIMIT])
        for row in rows:
            row.label = describe(key, row)
        groups.append(DeletedGroup(key=key, label=model._meta.verbose_name_plural, rows=rows))
    return groups


@transaction.atomic
def record_restore(*, model, history_id, user):
    """Recreate a deleted record from its last historical row, with the records deleted along with it.

    Returns the restored instances, the asked-for one first. Raises RestoreError when the record is
    already back or something it points to is itself deleted, and NotOwnRecord when the user's offices
    deleted no such record (another office's is not found).
    """
    key = next(key for key, each in RECOVERABLE.items() if each is model)
    offices = in_offices(key, offices_editable_by(user))
    # Held until this commits: a second restore (a double click, a colleague) waits, then finds it back.
    model.history.select_for_update().filter(history_id=history_id).first()
    row = still_deleted(model).filter(offices, history_id=history_id).first()
    if row is None:
        if not model.history.filter(offices, history_id=history_id, history_type="-").exists():
            raise NotOwnRecord
        raise RestoreError(_("This record has already been restored or was never deleted."))
    restored = [_restore_row(model, row, user)]
    for child_model, fk_name in RESTORED_WITH.get(model, []):
        children = still_deleted(child_model).filter(
            **{fk_name: row.id},
            history_date__gte=row.history_date - CASCADE_WINDOW,
            history_date__lte=row.history_date,
        )
        for child in children.order_by("history_date", "history_id"):
            restored += record_restore(model=child_model, history_id=child.history_id, user=user)
    return restored


def _restore_row(model, row, user):
    for field in model._meta.concrete_fields:
        target = getattr(row, field.attname, None) if isinstance(field, models.ForeignKey) else None
        if target is not None and not field.related_model._default_manager.filter(pk=target).exists():
            raise RestoreError(
                _("Restore the %(model)s it belongs to first (%(field)s).")
                % {"model": field.related_model._meta.verbose_name, "field": field.verbose_name}
            )
    instance = row.instance
    instance._history_user = user
    instance._change_reason = because("restored")
    instance.save(force_insert=True)
    # Saving sets "created at" fields to now; the record keeps the time it was first made.
    created = {
        f.name: getattr(row, f.attname)
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now_add", False)
    }
    if created:
        model._default_manager.filter(pk=instance.pk).update(**created)
        model.history.filter(history_id=instance.history.latest().history_id).update(**created)
    _restore_links(model, row, instance)
    return instance


def _restore_links(model, row, instance):
    """Many-to-many links as the history last recorded them before the deletion (whose own row has none)."""
    fields = getattr(row, "_history_m2m_fields", [])
    before = (
        model.history.filter(id=row.id, history_date__lte=row.history_date)
        .exclude(history_type="-")
        .order_by("-history_date", "-history_id")
        .first()
    )
    for field in fields if before else []:
        target_id = f"{field.m2m_reverse_field_name()}_id"
        linked = [getattr(link, target_id) for link in getattr(before, field.name).all()]
        # A linked election or focus area deleted since then stays unlinked.
        getattr(instance, field.name).set(field.related_model._default_manager.filter(pk__in=linked))
