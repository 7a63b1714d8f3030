"""Lifecycle actions on agreements (publish, copy for the next cycle, apply an addendum).

Each keeps an audit (history) entry naming who acted; admin actions and workspace views are thin callers.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agreements.due_date_moves import commitment_move_to_fixed_date
from agreements.models import Agreement, AgreementParty, Commitment, DueDateChange, ElectionStage
from kpu_coop.change_reasons import because, reason_text


class PublishError(Exception):
    """Why an agreement stays unpublished: ``code`` "draft" (not signed yet) or "amends_unpublished" (an
    addendum whose PKS is not public: its page would amend an agreement nobody can read)."""

    def __init__(self, agreement, code):
        super().__init__(agreement, code)
        self.agreement, self.code = agreement, code


def _as_it_is_now(agreement):
    """``agreement`` read again and locked: a list read before a colleague moved it to another office would
    count the write against the old office, leaving the new office's cached pages as they were."""
    agreement.refresh_from_db(from_queryset=Agreement.objects.select_for_update())
    return agreement


@transaction.atomic
def agreement_publish(*, agreement):
    """Make a signed agreement public; ``published_at`` records the first publication."""
    agreement = _as_it_is_now(agreement)
    if agreement.state == Agreement.Status.DRAFT:
        raise PublishError(agreement, "draft")
    if agreement.is_published:
        return False
    if agreement.kind == Agreement.Kind.ADDENDUM and not amends_a_public_pks(agreement):
        raise PublishError(agreement, "amends_unpublished")
    agreement.is_published = True
    agreement.published_at = agreement.published_at or timezone.now()
    agreement.save(update_fields=["is_published", "published_at", "updated_at"])
    return True


def amends_a_public_pks(addendum):
    return Agreement.objects.filter(pk=addendum.parent_id, is_published=True).exists()


@transaction.atomic
def agreement_unpublish(*, agreement):
    """Withdraw ``agreement`` from publication, and the addenda of a PKS with it (an addendum is public only
    with the PKS it amends); returns the agreements withdrawn."""
    agreement = _as_it_is_now(agreement)
    if not agreement.is_published:
        return []
    addenda = agreement.children.filter(kind=Agreement.Kind.ADDENDUM, is_published=True).select_for_update()
    withdrawn = [agreement, *addenda.order_by("pk")]
    for each in withdrawn:
        each.is_published = False
        each.save(update_fields=["is_published", "updated_at"])
    return withdrawn


# Copied as they are; numbers, dates, status and publication belong to the signed original only.
AGREEMENT_COPIED_FIELDS = [
    "office",
    "kind",
    "parent",
    "title",
    "scope",
    "legal_basis",
    "funding",
    "place_signed",
]
PARTY_COPIED_FIELDS = ["organisation", "role", "signatory_name", "signatory_position", "acting_for"]
COMMITMENT_COPIED_FIELDS = [
    "responsible",
    "focus_area",
    "title",
    "description",
    "is_example",
    "weight",
    "is_not_applicable",
    "not_applicable_reason",
    "due_anchor",
    "due_offset_days",
    "order",
]


class CopyError(Exception):
    def __init__(self, message, existing=None):
        super().__init__(message)
        self.existing = existing  # the copy made before, which the message names


@dataclass
class CopyResult:
    agreement: Agreement
    retied: list = field(default_factory=list)
    not_retied: list = field(default_factory=list)
    fixed_dates_cleared: list = field(default_factory=list)


def _saved(instance, user, reason):
    instance._history_user = user
    instance._change_reason = reason
    instance.save()
    return instance


