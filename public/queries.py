"""Reads the public pages share. Everything starts from the published scope of the agreements app, cut to one
office's agreements on that office's site (``office``; None on the national site)."""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from agencies.models import Organisation
from agencies.offices import OfficeLevel
from agreements.models import (
    Agreement,
    AgreementParty,
    Commitment,
    DueDateChange,
    Election,
    ElectionTally,
    FocusArea,
    FocusAreaTally,
    OfficeTotal,
    OrganisationTally,
    ProgressReport,
)
from agreements.progress import Progress
from public.caching import site_data
from public.sites import site_reverse

# Detail pages show this many agreements and link to the listing, filtered, for the rest.
AGREEMENTS_SHOWN = 10


def published_agreements(office=None):
    agreements = Agreement.objects.published()
    return agreements if office is None else agreements.filter(office=office)


def published_count(office=None):
    """How many agreements a site publishes (its home page's figure, its unfiltered listing's count): counted
    once per data generation and shared (public.caching.site_data), not over every row on every request."""
    return site_data(office, "published-count", published_agreements(office).count)


# What an agreement card (public/_agreement_items.html) shows: its kind, status, title, date and progress.
CARD_FIELDS = [
    "office_id",
    "kind",
    "title",
    "date_signed",
    "state",
    "term_start",
    "term_end",
    "is_published",
    "commitment_count",
    "done_count",
    "applicable_weight",
    "done_weight",
]


def listed_agreements(office=None):
    """Published agreements with their parties. Their status is worked out from their dates in Python
    (``Agreement.status``): as an annotation, it cost the agreement page 1 ms to build and compile."""
    return (
        published_agreements(office)
        .defer("search_document")
        .prefetch_related(Prefetch("parties", queryset=AgreementParty.objects.select_related("organisation")))
    )


def card_agreements(office=None):
    """Published agreements with what a card shows and nothing more: a list page reads twenty of them, and the
    texts of their clauses and search document would be most of what it fetches and turns into objects.
    Their status is worked out from the dates they carry (``Agreement.status``), not annotated: the
    annotation cost more to build and compile than the rest of the query. Turn them into cards with
    ``as_cards()``."""
    return published_agreements(office).only(*CARD_FIELDS)


def as_cards(agreements, office=None):
    """The agreements as a list, each with what its card shows worked out once, in Python: ``party_names``,
    (short name, number) of each party in role order, read in one query of plain values (a prefetch of
    parties and organisations as objects took as long as the agreements themselves); ``card_url``, its page
    on ``office``'s site; and ``kind_label``. Looked up by the template engine instead, these were a third of
    a listing's time."""
    agreements = list(agreements)
    parties = (
        AgreementParty.objects.filter(agreement__in=[agreement.pk for agreement in agreements])
        .order_by("role", "pk")
        .values_list("agreement_id", "organisation__short_name", "number")
    )
    names = defaultdict(list)
    for agreement_id, short_name, number in parties:
        names[agreement_id].append((short_name, number))
    for agreement in agreements:
        agreement.party_names = names[agreement.pk]
        agreement.card_url = site_reverse("agreement_detail", office, [agreement.pk])
        agreement.kind_label = agreement.get_kind_display()
    return agreements


def election_agreement_count(office=None):
    """How many published agreements (``office``'s, on its site) an election has, summed from the offices'
    election tallies (a row per office): counting every link of KPU RI's elections took 7-12 ms nationally on
    the scale data."""
    tallies = ElectionTally.objects.filter(election=OuterRef("pk")).of_site(office).order_by()
    counts = tallies.values("election").annotate(count=Sum("agreement_count")).values("count")
    return Coalesce(Subquery(counts), 0)


def listed_focus_areas(office=None):
    """Every focus area, with its count of the site's published agreements, summed from the offices' focus
    area tallies (a row per office): counting every link took 15 ms nationally on the scale data."""
    tallies = FocusAreaTally.objects.filter(focus_area=OuterRef("pk")).of_site(office).order_by()
    counts = tallies.values("focus_area").annotate(count=Sum("agreement_count")).values("count")
    return FocusArea.objects.annotate(agreement_count=Coalesce(Subquery(counts), 0))


