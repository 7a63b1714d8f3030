"""Reads behind the staff dashboard: every figure is aggregated in the database, one query per block."""

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _

from agreements.models import Agreement, Commitment, Election, ProgressReport
from agreements.models.translated import in_active_language
from agreements.progress import Progress
from portal.deadlines import due_within_q, overdue_q

UPCOMING_DAYS = 30
LIST_LIMIT = 50


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


def agreements_for(election):
    agreements = Agreement.objects.all()
    return agreements.filter(elections=election) if election else agreements


def live_commitments(election):
    """Commitments of agreements in force or signed; drafts and terminated agreements are left out."""
    commitments = Commitment.objects.exclude(
        agreement__state__in=[Agreement.Status.DRAFT, Agreement.Status.TERMINATED]
    )
    if election:
        commitments = commitments.filter(agreement__in=agreements_for(election))
    return commitments


def agreement_totals(election, today):
    status = Agreement.Status
    return (
        agreements_for(election)
        .with_status(today)
        .aggregate(
            total=Count("pk"),
            **{state: Count("pk", filter=Q(current_status=state)) for state in status.values},
        )
    )


def commitment_totals(commitments, today):
    applicable = Q(is_not_applicable=False)
    done = applicable & Q(status=Commitment.Status.DONE)
    totals = commitments.aggregate(
        total=Count("pk"),
        not_applicable=Count("pk", filter=~applicable),
        done=Count("pk", filter=done),
        blocked=Count("pk", filter=applicable & Q(status=Commitment.Status.BLOCKED)),
        overdue=Count("pk", filter=overdue_q(today)),
        upcoming=Count("pk", filter=due_within_q(today, UPCOMING_DAYS)),
        applicable_weight=Sum("weight", filter=applicable, default=0),
        done_weight=Sum("weight", filter=done, default=0),
    )
    totals["progress"] = Progress(done=totals["done_weight"], applicable=totals["applicable_weight"])
    return totals


def _chart_rows(commitments, today, key, labels):
    rows = (
        commitments.applicable()
        .values(key, *labels)
        .annotate(
            count=Count("pk"),
            applicable_weight=Sum("weight"),
            done_weight=Sum("weight", filter=Q(status=Commitment.Status.DONE), default=0),
            overdue=Count("pk", filter=overdue_q(today)),
        )
        .order_by(F(labels[0]).asc(nulls_last=True))
    )
    return [
        ChartRow(
            key=row[key],
            label=in_active_language(*(row[label] for label in labels)) if row[key] else "",
            progress=Progress(done=row["done_weight"], applicable=row["applicable_weight"]),
            commitments=row["count"],
            overdue=row["overdue"],
        )
        for row in rows
    ]


def progress_by_agency(commitments, today):
    """Progress of each responsible organisation (agency or KPU office)."""
    return _chart_rows(commitments, today, "responsible_id", ["responsible__short_name", "responsible__name"])


def progress_by_focus_area(commitments, today):
    rows = _chart_rows(commitments, today, "focus_area_id", ["focus_area__name", "focus_area__name_en"])
    return [row if row.key else _replace_label(row, _("No focus area")) for row in rows]


def _replace_label(row, label):
    return ChartRow(row.key, label, row.progress, row.commitments, row.overdue)


def overdue_commitments(commitments, today):
    return list(
        commitments.filter(overdue_q(today))
        .select_related("agreement", "responsible", "due_stage__election")
        .order_by("due_on", "pk")[:LIST_LIMIT]
    )


def reports_awaiting(commitments):
    reports = ProgressReport.objects.awaiting_review().filter(commitment__in=commitments)
    return reports.count(), list(
        reports.select_related("commitment__agreement", "commitment__responsible", "author").order_by(
            "submitted_at", "pk"
        )[:LIST_LIMIT]
    )


@dataclass(frozen=True)
class StageGroup:
    stage: object
    commitments: list


def upcoming_by_stage(commitments, today):
    """Open commitments due in the next 30 days, grouped by the election stage they are tied to."""
    upcoming = (
        commitments.filter(due_within_q(today, UPCOMING_DAYS))
        .select_related("agreement", "responsible", "due_stage__election")
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


def elections():
    return list(Election.objects.order_by("voting_day", "name"))
