"""Reads the public pages share. Everything starts from the published scope of the agreements app, cut to one
office's agreements on that office's site (``office``; None on the national site)."""

from django.db.models import Count, Prefetch, Q, Sum
from django.utils.translation import gettext_lazy as _

from agencies.models import Organisation
from agencies.offices import OfficeLevel
from agreements.models import Agreement, AgreementParty, Commitment
from agreements.models.commitments import progress_sums
from agreements.progress import Progress

# Detail pages show this many agreements and link to the listing, filtered, for the rest.
AGREEMENTS_SHOWN = 10


def published_agreements(office=None):
    agreements = Agreement.objects.published()
    return agreements if office is None else agreements.filter(office=office)


def listed_agreements(office=None):
    """Published agreements with what a list shows: status, progress and parties."""
    return (
        published_agreements(office)
        .with_status()
        .prefetch_related(Prefetch("parties", queryset=AgreementParty.objects.select_related("organisation")))
    )


def published_filter(office=None):
    """Counts published agreements through an ``agreements`` relation (focus areas, elections)."""
    published = Q(agreements__is_published=True)
    return published if office is None else published & Q(agreements__office=office)


def first_agreements(agreements, limit=AGREEMENTS_SHOWN):
    """The ``limit`` most recently signed agreements and whether there are more, read in one query."""
    rows = list(agreements.order_by("-date_signed", "-pk")[: limit + 1])
    return rows[:limit], len(rows) > limit


def published_parties(office=None):
    return AgreementParty.objects.filter(agreement__in=published_agreements(office))


def public_organisations(office=None):
    """Organisations that are a party to at least one published agreement."""
    return Organisation.objects.filter(pk__in=published_parties(office).values("organisation_id"))


def public_commitments(office=None):
    commitments = Commitment.objects.published().select_related(
        "agreement", "responsible", "focus_area", "due_stage__election"
    )
    return commitments if office is None else commitments.filter(agreement__office=office)


def published_totals(office=None):
    """Count and weighted progress of every published commitment, from the agreements' stored figures."""
    sums = published_agreements(office).aggregate(
        done=Sum("done_weight", default=0),
        applicable=Sum("applicable_weight", default=0),
        count=Sum("commitment_count", default=0),
        done_count=Sum("done_count", default=0),
    )
    return {"count": sums["count"], "done_count": sums["done_count"], "progress": Progress(**sums)}


def offices_by_province():
    """Active KPU offices with published agreements, each with their count and progress, in groups of (title,
    offices): KPU RI first, then each province (its own office before its regencies and cities), then any
    office recorded without a region."""
    published = Q(owned_agreements__is_published=True)
    offices = (
        Organisation.objects.offices()
        .active()
        .annotate(
            agreement_count=Count("owned_agreements", filter=published),
            done_weight=Sum("owned_agreements__done_weight", filter=published, default=0),
            applicable_weight=Sum("owned_agreements__applicable_weight", filter=published, default=0),
        )
        .filter(agreement_count__gt=0)
        .select_related("region__parent")
    )
    groups = {}
    for office in offices:
        office.progress = Progress(done=office.done_weight, applicable=office.applicable_weight)
        region = office.region
        province = region.parent if region and region.parent_id else region
        groups.setdefault(group_of(office, province), []).append(office)
    return [
        # The province's own office first, then its regencies and cities by name.
        (title, sorted(members, key=lambda office: (office.region_id != province_id, office.name)))
        for (_order, province_id, title), members in sorted(groups.items(), key=lambda group: group[0][:1])
    ]


def group_of(office, province):
    """(sort key, province id, title) of the landing page's group an office is listed in."""
    if province is not None:
        return ((1, province.code), province.pk, province.name)
    if office.office_level == OfficeLevel.NATIONAL:
        return ((0, ""), None, _("National"))
    return ((2, ""), None, _("Offices without a recorded region"))


def commitment_totals(commitments):
    """Count and weighted progress of commitments, summed in the database."""
    progress = commitments.progress_totals()
    return {"count": progress.count, "done_count": progress.done_count, "progress": progress}


def progress_by_responsible(organisation_ids, office=None):
    """Weighted progress of these organisations' own commitments on published agreements."""
    commitments = Commitment.objects.published()
    if office is not None:
        commitments = commitments.filter(agreement__office=office)
    rows = (
        commitments.applicable()
        .filter(responsible__in=list(organisation_ids))
        .order_by()
        .values("responsible_id")
        .annotate(**progress_sums())
    )
    return {
        row["responsible_id"]: Progress(done=row["done_weight"], applicable=row["applicable_weight"])
        for row in rows
    }