@transaction.atomic
def agreement_copy_to_election(*, agreement, election, user=None):
    """Copy an agreement into a new draft for ``election``, for the next election cycle.

    Parties, focus areas and commitments come along (retired ones stay behind). A deadline tied to a stage
    is tied to the stage of the same name in ``election``; where there is none, the commitment keeps no due
    date and is listed in ``not_retied``. Fixed dates belong to the old cycle: they are cleared and listed.
    """
    # Locked and read again: a save of the agreement committing between the reads below would otherwise
    # mix its parties from before with its commitments from after.
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.elections.filter(pk=election.pk).exists():
        raise CopyError(
            _("“%(title)s” already covers %(election)s.") % {"title": agreement.title, "election": election}
        )
    # A second submission of the form (or a colleague's) waits for the lock above, then finds the first copy.
    existing = agreement.copies.filter(elections=election).order_by("pk").first()
    if existing:
        raise CopyError(
            _("“%(title)s” was copied for %(election)s before:")
            % {"title": agreement.title, "election": election},
            existing=existing,
        )
    reason = because("copied", title=agreement.title, pk=agreement.pk, election=election.name)
    copy = Agreement(**{name: getattr(agreement, name) for name in AGREEMENT_COPIED_FIELDS})
    copy.state = Agreement.Status.DRAFT
    copy.copied_from = agreement
    copy.notes = reason_text(reason)
    _saved(copy, user, reason)
    copy.elections.set([election])
    copy.focus_areas.set(agreement.focus_areas.all())
    for party in agreement.parties.all():
        _saved(
            AgreementParty(agreement=copy, **{name: getattr(party, name) for name in PARTY_COPIED_FIELDS}),
            user,
            reason,
        )

    result = CopyResult(agreement=copy)
    stages = {stage.name: stage for stage in ElectionStage.objects.filter(election=election)}
    commitments = agreement.commitments.filter(retired_by__isnull=True).select_related("due_stage")
    for old in commitments.order_by("order", "pk"):
        new = Commitment(agreement=copy, **{name: getattr(old, name) for name in COMMITMENT_COPIED_FIELDS})
        if old.due_kind == Commitment.DueKind.STAGE and old.due_stage:
            stage = stages.get(old.due_stage.name)
            if stage:
                new.due_kind, new.due_stage = Commitment.DueKind.STAGE, stage
                result.retied.append(new)
            else:
                result.not_retied.append(new)
        elif old.due_kind == Commitment.DueKind.FIXED:
            result.fixed_dates_cleared.append(new)
        # Anything not re-tied above starts with no due date (DueKind.NONE, the default).
        new.old_stage = old.due_stage
        new.old_due_on = old.due_on
        _saved(new, user, reason)
    return result


class AddendumError(Exception):
    pass


@dataclass
class AddendumResult:
    amended: Agreement
    term_changed: bool = False
    added: list = field(default_factory=list)
    retired: list = field(default_factory=list)
    redated: list = field(default_factory=list)


def addendum_due_date_problem(*, new_due_on, term_start, term_end):
    """Why an addendum cannot give a commitment the due date ``new_due_on`` within the PKS's term as amended
    (a sentence), or None."""
    if term_start and new_due_on < term_start:
        return _("A new due date cannot fall before the PKS's term starts (%(day)s).") % {
            "day": date_format(term_start)
        }
    if term_end and new_due_on > term_end:
        return _("A new due date cannot fall after the PKS's term ends (%(day)s).") % {
            "day": date_format(term_end)
        }
    return None


def addendum_refusal(addendum, amended):
    """Why ``addendum`` cannot be applied to ``amended``, the PKS it names, whatever is chosen on its page; or
    None. The apply page says it before anything is chosen; addendum_apply() again under the PKS's lock."""
    if addendum.state == Agreement.Status.DRAFT:
        return _("Record the addendum as signed before applying it.")
    applied_at = Agreement.objects.filter(pk=addendum.pk).values_list("applied_at", flat=True).first()
    if applied_at:
        return _("This addendum was applied to the PKS on %(day)s: an addendum is applied once.") % {
            "day": date_format(timezone.localtime(applied_at).date())
        }
    if amended.is_published and not addendum.is_published:
        # Its changes on the public PKS name it (reasons, due-date changes): it must be public first.
        return _("Publish the addendum before applying it: the PKS it amends is public.")
    return None


