"""Reads behind the monitoring-and-evaluation (monev) report: one query per kind of record, at any size."""

from collections import Counter

from django.db.models import Count, Prefetch, Q

from agencies.models import Organisation
from agencies.offices import staff_scope
from agreements.models import Agreement, AgreementParty, Commitment, ProgressReport


def monev_commitments():
    accepted = (
        ProgressReport.objects.filter(status=ProgressReport.Status.ACCEPTED)
        .select_related("reviewer")
        .prefetch_related("evidence")
        .order_by("reviewed_at", "pk")
    )
    return (
        Commitment.objects.select_related(
            "responsible", "focus_area", "due_stage__election__office", "added_by", "retired_by"
        )
        .prefetch_related(Prefetch("reports", queryset=accepted, to_attr="accepted_reports"))
        .order_by("order", "pk")
    )


def visible_offices(user):
    """The KPU offices whose reports ``user`` reads: their own and those below (agencies.offices)."""
    return staff_scope(Organisation.objects.offices(), user, "pk")


def monev_agreements(today, user):
    """Agreements with everything the report prints: parties, clauses, commitments, accepted reports and
    evidence."""
    return (
        Agreement.objects.kept_by(user)
        .with_status(today)
        .with_clauses(readable=Commitment.objects.visible_to(user))
        .annotate(
            not_applicable_count=Count("commitments", filter=Q(commitments__is_not_applicable=True)),
        )
        .select_related("parent")
        .prefetch_related(
            Prefetch(
                "parties", queryset=AgreementParty.objects.select_related("organisation").order_by("role")
            ),
            Prefetch("commitments", queryset=monev_commitments()),
            Prefetch("children", queryset=Agreement.objects.order_by("date_signed", "pk")),
            "elections",
            "focus_areas",
            "witnesses",
        )
    )


def report_office(agreements):
    """The KPU office a report speaks for: the one signing first in most of its agreements, or None."""
    offices = Counter(
        agreement.first_party.organisation
        for agreement in agreements
        if agreement.first_party
        and agreement.first_party.organisation.kind == Organisation.Kind.ELECTION_COMMISSION
    )
    return offices.most_common(1)[0][0] if offices else None


def first_party(agreement):
    """The party signing first (normally the KPU office), from the prefetched parties."""
    parties = list(agreement.parties.all())
    return next((party for party in parties if party.role == AgreementParty.Role.FIRST), None)