def site_elections(office=None):
    """The elections a site shows: on an office's, those its agreements may use (its own, its province's and
    KPU RI's); on the national site of several offices every one, each with its organising office at hand
    to name it. A single-office installation shows every election, as it always did."""
    if office is not None:
        return Election.objects.usable_on_site_of(office).select_related("office")
    if settings.SINGLE_OFFICE:
        return Election.objects.all()
    return Election.objects.select_related("office")


def listed_elections(office=None):
    """The elections a site lists on its home and election pages, each with its count of the site's
    published agreements: on the national site of several offices, KPU RI's only (a regional election is
    listed on its office's site)."""
    elections = site_elections(office)
    if office is None and not settings.SINGLE_OFFICE:
        elections = elections.national()
    counted = election_agreement_count(office)
    return elections.annotate(agreement_count=counted)


def first_agreements(agreements, office=None, limit=AGREEMENTS_SHOWN):
    """The ``limit`` most recently signed agreements, as cards on ``office``'s site, and whether there are
    more."""
    rows = as_cards(agreements.order_by("-date_signed", "-pk")[: limit + 1], office)
    return rows[:limit], len(rows) > limit


def published_parties(office=None):
    return AgreementParty.objects.filter(agreement__in=published_agreements(office))


def public_organisations(office=None):
    """Organisations that are a party to at least one published agreement, from the offices' stored tallies
    (``OrganisationTally``: a few thousand rows nationally, against every party of every agreement)."""
    return Organisation.objects.filter(pk__in=party_tallies(office).values("organisation_id"))


def party_tallies(office=None):
    return OrganisationTally.objects.of_site(office).filter(agreement_count__gt=0)


def site_organisations(office=None, province=None):
    """The organisations a site's agency list shows: on an office's site the parties to its published
    agreements and the active agencies and government of its region (``Organisation.region``); on the
    national site the parties to every published agreement, of one province's regions when ``province``
    (a Region) is given."""
    parties = Q(pk__in=party_tallies(office).values("organisation_id"))
    if office is not None and office.region_id:
        local = Q(region_id=office.region_id, is_active=True) & ~Q(kind=Organisation.Kind.ELECTION_COMMISSION)
        return Organisation.objects.filter(parties | local)
    organisations = Organisation.objects.filter(parties)
    return organisations if province is None else in_province(organisations, province)


def in_province(organisations, province):
    """The organisations of ``province`` (a Region): of the province itself or of one of its regencies."""
    return organisations.filter(Q(region=province) | Q(region__parent=province))


# The public counts of a commitment's reports: how many KPU staff reviewed with each status.
REVIEWED_COUNTS = {
    "reports_accepted": ProgressReport.Status.ACCEPTED,
    "reports_returned": ProgressReport.Status.RETURNED,
}


