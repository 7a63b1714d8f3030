"""The report → verify workflow: an agency reports on a commitment, KPU staff accept or return the report.

Each step keeps a history entry naming who did it, and only an accepted report changes a commitment's status.
These services send no email and render no template: telling people is the portal's job
(portal.notifications).
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from agencies.models import Organisation, User
from agencies.roles import can_verify_reports
from agreements.models import Agreement, Commitment, Evidence, ProgressReport
from agreements.models.commitments import reports_on
from agreements.models.reports import EVIDENCE_MAX_FILES, validate_evidence
from kpu_coop.deadlocks import retry_on_deadlock


class ReportError(Exception):
    """A report action that was refused; ``message`` tells the person who tried why."""

    def __init__(self, message, *, code=None):
        super().__init__(message)
        self.message = message
        self.code = code


class ReportRejected(ReportError):
    pass


class UploadLimitReached(ReportRejected):
    """The files would take the author over the upload rate limit or the agency over its storage quota.

    ``retry_at`` is when the same files would fit under the rate limit (None when waiting does not help).
    """

    def __init__(self, message, *, code, retry_at=None):
        super().__init__(message, code=code)
        self.retry_at = retry_at


class ReportConflict(ReportError):
    """Someone else acted first; ``current`` is the record as they left it."""

    def __init__(self, message, *, current):
        super().__init__(message, code="conflict")
        self.current = current


def locked_with_agreement(pk):
    """Commitment ``pk`` with its agreement, both locked, the agreement first as the admin and the other
    services take them: the report and commitment saved next name the office the agreement has when this
    transaction commits, even when a colleague moves it meanwhile, so that office's cached pages are the ones
    refreshed (kpu_coop.invalidation)."""
    agreement_id = Commitment.objects.values_list("agreement_id", flat=True).get(pk=pk)
    Agreement.objects.select_for_update().filter(pk=agreement_id).exists()
    return Commitment.objects.select_for_update(of=("self",)).select_related("agreement").get(pk=pk)


@transaction.atomic
def report_submit(
    *, commitment, author, summary, claim, blocked_reason="", links="", files=(), last_report_id=None
):
    """Record a report and its evidence files.

    ``last_report_id`` is the newest report on the commitment when the author opened the form (0: none);
    when given and another report arrived since, nothing is saved and ReportConflict says whose it is; if that
    report is this one (the author's, word for word), it was sent twice, and the first is returned.
    """
    if not Commitment.objects.internals_visible_to(author).filter(pk=commitment.pk).exists():
        raise PermissionDenied
    commitment = locked_with_agreement(commitment.pk)
    if not reports_on(author, commitment):
        raise PermissionDenied
    if commitment.is_done:
        raise ReportRejected(
            _("This commitment is already verified as done: it needs no further report."), code="done"
        )
    if commitment.is_not_applicable:
        raise ReportRejected(_("This commitment is marked as not applicable."), code="not_applicable")
    if commitment.is_not_carried_out:
        raise ReportRejected(
            _("This commitment is marked as not carried out: it takes no more reports."),
            code="not_carried_out",
        )
    newest = commitment.reports.select_related("author").order_by("-pk").first()
    # Only a report sent after the form was opened is news; one deleted since then leaves nothing to read.
    if last_report_id is not None and newest is not None and newest.pk > last_report_id:
        if (newest.author_id, newest.summary, newest.claim) == (author.pk, summary.strip(), claim):
            # The same form sent twice (a double click, a page sent again): the first one stands.
            return newest
        raise ReportConflict(
            _(
                "%(name)s sent a report on this commitment while you were writing yours. "
                "Read it below, then send yours if it is still needed."
            )
            % {"name": newest.author.display_name},
            current=newest,
        )
    if claim not in ProgressReport.Claim.values:
        raise ReportRejected(_("Choose what the report claims."), code="claim")
    summary, blocked_reason = summary.strip(), blocked_reason.strip()
    if not summary:
        raise ReportRejected(_("Write what was done: the report is empty."), code="empty")
    if claim == ProgressReport.Claim.BLOCKED and not blocked_reason:
        raise ReportRejected(_("Say why the commitment is blocked."), code="blocked_reason")
    if len(files) > EVIDENCE_MAX_FILES:
        raise ReportRejected(
            _("At most %(count)d files can be attached to a report.") % {"count": EVIDENCE_MAX_FILES},
            code="too_many_files",
        )
    if files:
        check_upload_limits(author=author, agency_id=commitment.responsible_id, files=files)

    report = ProgressReport(
        commitment=commitment,
        author=author,
        summary=summary,
        claim=claim,
        blocked_reason=blocked_reason if claim == ProgressReport.Claim.BLOCKED else "",
        links=links.strip(),
    )
    report._history_user = author
    report.save()
    stored = []
    try:
        for upload in files:
            # Checked again here so that no caller can store an unchecked file.
            validate_evidence(upload)
            evidence = Evidence(report=report, file=upload)
            evidence._history_user = author
            evidence.save()
            stored.append(evidence.file.name)
    except BaseException:
        # The database rolls back on its own; files written to storage must be removed by hand.
        for name in stored:
            Evidence.file.field.storage.delete(name)
        raise
    return report


def check_upload_limits(*, author, agency_id, files):
    """Refuse files that would take the author over the rate limit or the agency over its quota.

    Call inside the transaction that stores the files: the author's and the agency's rows stay locked until
    it ends, so two uploads at once are counted one after the other, on every worker.
    """
    Organisation.objects.select_for_update().filter(pk=agency_id).first()
    User.objects.select_for_update().filter(pk=author.pk).first()
    incoming = sum(upload.size for upload in files)
    _check_rate_limit(author, incoming)
    quota = settings.AGENCY_STORAGE_QUOTA_MB * MB
    used = Evidence.objects.of_agency(agency_id).total_size()
    if used + incoming > quota:
        raise UploadLimitReached(
            _(
                "Your agency's storage for evidence is full: %(used)s MB of %(quota)s MB is used and these "
                "files need %(size)s MB. Ask KPU to make room, or send the report without the files."
            )
            % {"used": megabytes(used), "quota": megabytes(quota), "size": megabytes(incoming)},
            code="quota",
        )


MB = 1_000_000


def _check_rate_limit(author, incoming):
    limit = settings.UPLOAD_RATE_LIMIT_BYTES
    window = timedelta(minutes=settings.UPLOAD_RATE_WINDOW_MINUTES)
    values = {"limit": megabytes(limit), "minutes": settings.UPLOAD_RATE_WINDOW_MINUTES}
    if incoming > limit:
        raise UploadLimitReached(
            _(
                "These files are %(size)s MB together, more than the %(limit)s MB anyone may upload in "
                "%(minutes)d minutes: send them in several reports."
            )
            % {**values, "size": megabytes(incoming)},
            code="rate_limit",
        )
    now = timezone.now()
    recent = Evidence.objects.uploaded_by(author, since=now - window)
    used = recent.total_size()
    if used + incoming <= limit:
        return
    # The files fit once enough of the recent uploads have left the window.
    left, retry_at = used, now + window
    for uploaded_at, size in recent.order_by("uploaded_at").values_list("uploaded_at", "size"):
        left -= size
        if left + incoming <= limit:
            retry_at = uploaded_at + window
            break
    # Shown to the minute: rounded up, so that trying at the time shown works.
    if retry_at != retry_at.replace(second=0, microsecond=0):
        retry_at = retry_at.replace(second=0, microsecond=0) + timedelta(minutes=1)
    local = timezone.localtime(retry_at)
    same_day = local.date() == timezone.localdate(now)
    raise UploadLimitReached(
        _(
            "You have uploaded %(used)s MB in the last %(minutes)d minutes, and at most %(limit)s MB is "
            "allowed. You can send these files from %(time)s, or send the report now without them."
        )
        % {
            **values,
            "used": megabytes(used),
            "time": date_format(local, "TIME_FORMAT" if same_day else "DATETIME_FORMAT"),
        },
        code="rate_limit",
        retry_at=retry_at,
    )


def megabytes(size):
    """A size in MB for people: whole when it is, else with one decimal, in the active language's format."""
    value = size / MB
    return number_format(value, decimal_pos=0 if value == int(value) else 1)


def report_accept(*, report, reviewer, version=None, comment=""):
    """Accept a submitted report: the commitment takes the status the report claims."""
    return _review(report=report, reviewer=reviewer, version=version, comment=comment, accept=True)


def report_return(*, report, reviewer, comment, version=None):
    """Send a report back to the agency with a comment saying what to change; the status stays."""
    return _review(report=report, reviewer=reviewer, version=version, comment=comment, accept=False)


@retry_on_deadlock
@transaction.atomic
def _review(*, report, reviewer, version, comment, accept):
    expected = report.version if version is None else version
    locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
    locked.commitment = locked_with_agreement(locked.commitment_id)
    # Decided on the rows as they are now, locked: the agreement may have moved office since the page showed.
    if not can_verify_reports(reviewer, locked):
        raise PermissionDenied
    if locked.version != expected or not locked.is_awaiting_review:
        raise ReportConflict(reviewed_elsewhere_message(locked), current=locked)
    # Four eyes: whoever filed a report (staff may, on an agency's behalf) never verifies it.
    if locked.author_id == reviewer.pk:
        raise ReportRejected(
            _("You filed this report yourself: another KPU staff member must verify it."), code="own_report"
        )
    comment = comment.strip()
    if not accept and not comment:
        raise ReportRejected(
            _("Say what the agency should change before returning the report."), code="comment"
        )
    commitment = locked.commitment
    if accept and commitment.is_not_carried_out:
        raise ReportRejected(
            _("The commitment is marked as not carried out; return this report instead of accepting it."),
            code="not_carried_out",
        )
    if accept and commitment.is_done and locked.claim != ProgressReport.Claim.DONE:
        raise ReportRejected(
            _("The commitment is already verified as done; return this report instead of accepting it."),
            code="done",
        )

    now = timezone.now()
    locked.status = ProgressReport.Status.ACCEPTED if accept else ProgressReport.Status.RETURNED
    locked.reviewer, locked.reviewed_at, locked.review_comment = reviewer, now, comment
    locked.version += 1
    locked._history_user = reviewer
    locked.save(update_fields=["status", "reviewer", "reviewed_at", "review_comment", "version"])
    if accept and commitment.status != locked.claim:
        commitment.status, commitment.status_changed_at = locked.claim, now
        # The day staff accepted the report that completed it: a public timeliness fact.
        commitment.verified_on = timezone.localdate(now) if commitment.is_done else None
        commitment._history_user = reviewer
        commitment.save(update_fields=["status", "status_changed_at", "verified_on", "updated_at"])
    return locked


def reviewed_elsewhere_message(report):
    if report.is_awaiting_review:
        return _("This report changed while you were reviewing it. Check it again.")
    values = {
        "name": report.reviewer.display_name,
        "time": date_format(timezone.localtime(report.reviewed_at), "DATETIME_FORMAT"),
    }
    if report.status == ProgressReport.Status.ACCEPTED:
        return _("%(name)s accepted this report at %(time)s while you were reviewing it.") % values
    return _("%(name)s returned this report at %(time)s while you were reviewing it.") % values
