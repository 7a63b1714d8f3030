from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from agencies.models import User
from agreements.deadlines import DUE_SOON_DAYS
from agreements.models import (
    Agreement,
    Commitment,
    CommitmentAssignment,
    DueDateChange,
    FocusArea,
    ForceMajeureEvent,
    ProgressReport,
)
from agreements.models.commitments import due_within_q, overdue_q, reports_on
from kpu_coop import pagination
from portal.deadlines import deadline_of, stage_rule
from portal.forms import TaskFilterForm


@login_required
def home(request):
    """Where login lands: staff on the verification queue, liaisons on their tasks."""
    return redirect("portal:verify" if request.user.is_kpu_staff else "portal:tasks")


@login_required
def tasks(request):
    user, today = request.user, timezone.localdate()
    default_scope = TaskFilterForm.ALL if user.is_kpu_staff else TaskFilterForm.MINE
    return render(request, "portal/tasks.html", task_list(request, default_scope, today))


def task_list(request, default_scope, today):
    user = request.user
    visible = Commitment.objects.internals_visible_to(user)
    counts = {
        "overdue": Count("pk", filter=overdue_q(today)),
        "due_soon": Count("pk", filter=due_within_q(DUE_SOON_DAYS, today)),
    }
    if default_scope == TaskFilterForm.MINE:
        counts["assigned"] = Count("pk", filter=Exists(assigned_to(user)))
    urgent = visible.aggregate(**counts)
    # Nobody assigned this person anything yet: an empty "mine" list under an overdue notice misleads.
    nothing_assigned = urgent.pop("assigned", None) == 0
    if nothing_assigned:
        default_scope = TaskFilterForm.ALL
    form = TaskFilterForm(
        request.GET,
        # Each focus area asks whether a visible commitment is in it: a DISTINCT over a join of every visible
        # commitment took KPU RI's staff 129 ms.
        focus_areas=FocusArea.objects.filter(Exists(visible.filter(focus_area=OuterRef("pk")))),
        # Titles only, without DISTINCT over whole rows: an agency is party to dozens of agreements.
        agreements=Agreement.objects.filter(pk__in=visible.values("agreement_id"))
        .order_by("title")
        .values_list("pk", "title"),
        default_scope=default_scope,
    )
    # Only reports the viewer can open: a commitment handed to another agency leaves its reports behind.
    reports = ProgressReport.objects.visible_to(user).filter(commitment=OuterRef("pk"))
    commitments = (
        form.filter(visible, user=user, today=today)
        # What a card shows; its stage is on the commitment's own page.
        .select_related("agreement", "responsible", "focus_area")
        .annotate(
            is_mine=Exists(assigned_to(user)),
            awaiting_review=Exists(reports.awaiting_review()),
            # Returned: KPU staff sent the newest report back, and the agency has something to revise.
            newest_report_status=Subquery(reports.order_by("-submitted_at", "-pk").values("status")[:1]),
        )
        .order_by("due_on", "agreement__title", "order", "pk")
    )
    page = pagination.page_or_404(request, commitments, pagination.PORTAL_TASKS)
    for commitment in page:
        commitment.deadline = deadline_of(commitment, today)
    return {
        "form": form,
        "scope": form.chosen_scope,
        "nothing_assigned": nothing_assigned,
        "page": page,
        "urgent": urgent,
        "soon_days": DUE_SOON_DAYS,
        "has_agency": user.is_kpu_staff or bool(user.organisation_ids()),
    }


def assigned_to(user):
    """Assignments of the commitment in the outer query to ``user``, for Exists()."""
    return CommitmentAssignment.objects.filter(commitment=OuterRef("pk"), user=user)


@login_required
def commitment_detail(request, pk):
    reports = (
        ProgressReport.objects.visible_to(request.user)
        .select_related("author", "reviewer")
        .prefetch_related("evidence")
    )
    commitment = get_object_or_404(
        Commitment.objects.internals_visible_to(request.user)
        .select_related("agreement", "responsible", "focus_area", "due_stage__election")
        .prefetch_related(
            Prefetch("reports", queryset=reports),
            Prefetch("assignees", queryset=User.objects.order_by("username")),
            # Why its due date is what it is, as the public page says it: each move, and an event under way.
            Prefetch("due_date_changes", queryset=DueDateChange.objects.order_by("changed_at", "pk")),
            Prefetch(
                "force_majeure_events",
                queryset=ForceMajeureEvent.objects.filter(ends_on__isnull=True),
                to_attr="suspended_by",
            ),
        ),
        pk=pk,
    )
    commitment.deadline = deadline_of(commitment, timezone.localdate())
    return render(
        request,
        "portal/commitment.html",
        {
            "commitment": commitment,
            "reports": commitment.reports.all(),
            "stage_rule": stage_rule(commitment) if commitment.follows_stage else "",
            "can_report": commitment.is_open and reports_on(request.user, commitment),
        },
    )
