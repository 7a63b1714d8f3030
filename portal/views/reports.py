from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext as _

from agencies.roles import can_verify_reports, reports_of_own_agency
from agreements.models import Commitment, Evidence, ProgressReport
from agreements.models.commitments import reports_on
from agreements.services_reports import (
    ReportConflict,
    ReportRejected,
    UploadLimitReached,
    report_accept,
    report_return,
    report_submit,
)
from kpu_coop import pagination
from portal.deadlines import deadline_of
from portal.forms import ReportForm, ReviewForm
from portal.notifications import report_email_author
from security.decorators import staff_required
from security.kept_forms import keeps_typed_form, typed_form


@keeps_typed_form
@login_required
def report_create(request, pk):
    commitment = get_object_or_404(
        Commitment.objects.internals_visible_to(request.user).select_related(
            "agreement", "responsible", "focus_area", "due_stage__election"
        ),
        pk=pk,
    )
    if not reports_on(request.user, commitment):
        raise Http404
    commitment.deadline = deadline_of(commitment, timezone.localdate())
    conflict, status, retry_after = None, 200, None
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report_submit(
                    commitment=commitment,
                    author=request.user,
                    summary=data["summary"],
                    claim=data["claim"],
                    blocked_reason=data["blocked_reason"],
                    links=data["links"],
                    files=data["files"],
                    last_report_id=data["last_report"],
                )
            except ReportConflict as error:
                conflict, status = error.current, 409
                # Keep everything typed; the next submission is against the report now shown.
                form = ReportForm({**request.POST.dict(), "last_report": error.current.pk})
                form.is_valid()
                form.add_error(None, error.message)
                if data["files"]:
                    form.add_error("files", _("Files cannot be kept between submissions: attach them again."))
            except UploadLimitReached as error:
                # The typed text stays in the form; the files must be chosen again, later or not at all.
                status = 429 if error.retry_at else 400
                retry_after = error.retry_at
                form.add_error(None, error.message)
                form.add_error("files", _("Files cannot be kept between submissions: attach them again."))
            except ReportRejected as error:
                status = 400
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your report was sent to KPU for review."))
                return redirect("portal:commitment", pk=commitment.pk)
        else:
            status = 400
    elif (typed := typed_form(request)) is not None:
        # Sent as the login ran out: what was typed, against the reports seen then.
        form = ReportForm(typed)
    else:
        newest = commitment.reports.order_by("-pk").values_list("pk", flat=True).first()
        form = ReportForm(initial={"last_report": newest or 0})
    response = render(
        request,
        "portal/report_form.html",
        {
            "commitment": commitment,
            "form": form,
            "conflict": conflict,
            "is_closed": not commitment.is_open,
        },
        status=status,
    )
    if retry_after:
        response["Retry-After"] = http_date(retry_after.timestamp())
    return response


def report_page_queryset(user):
    return (
        ProgressReport.objects.visible_to(user)
        .select_related(
            "author",
            "reviewer",
            "commitment__agreement",
            "commitment__responsible",
            "commitment__focus_area",
            "commitment__due_stage__election",
        )
        .prefetch_related("evidence")
    )


@login_required
def report_detail(request, pk):
    """A report with its evidence and KPU's decision; staff review it here."""
    report = get_object_or_404(report_page_queryset(request.user), pk=pk)
    is_own = report.author_id == request.user.pk
    may_verify = can_verify_reports(request.user, report)
    can_review = may_verify and report.is_awaiting_review and not is_own
    form, status = None, 200
    if request.method == "POST":
        if not may_verify:
            raise PermissionDenied
        form = ReviewForm(request.POST)
        if form.is_valid():
            review = report_accept if form.cleaned_data["decision"] == ReviewForm.ACCEPT else report_return
            try:
                review(
                    report=report,
                    reviewer=request.user,
                    version=form.cleaned_data["version"],
                    comment=form.cleaned_data["comment"],
                )
            except ReportConflict as error:
                # Show the decision someone else took; the comment typed here stays in the form.
                status = 409
                form.add_error(None, error.message)
                report = get_object_or_404(report_page_queryset(request.user), pk=pk)
                can_review = report.is_awaiting_review and not is_own
                if can_review:
                    form = ReviewForm({**request.POST.dict(), "version": report.version})
                    form.is_valid()
                    form.add_error(None, error.message)
            except ReportRejected as error:
                status = 400
                form.add_error(None, error.message)
            else:
                # Once the decision is committed; robust: a mail server that is down must not hide it.
                base_url = request.build_absolute_uri("/")
                transaction.on_commit(partial(report_email_author, report.pk, base_url=base_url), robust=True)
                if form.cleaned_data["decision"] == ReviewForm.ACCEPT:
                    messages.success(request, _("Report accepted."))
                else:
                    messages.success(request, _("Report returned to the agency."))
                if report.author.email:
                    messages.info(request, _("Its author has been told by email."))
                else:
                    messages.warning(
                        request,
                        _("%(name)s has no email address: tell them some other way.")
                        % {"name": report.author.display_name},
                    )
                return redirect("portal:verify")
        else:
            status = 400
    elif can_review:
        form = ReviewForm(initial={"version": report.version})
    return render(
        request,
        "portal/report.html",
        {
            "report": report,
            "commitment": report.commitment,
            "form": form,
            "can_review": can_review,
            "awaits_another_reviewer": is_own and may_verify and report.is_awaiting_review,
            # Staff who are also members of the responsible agency (a liaison made staff) leave it to others.
            "of_own_agency": request.user.is_kpu_staff
            and report.is_awaiting_review
            and reports_of_own_agency(request.user, report),
        },
        status=status,
    )


def evidence_count():
    """How many evidence files the report in the outer query has."""
    files = (
        Evidence.objects.filter(report=OuterRef("pk")).order_by().values("report").annotate(count=Count("pk"))
    )
    return Coalesce(Subquery(files.values("count"), output_field=IntegerField()), 0)


@staff_required
def verify_queue(request):
    """Submitted reports, oldest first, for KPU staff to accept or return."""
    reports = (
        ProgressReport.objects.verifiable_by(request.user)
        .awaiting_review()
        .select_related("author", "commitment__agreement", "commitment__responsible")
        # A count per row, not a GROUP BY over the joined rows: the oldest page then comes from the (status,
        # submitted) index, not from grouping the whole queue (a superuser's 33,763 reports: 304 -> 4 ms).
        .annotate(evidence_count=evidence_count())
        .order_by("submitted_at", "pk")
    )
    page = pagination.page_or_404(request, reports, pagination.VERIFICATION_QUEUE)
    return render(request, "portal/verify.html", {"page": page})