@transaction.atomic
def addendum_apply(*, addendum, retire=(), redate=None, user=None):
    """Carry a signed addendum into the PKS it amends.

    The addendum's term, where it gives one, becomes the PKS's term; the commitments written on the
    addendum move to the PKS (``added_by`` remembers the addendum); the PKS commitments in ``retire`` stop
    counting (not applicable, ``retired_by`` the addendum); each open PKS commitment in ``redate``
    (``{commitment: new_due_on}``) gets that fixed due date, recorded as a DueDateChange with the reason
    *addendum* (a stage-tied one leaves its stage). Each change is a history entry on its record; any refusal
    leaves everything as it was.
    """
    if addendum.kind != Agreement.Kind.ADDENDUM or not addendum.parent_id:
        raise AddendumError(_("Only an addendum that names the PKS it amends can be applied."))
    amended = Agreement.objects.select_for_update().get(pk=addendum.parent_id)
    # Checked again under the PKS's lock: the same page sent twice waits here, then finds it applied.
    refusal = addendum_refusal(addendum, amended)
    if refusal:
        raise AddendumError(refusal)
    reason = because("addendum", title=addendum.title, addendum=addendum.pk)
    result = AddendumResult(amended=amended)

    changed = [
        name
        for name in ("term_start", "term_end")
        if getattr(addendum, name) and getattr(addendum, name) != getattr(amended, name)
    ]
    if changed:
        for name in changed:
            setattr(amended, name, getattr(addendum, name))
        amended._history_user, amended._change_reason = user, reason
        amended.save(update_fields=[*changed, "updated_at"])
        result.term_changed = True

    parties = set(amended.parties.values_list("organisation_id", flat=True))
    for commitment in addendum.commitments.order_by("order", "pk"):
        if commitment.responsible_id not in parties:
            raise AddendumError(
                _("“%(title)s” is owed by %(organisation)s, which is not a party to the amended PKS.")
                % {"title": commitment.title, "organisation": commitment.responsible}
            )
        commitment.agreement, commitment.added_by = amended, addendum
        commitment._history_user, commitment._change_reason = user, reason
        commitment.save(update_fields=["agreement", "added_by", "updated_at"])
        result.added.append(commitment)

    for commitment in retire:
        if commitment.agreement_id != amended.pk:
            raise AddendumError(
                _("“%(title)s” is not a commitment of the amended PKS.") % {"title": commitment.title}
            )
        if commitment.retired_by_id:
            continue
        commitment.retired_by = addendum
        commitment.is_not_applicable = True
        commitment.not_applicable_reason = retired_reason(addendum)[:300]
        commitment._history_user, commitment._change_reason = user, reason
        commitment.save(
            update_fields=["retired_by", "is_not_applicable", "not_applicable_reason", "updated_at"]
        )
        result.retired.append(commitment)

    _addendum_redate(addendum, amended, redate or {}, retire, reason, user, result)
    addendum.applied_at = timezone.now()
    addendum._history_user, addendum._change_reason = user, reason
    addendum.save(update_fields=["applied_at", "updated_at"])
    return result


def retired_reason(addendum):
    """The reason a commitment retired by ``addendum`` records, in the installation's language, as the text
    typed around it is: a record reads alike whoever applied the addendum, in whichever language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Retired by addendum “%(title)s”, %(day)s") % {
            "title": addendum.title,
            "day": date_format(addendum.date_signed or timezone.localdate()),
        }


def _addendum_redate(addendum, amended, redate, retire, reason, user, result):
    new_dates = {commitment.pk: day for commitment, day in redate.items()}
    retired = {commitment.pk for commitment in retire}
    locked = (
        Commitment.objects.select_for_update(of=("self",))
        .filter(pk__in=new_dates)
        .select_related("due_stage")
        .order_by("order", "pk")
    )
    found = {commitment.pk: commitment for commitment in locked}
    for commitment, day in redate.items():
        current = found.get(commitment.pk)
        if current is None or current.agreement_id != amended.pk:
            raise AddendumError(
                _("“%(title)s” is not a commitment of the amended PKS.") % {"title": commitment.title}
            )
        if commitment.pk in retired:
            raise AddendumError(
                _("“%(title)s” is retired by this addendum: it cannot also get a new due date.")
                % {"title": current.title}
            )
        if not current.is_open:
            raise AddendumError(
                _("“%(title)s” is no longer open: only an open commitment gets a new due date.")
                % {"title": current.title}
            )
        problem = addendum_due_date_problem(
            new_due_on=day, term_start=amended.term_start, term_end=amended.term_end
        )
        if problem:
            raise AddendumError(f"“{current.title}”: {problem}")
    for pk, current in found.items():
        old_due_on, new_due_on = current.due_on, new_dates[pk]
        if old_due_on == new_due_on:
            continue
        commitment_move_to_fixed_date(
            current,
            new_due_on=new_due_on,
            reason=DueDateChange.Reason.ADDENDUM,
            explanation=DueDateChange.Explanation.ADDENDUM,
            values={"title": addendum.title, "addendum": addendum.pk},
            user=user,
        )
        result.redated.append((current, old_due_on, new_due_on))
