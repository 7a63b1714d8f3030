from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from agencies.admin import OrganisationChoicesMixin, UserChoicesMixin
from agreements.admin.scoping import ElectionListFilter, OfficeScopedAdmin, StageLabelsMixin
from agreements.deadlines import DUE_WINDOWS, due_window_choices
from agreements.models import Commitment, CommitmentAssignment, DueDateChange
from agreements.models.assignments import ActiveMembers
from agreements.services_timeliness import NotCarriedOutError, commitment_mark_not_carried_out
from kpu_coop.admin_choices import ListedChoicesAdmin, SharedChoicesInline
from kpu_coop.admin_filters import ShortRelatedOnlyFilter
from kpu_coop.history_admin import HistoryAdmin
from kpu_coop.record_ids import submitted_record_ids

# A stage move is recorded by the stage itself (agreements.stage_moves), never chosen by hand.
HAND_REASONS = [
    (reason.value, reason.label)
    for reason in DueDateChange.Reason
    if reason != DueDateChange.Reason.STAGE_MOVE
]


class AssignmentFormSet(BaseInlineFormSet):
    def full_clean(self):
        if self.is_bound:
            # Whether each row's liaison is an active member of the responsible agency, asked once for all.
            members = ActiveMembers(submitted_record_ids(self.forms, "user"))
            for form in self.forms:
                form.instance.active_members = members
        super().full_clean()


class CommitmentAssignmentInline(UserChoicesMixin, SharedChoicesInline, admin.TabularInline):
    model = CommitmentAssignment
    formset = AssignmentFormSet
    # A blank row: without JavaScript there is no "add another" link to give one.
    extra = 1
    autocomplete_fields = ["user"]
    fields = ["user", "assigned_at"]
    readonly_fields = ["assigned_at"]
    verbose_name = _("assigned liaison")
    verbose_name_plural = _("assigned liaisons (members of the responsible organisation)")

    def get_queryset(self, request):
        # Each row is titled with its liaison and commitment (CommitmentAssignment.__str__).
        return super().get_queryset(request).select_related("user", "commitment")


class DueDateChangeInline(admin.TabularInline):
    """The due date's moves: history, shown and never edited."""

    model = DueDateChange
    extra = 0
    fields = ["changed_at", "old_due_on", "new_due_on", "reason", "explained_note", "changed_by"]
    readonly_fields = fields
    can_delete = False
    template = "admin/edit_inline/tabular_history.html"

    @admin.display(description=_("note"))
    def explained_note(self, change):
        # The system's explanation in the admin's language, then what a person typed.
        return change.explained_note

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CommitmentForm(forms.ModelForm):
    """The admin's fields (ModelAdmin.fieldsets) and the reason for a due-date move it records."""

    due_change_reason = forms.ChoiceField(
        label=_("Why the due date changes"),
        choices=HAND_REASONS,
        initial=DueDateChange.Reason.CORRECTION,
        required=False,
        help_text=_("Recorded, with the note, when this save moves the due date; shown on the public page."),
    )
    due_change_note = forms.CharField(label=_("Note on the change"), max_length=300, required=False)


class DueFilter(admin.SimpleListFilter):
    """By due date in the task list's windows (agreements.deadlines): overdue, due within a week or a month,
    or without one. Not a date hierarchy, which read every commitment's year first (35-95 ms over 100,000)."""

    title = _("due")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return due_window_choices()

    def queryset(self, request, queryset):
        return queryset.due_in(self.value()) if self.value() in DUE_WINDOWS else queryset


class NotCarriedOutActionForm(ActionForm):
    reason = forms.CharField(label=_("Reason (for “not carried out”)"), max_length=300, required=False)


@admin.register(Commitment)
class CommitmentAdmin(
    OrganisationChoicesMixin, ListedChoicesAdmin, StageLabelsMixin, OfficeScopedAdmin, HistoryAdmin
):
    office_path = "agreement__office"
    owner_fields = {"agreement": "office"}
    form = CommitmentForm
    action_form = NotCarriedOutActionForm
    actions = ["mark_not_carried_out"]
    list_display = [
        "title",
        "agreement",
        "responsible",
        "focus_area",
        "due_on",
        "status",
        "verified_on",
        "weight",
        "is_not_applicable",
        "is_example",
    ]
    list_filter = [
        "status",
        "is_not_applicable",
        DueFilter,
        "focus_area",
        "due_kind",
        ("responsible", ShortRelatedOnlyFilter),
        ("due_stage__election", ElectionListFilter),
    ]
    list_select_related = ["agreement", "responsible", "focus_area"]
    # The newest agreements' first, each in its own order: read from the agreement index. The model's order
    # sorts by the agreement's date and title, which sorted every commitment of the list (370 ms nationally).
    ordering = ["-agreement_id", "order", "pk"]
    show_full_result_count = False  # as ProgressReportAdmin's: one count of 100,000 commitments is enough
    search_fields = ["title", "description", "agreement__title", "responsible__short_name"]
    autocomplete_fields = ["agreement", "responsible", "focus_area", "due_stage"]
    readonly_fields = [
        "due_on",
        "original_due_on",
        "status",
        "status_changed_at",
        "verified_on",
        "not_carried_out_reason",
        "created_at",
        "updated_at",
    ]
    inlines = [CommitmentAssignmentInline, DueDateChangeInline]
    fieldsets = [
        (None, {"fields": ["agreement", "responsible", "focus_area", "title", "description", "is_example"]}),
        (
            None,
            {
                "fields": [
                    ("due_kind", "due_date"),
                    ("due_stage", "due_anchor", "due_offset_days"),
                    ("due_on", "original_due_on"),
                    ("due_change_reason", "due_change_note"),
                ]
            },
        ),
        (None, {"fields": [("weight", "order"), ("is_not_applicable", "not_applicable_reason")]}),
        (
            None,
            {
                "fields": [
                    ("status", "status_changed_at"),
                    ("verified_on", "not_carried_out_reason"),
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        # The model records the move on save (DueDateChange.record) with the reason given here.
        obj.due_change_reason = form.cleaned_data.get("due_change_reason")
        obj.due_change_note = form.cleaned_data.get("due_change_note", "")
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Mark the selected commitments as not carried out"))
    def mark_not_carried_out(self, request, queryset):
        reason = request.POST.get("reason", "")
        marked, refused = 0, []
        for commitment in queryset:
            try:
                marked += commitment_mark_not_carried_out(
                    commitment=commitment, reason=reason, user=request.user
                )
            except NotCarriedOutError as error:
                refused.append(str(error))
        if marked:
            self.message_user(
                request,
                ngettext(
                    "%d commitment marked as not carried out.",
                    "%d commitments marked as not carried out.",
                    marked,
                )
                % marked,
                messages.SUCCESS,
            )
        for message in dict.fromkeys(refused):
            self.message_user(request, message, messages.ERROR)
