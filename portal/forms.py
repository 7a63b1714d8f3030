from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from agencies.web_addresses import validate_web_address_lines, with_scheme
from agreements.deadlines import due_window_choices
from agreements.models import Commitment, ProgressReport
from agreements.models.reports import EVIDENCE_MAX_FILES, validate_evidence
from kpu_coop import pagination

MAX_LINKS = 20


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Several evidence files in one input; every file is checked and each error names its file."""

    widget = MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"})

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        if len(uploads) > EVIDENCE_MAX_FILES:
            raise ValidationError(
                ngettext(
                    "Attach at most %(max)d file; you chose %(count)d.",
                    "Attach at most %(max)d files; you chose %(count)d.",
                    EVIDENCE_MAX_FILES,
                )
                % {"max": EVIDENCE_MAX_FILES, "count": len(uploads)},
                code="too_many_files",
            )
        errors = []
        for upload in uploads:
            try:
                super().clean(upload, initial)
                validate_evidence(upload)
            except ValidationError as error:
                errors.extend(f"{upload.name}: {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return uploads


class ReportForm(forms.Form):
    summary = forms.CharField(
        label=_("What was done"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write what was done: the report is empty.")},
    )
    claim = forms.ChoiceField(
        label=_("Where the commitment stands"),
        choices=ProgressReport.Claim.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where the commitment stands.")},
    )
    blocked_reason = forms.CharField(
        label=_("If blocked: why, and what would unblock it"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    files = EvidenceFilesField(
        label=_("Evidence files"),
        required=False,
        help_text=_("PDF, JPEG or PNG; at most 10 MB each and 10 files per report."),
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Web addresses of published evidence, one per line."),
    )
    # The newest report the author had seen when the form opened (0: none); see report_submit.
    last_report = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def clean_links(self):
        lines = [
            with_scheme(line.strip()) for line in self.cleaned_data["links"].splitlines() if line.strip()
        ]
        if len(lines) > MAX_LINKS:
            raise ValidationError(_("Give at most %(max)d links.") % {"max": MAX_LINKS})
        links = "\n".join(lines)
        # The model's own rule, so that the form and every other way in say the same.
        validate_web_address_lines(links)
        return links

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("claim") == ProgressReport.Claim.BLOCKED and not cleaned.get("blocked_reason"):
            self.add_error("blocked_reason", _("Say why the commitment is blocked."))
        return cleaned


class ReviewForm(forms.Form):
    ACCEPT, RETURN = "accept", "return"

    comment = forms.CharField(
        label=_("Comment for the agency"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional when accepting; required when returning the report."),
    )
    decision = forms.ChoiceField(choices=[(ACCEPT, ACCEPT), (RETURN, RETURN)], widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not cleaned.get("comment"):
            self.add_error("comment", _("Say what the agency should change before returning the report."))
        return cleaned


class TaskFilterForm(forms.Form):
    """Filters for the task list; choices come from the caller so that no field queries on its own
    (``agreements`` as pairs of id and title, in title order). Past ``pagination.CHOICE_LIMIT`` agreements
    (KPU RI's staff read every office's: 9,500 options, a 1.3 MB page) the agreement is found by a part of
    its title instead."""

    MINE, ALL = "mine", "all"

    scope = forms.ChoiceField(choices=[(MINE, MINE), (ALL, ALL)], required=False, widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Commitment.Status.choices]
    )
    focus_area = forms.TypedChoiceField(label=_("Focus area"), required=False, coerce=int, empty_value=None)
    agreement = forms.TypedChoiceField(label=_("Agreement"), required=False, coerce=int, empty_value=None)
    due = forms.ChoiceField(label=_("Due"), required=False)
    # The agreement field's place when there are too many agreements to list.
    agreement_title = forms.CharField(label=_("Agreement title contains"), required=False, max_length=200)

    def __init__(self, data, *, focus_areas, agreements, default_scope):
        super().__init__(data)
        self.default_scope = default_scope
        self.fields["focus_area"].choices = [("", _("Any focus area"))] + [
            (area.pk, area.display_name) for area in focus_areas
        ]
        agreements = list(agreements[: pagination.CHOICE_LIMIT + 1])
        if len(agreements) > pagination.CHOICE_LIMIT:
            del self.fields["agreement"]
        else:
            self.fields["agreement"].choices = [("", _("Any agreement")), *agreements]
            del self.fields["agreement_title"]
        self.fields["due"].choices = [("", _("Any time")), *due_window_choices()]

    @property
    def agreement_filter(self):
        """The agreement's field on the page: a list of agreements, or a box for a part of a title."""
        return self["agreement" if "agreement" in self.fields else "agreement_title"]

    @property
    def chosen_scope(self):
        return self.scope_of(self.data, self.default_scope)

    @classmethod
    def scope_of(cls, params, default_scope):
        """The scope asked for, without building the form (the page heading needs it before the list)."""
        scope = params.get("scope")
        return scope if scope in (cls.MINE, cls.ALL) else default_scope

    def filter(self, commitments, *, user, today):
        """Apply the valid filters; an invalid one (only a hand-edited address has those) is ignored."""
        self.is_valid()
        data = self.cleaned_data
        if self.chosen_scope == self.MINE:
            commitments = commitments.filter(assignees=user)
        if data.get("status"):
            commitments = commitments.filter(status=data["status"])
        if data.get("focus_area"):
            commitments = commitments.filter(focus_area_id=data["focus_area"])
        if data.get("agreement"):
            commitments = commitments.filter(agreement_id=data["agreement"])
        if data.get("agreement_title"):
            commitments = commitments.filter(agreement__title__icontains=data["agreement_title"])
        if data.get("due"):
            commitments = commitments.due_in(data["due"], on=today)
        return commitments
