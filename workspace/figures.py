"""Reads behind the staff dashboard: every figure is aggregated in the database, a fixed number of queries."""

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from agencies.models import Organisation
from agencies.offices import OfficeLevel
from agreements.deadlines import DUE_SOON_DAYS
from agreements.models import Agreement, Commitment, Election, ElectionStage, ProgressReport
from agreements.models.commitments import (
    applicable_q,
    done_q,
    due_within_q,
    overdue_q,
    progress_share,
    progress_sums,
)
from agreements.models.translated import in_active_language
from agreements.progress import Progress
from kpu_coop import pagination
from workspace.timeline import build_timeline, due_date_counts

LIST_LIMIT = 50
# Up to this many agreements, the dashboard's reads name them (live_commitments).
NAMED_AGREEMENTS = 2000
# A chart of thousands of organisations helps nobody; the full list is paginated on its own page.
AGENCY_LIMIT = 10


@dataclass(frozen=True)
class ChartRow:
    """One bar of a progress chart: who or what, its progress and how many commitments are behind it."""

    key: int | None
    label: str
    progress: Progress
    commitments: int
    overdue: int

    @property
    def percent(self):
        return self.progress.percent or 0


def chosen_election(elections, slug, today):
    """The election the dashboard shows: the one asked for, "all" for none, else the next or latest one."""
    if slug == "all":
        return None
    if slug:
        return next((election for election in elections if election.slug == slug), None)
    upcoming = [e for e in elections if e.voting_day and e.voting_day >= today]
    if upcoming:
        return min(upcoming, key=lambda election: election.voting_day)
    dated = [e for e in elections if e.voting_day]
    return max(dated, key=lambda election: election.voting_day) if dated else None


def agreements_for(election, user):
    """The agreements a staff member follows (their offices' and those below), for one election or all."""
    agreements = Agreement.objects.kept_by(user)
    return agreements.filter(elections=election) if election else agreements


def live_agreements(election, user):
    """Agreements in force or signed that a staff member follows; drafts and terminated ones are left out."""
    dead = [Agreement.Status.DRAFT, Agreement.Status.TERMINATED]
    return agreements_for(election, user).exclude(state__in=dead).order_by()


def live_commitments(election, user):
    """Commitments of live agreements (live_agreements).

    For one election: the commitments of the agreements covering it, except those due in a stage of
    another election (an agreement covering Pemilu and Pilkada holds commitments for each).
    """
    live = live_agreements(election, user)
    # An office's or a province's few hundred agreements are named outright, so PostgreSQL reads their
    # commitments by index; a semi-join it would plan as a scan of every commitment in the country. A
    # nation's worth stays a semi-join: scanning is then the right plan.
    ids = list(live.values_list("pk", flat=True)[: NAMED_AGREEMENTS + 1])
    named = ids if len(ids) <= NAMED_AGREEMENTS else live
    commitments = Commitment.objects.filter(agreement__in=named)
    if election:
        commitments = commitments.filter(
            ~Q(due_kind=Commitment.DueKind.STAGE) | Q(due_stage__election=election)
        )
    return commitments


def agreement_totals(election, today, user):
    status = Agreement.Status
    return (
        agreements_for(election, user)
        .with_status(today)
        .aggregate(
            total=Count("pk"),
            **{state: Count("pk", filter=Q(current_status=state)) for state in status.values},
        )
    )


def commitment_totals(commitments, today):
    totals = commitments.aggregate(
        total=Count("pk"),
        not_applicable=Count("pk", filter=~applicable_q()),
        done=Count("pk", filter=done_q()),
        blocked=Count("pk", filter=applicable_q() & Q(status=Commitment.Status.BLOCKED)),
        overdue=Count("pk", filter=overdue_q(today)),
        upcoming=Count("pk", filter=due_within_q(DUE_SOON_DAYS, today)),
        **progress_sums(),
    )
    totals["progress"] = Progress(done=totals["done_weight"], applicable=totals["applicable_weight"])
    return totals


def _chart_groups(commitments, today, key, *labels):
    return (
        commitments.applicable()
        .values(key, *labels)
        .annotate(count=Count("pk"), overdue=Count("pk", filter=overdue_q(today)), **progress_sums())
    )


def _chart_row(group, key, label):
    return ChartRow(
        key=group[key],
        label=label,
        progress=Progress(done=group["done_weight"], applicable=group["applicable_weight"]),
        commitments=group["count"],
        overdue=group["overdue"],
    )


def agencies_by_need(commitments, today):
    """Figures per responsible organisation (agency or KPU office), most overdue first, then least done."""
    return (
        _chart_groups(commitments, today, "responsible_id")
        .annotate(share=progress_share())
        .order_by("-overdue", F("share").asc(nulls_last=True), "responsible_id")
    )


def agency_chart_rows(groups):
    # Named in a query of their own: grouping thousands of organisations by their names too sorts on disk.
    groups = list(groups)
    names = Organisation.objects.filter(pk__in=[group["responsible_id"] for group in groups])
    # By the short name in both languages, as everywhere else (Organisation.__str__): an organisation's
    # official name is Indonesian whatever the page's language.
    labels = dict(names.values_list("pk", "short_name"))
    return [_chart_row(group, "responsible_id", labels[group["responsible_id"]]) for group in groups]


def agencies_needing_attention(commitments, today):
    """How many organisations are responsible for commitments, and the AGENCY_LIMIT needing attention most."""
    # The count rides along as a window over the groups, so the limited rows need no second pass.
    groups = list(pagination.with_row_count(agencies_by_need(commitments, today))[:AGENCY_LIMIT])
    return (groups[0]["row_count"] if groups else 0), agency_chart_rows(groups)


