"""Monev for a period: choose an office and period, read the report (page or PDF), write evaluations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement, ElectionStage, MonevEvaluation
from agreements.services_monev import EvaluationConflict, monev_evaluation_save
from security.decorators import staff_required
from security.kept_forms import keeps_typed_form, typed_form
from workspace.forms import MonevEvaluationForm, MonevPeriodForm
from workspace.monev import visible_offices
from workspace.monev_pdf import render_pdf
from workspace.monev_periods import PeriodError, day_period, parse_period, recent_periods
from workspace.monev_report import monev_report


def _office(request, office_pk):
    # Another office's report is not found, as its records are not (agencies.offices).
    return get_object_or_404(visible_offices(request.user).select_related("region"), pk=office_pk)


def _period_or_error(request, key, today, office):
    """The period ``key`` names, or a 400 page saying what is wrong with it; a stage must be one that
    ``office``'s agreements may follow (its own elections, those above it), so no other office's."""
    try:
        period = parse_period(key, stages=ElectionStage.objects.usable_on_site_of(office))
    except PeriodError as error:
        return None, _period_error(request, str(error))
    if period.start > today:
        return None, _period_error(
            request, _("This period has not started yet: it has no position to report.")
        )
    return period, None


def _period_error(request, message):
    return render(request, "workspace/monev_period_error.html", {"message": message}, status=400)


def scheduled_days(user, today, limit=24):
    """The days the monitoring clauses of ``user``'s agreements scheduled a monev, up to ``today``, newest
    first (the latest ``limit``), as periods: the position on each day (one query)."""
    clauses = (
        Agreement.objects.kept_by(user)
        .filter(monitoring_every_months__isnull=False, term_start__isnull=False)
        .only("monitoring_every_months", "term_start", "term_end", "termination_date")
    )
    days = {day for agreement in clauses for day in agreement.monev_due_dates(until=today)}
    return [day_period(day) for day in sorted(days, reverse=True)[:limit]]


@staff_required
def monev_period_choose(request):
    today = timezone.localdate()
    offices = visible_offices(request.user).order_by("name")
    stages = ElectionStage.objects.visible_to(request.user).select_related("election__office")
    stages = stages.order_by("-end_date", "order")
    form = MonevPeriodForm(
        request.GET or None,
        offices=offices,
        periods=recent_periods(today),
        scheduled=scheduled_days(request.user, today),
        stages=stages,
        today=today,
    )
    if form.is_valid():
        return redirect(
            "workspace:monev_period", office=form.cleaned_data["office"].pk, period=form.period_key()
        )
    status = 400 if form.is_bound else 200
    return render(request, "workspace/monev_period_choose.html", {"form": form}, status=status)


def _report_context(request, office_pk, key):
    today = timezone.localdate()
    office = _office(request, office_pk)
    period, error = _period_or_error(request, key, today, office)
    if error:
        return None, error
    report = monev_report(office=office, period=period, user=request.user, today=today)
    return {"report": report, "today": today}, None


@staff_required
def monev_period(request, office, period):
    context, error = _report_context(request, office, period)
    return error or render(request, "workspace/monev_period.html", context)


@staff_required
def monev_period_pdf(request, office, period):
    context, error = _report_context(request, office, period)
    if error:
        return error
    report = context["report"]
    pdf = render_pdf("workspace/monev_period_pdf.html", context, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"monev-{report.office.slug}-{report.period.key}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@keeps_typed_form
@staff_required
def monev_evaluation(request, office, period, pk):
    today = timezone.localdate()
    office = _office(request, office)
    agreement = get_object_or_404(Agreement.objects.kept_by(request.user).filter(office=office), pk=pk)
    period, error = _period_or_error(request, period, today, office)
    if error:
        return error
    # A province reads its regencies' reports; only the agreement's own office evaluates (agencies.offices).
    if not Agreement.objects.editable_by(request.user).filter(pk=agreement.pk).exists():
        raise PermissionDenied
    evaluation = MonevEvaluation.objects.filter(agreement=agreement, period=period.key).first()
    report_url = (
        reverse("workspace:monev_period", args=[office.pk, period.key]) + f"#agreement-{agreement.pk}"
    )
    if request.method == "POST":
        form = MonevEvaluationForm(request.POST)
        if form.is_valid():
            texts = {name: form.cleaned_data[name] for name in ("obstacles", "recommendations", "follow_up")}
            try:
                monev_evaluation_save(
                    agreement=agreement,
                    period=period.key,
                    author=request.user,
                    version=form.cleaned_data["version"],
                    **texts,
                )
            except EvaluationConflict as conflict:
                evaluation = conflict.current
                # The person's own text stays in the form; the colleague's is shown beside it.
                form = MonevEvaluationForm({**texts, "version": evaluation.version if evaluation else 0})
                form.add_error(
                    None,
                    _(
                        "A colleague saved this evaluation after you opened it. Their text is shown below; "
                        "yours is still in the form. Save again to replace theirs."
                    ),
                )
            else:
                messages.success(request, _("The evaluation is saved."))
                return redirect(report_url)
        status = 400
    elif (typed := typed_form(request)) is not None:
        # Sent as the login ran out: what was typed, against the version seen then.
        form, status = MonevEvaluationForm(typed), 200
    else:
        initial = {"version": evaluation.version if evaluation else 0}
        if evaluation:
            initial.update(
                obstacles=evaluation.obstacles,
                recommendations=evaluation.recommendations,
                follow_up=evaluation.follow_up,
            )
        form = MonevEvaluationForm(initial=initial)
        status = 200
    context = {
        "form": form,
        "agreement": agreement,
        "office": office,
        "period": period,
        "evaluation": evaluation,
        "report_url": report_url,
    }
    return render(request, "workspace/monev_evaluation_form.html", context, status=status)
