import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from agencies.offices import staff_scope
from agencies.roles import agencies_acted_for
from agencies.web_addresses import validate_web_address_lines
from agreements.models.history import RecoverableHistory
from agreements.uploads import file_sha256, random_storage_name, validate_upload

EVIDENCE_MAX_BYTES = 10_000_000
EVIDENCE_MAX_FILES = 10
# Set from the extension, which validate_upload has matched against the content; never from the browser.
EVIDENCE_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


class ProgressReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reports on commitments whose internals the user may see; the rule lives with Commitment. A
        liaison's are the ones their agency filed: a commitment handed to another agency leaves its reports
        and evidence with the agency that wrote them."""
        from agreements.models.commitments import internals_visible_q

        return self.filter(internals_visible_q(user, path="commitment__", agency="agency_id"))

    def verifiable_by(self, user):
        """Reports ``user`` may accept or return: on their own offices' commitments (never a province's on a
        regency's); whether they filed it themselves is checked when they review (services_reports). The
        same scope as ``Commitment.objects.editable_by``, on the report's own path: for a superuser no
        condition at all, where an IN over every commitment cost each staff page 30-44 ms nationally.
        Never reports on an agency the user is a member of (``agencies.roles.reports_of_own_agency``)."""
        reports = staff_scope(self, user, "commitment__agreement__office", editable=True)
        own_agencies = agencies_acted_for(user) if getattr(user, "is_kpu_staff", False) else None
        if not own_agencies:
            return reports
        return reports.exclude(agency__in=own_agencies).exclude(commitment__responsible__in=own_agencies)

    def awaiting_review(self):
        return self.filter(status=ProgressReport.Status.SUBMITTED)


class ProgressReport(models.Model):
    """What an agency says it did on a commitment, with evidence, until KPU staff accept or return it."""

    # The values match Commitment.Status so that accepting a report can copy its claim.
    class Claim(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        BLOCKED = "blocked", _("Blocked")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting review")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    commitment = models.ForeignKey(
        "agreements.Commitment",
        verbose_name=_("commitment"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    # The commitment's responsible organisation when the report was filed: its members never verify the
    # report, wherever the commitment moves later (agencies.roles.reports_of_own_agency).
    agency = models.ForeignKey(
        "agencies.Organisation",
        verbose_name=_("reporting organisation"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    summary = models.TextField(_("summary"))
    claim = models.CharField(_("claim"), max_length=16, choices=Claim)
    blocked_reason = models.TextField(_("why it is blocked"), blank=True)
    links = models.TextField(
        _("links"),
        blank=True,
        help_text=_("One web address per line."),
        validators=[validate_web_address_lines],
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.SUBMITTED, editable=False
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_reports",
        editable=False,
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    review_comment = models.TextField(_("KPU's comment"), blank=True, editable=False)
    # Raised by every review so that a decision taken on a stale page is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = RecoverableHistory()

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="report_status_submitted_idx"),
            # The admin's list, newest first: with 200,000 reports, it sorted them all (557 ms).
            models.Index(fields=["submitted_at", "id"], name="report_submitted_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(claim="blocked", blocked_reason=""),
                name="report_blocked_claim_has_reason",
                violation_error_message=_("Say why the commitment is blocked."),
            ),
            models.CheckConstraint(
                condition=Q(status="submitted") | Q(reviewer__isnull=False, reviewed_at__isnull=False),
                name="report_review_has_reviewer",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned", review_comment=""),
                name="report_return_has_comment",
            ),
            models.CheckConstraint(
                condition=~Q(reviewer=models.F("author")),
                name="report_reviewer_is_not_author",
                violation_error_message=_("A report is verified by someone other than its author."),
            ),
        ]

    def __str__(self):
        return _("Report on “%(commitment)s”, %(date)s") % {
            "commitment": self.commitment,
            "date": date_format(timezone.localtime(self.submitted_at).date()),
        }

    def save(self, *args, **kwargs):
        if self.agency_id is None:
            self.agency_id = self.commitment.responsible_id
        super().save(*args, **kwargs)

    @property
    def link_list(self):
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    @property
    def is_awaiting_review(self):
        return self.status == self.Status.SUBMITTED


def evidence_upload_to(evidence, filename):
    return random_storage_name("evidence", filename)


def validate_evidence(upload):
    validate_upload(upload, max_bytes=EVIDENCE_MAX_BYTES)
    # "C:report.pdf" survives Django's own clean-up of names but is still a (Windows) path.
    if ":" in upload.name:
        raise ValidationError(_("The file name must not contain a path."), code="path")


class EvidenceQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(report__in=ProgressReport.objects.visible_to(user))

    def uploaded_by(self, user, *, since):
        return self.filter(report__author=user, uploaded_at__gte=since)

    def of_agency(self, organisation_id):
        """Evidence on the commitments an organisation is responsible for: what counts against its quota."""
        return self.filter(report__commitment__responsible_id=organisation_id)

    def total_size(self):
        return self.aggregate(total=models.Sum("size"))["total"] or 0


class Evidence(models.Model):
    """A file backing a progress report, kept in private storage under a random name."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(
        _("file"), upload_to=evidence_upload_to, max_length=200, validators=[validate_evidence]
    )
    original_name = models.CharField(_("original file name"), max_length=200, editable=False)
    content_type = models.CharField(_("content type"), max_length=64, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = RecoverableHistory()

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["report", "pk"]

    def __str__(self):
        return self.original_name

    def save(self, *args, **kwargs):
        # A new file has not been committed to storage yet: record its facts first.
        if self.file and not self.file._committed:
            self.original_name = self.file.name
            self.content_type = EVIDENCE_CONTENT_TYPES[os.path.splitext(self.file.name)[1].lower()]
            self.size = self.file.size
            self.sha256 = file_sha256(self.file)
        super().save(*args, **kwargs)