def progress_by_focus_area(commitments, today):
    labels = ["focus_area__name", "focus_area__name_en"]
    groups = _chart_groups(commitments, today, "focus_area_id", *labels).order_by(
        F(labels[0]).asc(nulls_last=True)
    )
    return [
        _chart_row(group, "focus_area_id", in_active_language(*(group[label] for label in labels)))
        if group["focus_area_id"]
        else _chart_row(group, "focus_area_id", _("No focus area"))
        for group in groups
    ]


def overdue_commitments(commitments, today):
    return list(
        commitments.overdue(on=today)
        .select_related("agreement", "responsible", "due_stage__election__office")
        .order_by("due_on", "pk")[:LIST_LIMIT]
    )


def reports_awaiting(commitments):
    reports = ProgressReport.objects.awaiting_review().filter(commitment__in=commitments)
    return reports.count(), list(
        reports.select_related("commitment__responsible").order_by("submitted_at", "pk")[:LIST_LIMIT]
    )


def reports_awaiting_elsewhere(election, user, shown):
    """How many waiting reports the chosen election's figures leave out (``shown`` are counted): the dashboard
    says so, so that a report of another election is not hidden behind "no reports are waiting"."""
    if election is None:
        return 0
    everywhere = ProgressReport.objects.awaiting_review().filter(
        commitment__agreement__in=live_agreements(None, user)
    )
    return everywhere.count() - shown


def monev_overdue(election, today, user):
    """Agreements in force or signed whose last monev the monitoring clause scheduled before ``today`` no
    evaluation covers: how many, and the first LIST_LIMIT by that day (two queries: the agreements with a
    clause, their evaluations)."""
    dead = [Agreement.Status.DRAFT, Agreement.Status.TERMINATED]
    agreements = (
        agreements_for(election, user)
        .exclude(state__in=dead)
        .filter(monitoring_every_months__isnull=False, term_start__lt=today)
        .with_monev()
        .order_by("pk")
    )
    late = []
    for agreement in agreements:
        schedule = agreement.monev_schedule(today)
        if schedule and schedule.overdue:
            agreement.monev = schedule
            late.append(agreement)
    late.sort(key=lambda agreement: (agreement.monev.last, agreement.pk))
    return len(late), late[:LIST_LIMIT]


@dataclass(frozen=True)
class StageGroup:
    stage: object
    commitments: list


def upcoming_by_stage(commitments, today):
    """Open commitments due soon (DUE_SOON_DAYS), grouped by the election stage they are tied to."""
    upcoming = (
        commitments.due_within(DUE_SOON_DAYS, on=today)
        .select_related("agreement", "responsible", "due_stage__election__office")
        .order_by(
            F("due_stage__election__voting_day").asc(nulls_last=True),
            F("due_stage__election_id").asc(nulls_last=True),
            F("due_stage__order").asc(nulls_last=True),
            "due_stage_id",
            "due_on",
            "pk",
        )[:LIST_LIMIT]
    )
    return [
        StageGroup(stage=stage, commitments=list(group))
        for stage, group in groupby(upcoming, key=lambda commitment: commitment.due_stage)
    ]


def elections(user):
    """The elections ``user`` may filter by: of the offices they read, above and below (office scope), with
    their offices at hand to tell apart several offices' "Pilkada 2024" (Election.name_with_office)."""
    elections = Election.objects.visible_to(user).select_related("office__parent")
    return list(elections.order_by("voting_day", "name"))


def election_groups(elections):
    """The election filter's options: one flat list for one province's elections (an office's, a province's
    staff); grouped by province when they span several (KPU RI's staff: a Pilkada in each of 552 regions, all
    named alike), national ones first, then each province's by its office's name. Pairs of (province office or
    None for a flat list or the national group, elections)."""
    groups = {}
    for election in elections:
        groups.setdefault(province_office(election.office), []).append(election)
    provinces = [office for office in groups if office is not None]
    if len(provinces) <= 1:
        return [(None, elections)]
    provinces.sort(key=lambda office: office.name)
    national = [(None, groups[None])] if None in groups else []
    return national + [(office, groups[office]) for office in provinces]


def province_office(office):
    """The provincial office an office belongs to: itself, its parent, or None for KPU RI (and no office)."""
    if office is None or office.office_level == OfficeLevel.NATIONAL:
        return None
    if office.office_level == OfficeLevel.PROVINCE or office.parent is None:
        return office
    return office.parent


def dashboard_figures(election, today, user):
    """Every block of the dashboard for one election (None: all of them), in a fixed number of queries."""
    commitments = live_commitments(election, user)
    agency_count, by_agency = agencies_needing_attention(commitments, today)
    awaiting_count, awaiting = reports_awaiting(commitments)
    monev_count, monev_late = monev_overdue(election, today, user)
    timeline = None
    if election:
        stages = list(ElectionStage.objects.filter(election=election).order_by("order", "start_date", "pk"))
        timeline = build_timeline(election, stages, due_date_counts(commitments, election, today), today)
    return {
        "agreement_totals": agreement_totals(election, today, user),
        "totals": commitment_totals(commitments, today),
        "by_agency": by_agency,
        "agency_count": agency_count,
        "by_focus_area": progress_by_focus_area(commitments, today),
        "overdue": overdue_commitments(commitments, today),
        "awaiting": awaiting,
        "awaiting_count": awaiting_count,
        "awaiting_elsewhere": reports_awaiting_elsewhere(election, user, awaiting_count),
        "monev_count": monev_count,
        "monev_late": monev_late,
        "upcoming": upcoming_by_stage(commitments, today),
        "timeline": timeline,
    }