def reviewed_reports(status):
    """How many of a commitment's progress reports KPU staff reviewed with ``status``: a count in the same
    query (a subquery, so no GROUP BY joins the commitments' other relations)."""
    counts = (
        ProgressReport.objects.filter(commitment=OuterRef("pk"), status=status)
        .order_by()
        .values("commitment")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def published_commitments(office=None):
    commitments = Commitment.objects.published()
    return commitments if office is None else commitments.filter(agreement__office=office)


def public_commitments(office=None):
    """Published commitments, each with the public counts of its reviewed reports (reports_accepted,
    reports_returned) in the same query: only counts, never a report's text, evidence or author. For the
    files and feeds, which stream every row; a page of them takes ``listed_commitments`` instead."""
    annotations = {name: reviewed_reports(status) for name, status in REVIEWED_COUNTS.items()}
    return shown_commitments(office).annotate(**annotations)


def shown_commitments(office=None, *, with_agreement=True):
    """Published commitments with the rows a commitment shows: its party, focus area and stage, and its
    agreement unless ``with_agreement`` is False (an agreement's own page knows it already)."""
    related = ["responsible", "focus_area", "due_stage__election"]
    return published_commitments(office).select_related(*related, *(["agreement"] if with_agreement else []))


def listed_commitments(office=None, *, with_agreement=True):
    """Published commitments with what a page lists, their due-date moves included (one more query). Their
    report counts come from ``with_report_counts`` once the page's rows are known."""
    moves = DueDateChange.objects.order_by("changed_at", "pk")
    commitments = shown_commitments(office, with_agreement=with_agreement)
    return commitments.prefetch_related(Prefetch("due_date_changes", queryset=moves))


def with_report_counts(commitments):
    """The commitments as a list, each with the public counts of its reviewed reports (``REVIEWED_COUNTS``),
    read in one grouped query over these rows: as two subqueries in the commitments' own query, they cost the
    agreement page 2.0 ms of building, compiling and running, against 1.2 ms for this query."""
    commitments = list(commitments)
    if not commitments:
        return commitments
    rows = (
        ProgressReport.objects.filter(
            commitment__in=[commitment.pk for commitment in commitments],
            status__in=REVIEWED_COUNTS.values(),
        )
        .order_by()
        .values_list("commitment_id", "status")
        .annotate(count=Count("pk"))
    )
    counts = {(commitment_id, status): count for commitment_id, status, count in rows}
    for commitment in commitments:
        for name, status in REVIEWED_COUNTS.items():
            setattr(commitment, name, counts.get((commitment.pk, status), 0))
    return commitments


def published_totals(office=None):
    """Count and weighted progress of every published commitment of the site, from the offices' stored totals
    (``OfficeTotal``: a row per office)."""
    return OfficeTotal.objects.of_site(office).totals()


@dataclass(frozen=True)
class OfficeLine:
    """An office's line on the national home page: its name and site, and its published agreements."""

    name: str
    slug: str
    agreement_count: int
    progress: Progress

    @property
    def home_url(self):
        return site_reverse("home", self)

    @property
    def figures(self):
        """What the line says of the office's agreements, e.g. "12 agreements · 40% verified done"."""
        count = self.agreement_count
        agreements = ngettext("%(counter)s agreement", "%(counter)s agreements", count) % {"counter": count}
        progress = gettext("%(progress)s verified done") % {"progress": self.progress}
        return f"{agreements} · {progress}"


# What the national home page's list of offices reads of each office's total, office and region.
OFFICE_LINE_FIELDS = (
    "office__name",
    "office__slug",
    "agreement_count",
    "done_weight",
    "applicable_weight",
    "office__office_level",
    "office__region_id",
    "office__region__code",
    "office__region__name",
    "office__region__parent_id",
    "office__region__parent__code",
    "office__region__parent__name",
)


def offices_by_province():
    """Active KPU offices with published agreements, each with their count and progress from their stored
    total, in groups of (title, offices): KPU RI first, then each province (its own office before its
    regencies and cities), then any office recorded without a region. Read as plain values: for 514 offices,
    an office, a region and a province as objects each were half of the national home page's time."""
    totals = OfficeTotal.objects.filter(
        agreement_count__gt=0, office__in=Organisation.objects.offices().active()
    )
    groups = {}
    for name, slug, count, done, applicable, level, region_id, *regions in totals.values_list(
        *OFFICE_LINE_FIELDS
    ):
        line = OfficeLine(name, slug, count, Progress(done=done, applicable=applicable))
        # The province is the region's parent, or the region itself when it is a province.
        code, title, parent_id, parent_code, parent_title = regions
        province = (parent_id, parent_code, parent_title) if parent_id else (region_id, code, title)
        groups.setdefault(group_of(level, province), []).append((region_id, line))
    return [
        # The province's own office first, then its regencies and cities by name.
        (
            title,
            [line for _region, line in sorted(members, key=lambda member: (member[0] != pk, member[1].name))],
        )
        for (_order, pk, title), members in sorted(groups.items(), key=lambda group: group[0][:1])
    ]


def group_of(office_level, province):
    """(sort key, province id, title) of the landing page's group an office is listed in; ``province`` is
    (id, code, name), its id None for an office recorded without a region."""
    pk, code, name = province
    if pk is not None:
        return ((1, code), pk, name)
    if office_level == OfficeLevel.NATIONAL:
        return ((0, ""), None, _("National"))
    return ((2, ""), None, _("Offices without a recorded region"))


def commitment_totals(commitments):
    """Count and weighted progress of commitments, summed in the database."""
    progress = commitments.progress_totals()
    return {"count": progress.count, "done_count": progress.done_count, "progress": progress}


def progress_by_responsible(organisation_ids, office=None):
    """Weighted progress of these organisations' own commitments on published agreements, from the offices'
    stored tallies; none for an organisation with no applicable commitment."""
    tallies = OrganisationTally.objects.of_site(office).filter(organisation__in=list(organisation_ids))
    return {
        organisation_id: Progress(done=sums["done_weight"], applicable=sums["applicable_weight"])
        for organisation_id, sums in tallies.figures().items()
        if sums["applicable_weight"]
    }
