"""Reads the public pages share. Everything starts from the published scope of the agreements app."""

from django.db.models import Prefetch, Q, Sum

from agencies.models import Organisation
from agreements.models import Agreement, AgreementParty, Commitment, DueDateChange
from agreements.models.commitments import progress_sums
from agreements.progress import Progress

# Detail pages show this many agreements and link to the listing, filtered, for the rest.
AGREEMENTS_SHOWN = 10


def listed_agreements():
    """Published agreements with what a list shows: status, progress and parties."""
    return (
        Agreement.objects.published()
        .with_status()
        .prefetch_related(Prefetch("parties", queryset=AgreementParty.objects.select_related("organisation")))
    )


def first_agreements(agreements, limit=AGREEMENTS_SHOWN):
    """The ``limit`` most recently signed agreements and whether there are more, read in one query."""
    rows = list(agreements.order_by("-date_signed", "-pk")[: limit + 1])
    return rows[:limit], len(rows) > limit


def published_parties():
    return AgreementParty.objects.filter(agreement__in=Agreement.objects.published())


def public_organisations():
    """Organisations that are a party to at least one published agreement."""
    return Organisation.objects.filter(pk__in=published_parties().values("organisation_id"))


def public_commitments():
    return Commitment.objects.published().select_related(
        "agreement", "responsible", "focus_area", "due_stage__election"
    )


def listed_commitments():
    """Published commitments with what a list shows, their due-date moves included (one more query)."""
    moves = DueDateChange.objects.order_by("changed_at", "pk")
    return public_commitments().prefetch_related(Prefetch("due_date_changes", queryset=moves))


def published_totals():
    """Count and weighted progress of every published commitment, from the agreements' stored figures.

    A published PKS's figures are also in its MoU's (counted_commitments_q): where the MoU is published too,
    they are taken out once so that no commitment counts twice.
    """
    rolled_up = Q(kind=Agreement.Kind.PKS, parent__is_published=True)
    columns = {
        "done": "done_weight",
        "applicable": "applicable_weight",
        "count": "commitment_count",
        "done_count": "done_count",
    }
    sums = Agreement.objects.published().aggregate(
        **{f"all_{name}": Sum(column, default=0) for name, column in columns.items()},
        **{f"twice_{name}": Sum(column, filter=rolled_up, default=0) for name, column in columns.items()},
    )
    sums = {name: sums[f"all_{name}"] - sums[f"twice_{name}"] for name in columns}
    return {"count": sums["count"], "done_count": sums["done_count"], "progress": Progress(**sums)}


def commitment_totals(commitments):
    """Count and weighted progress of commitments, summed in the database."""
    progress = commitments.progress_totals()
    return {"count": progress.count, "done_count": progress.done_count, "progress": progress}


def progress_by_responsible(organisation_ids):
    """Weighted progress of these organisations' own commitments on published agreements."""
    rows = (
        Commitment.objects.published()
        .applicable()
        .filter(responsible__in=list(organisation_ids))
        .order_by()
        .values("responsible_id")
        .annotate(**progress_sums())
    )
    return {
        row["responsible_id"]: Progress(done=row["done_weight"], applicable=row["applicable_weight"])
        for row in rows
    }
