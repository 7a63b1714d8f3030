"""The report workflow's records in the admin: staff read reports, evidence and reminders here.

The models live in agreements (the domain); their admin is the portal's, since it links to the portal's
pages (the evidence download, "View on site") and the portal is where the workflow changes them.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from agencies.admin import UserChoicesMixin
from agreements.admin.scoping import OfficeScopedAdmin
from agreements.models import CommitmentAssignment, Evidence, ProgressReport, ReminderLog
from kpu_coop.admin_choices import ListedChoicesAdmin
from kpu_coop.admin_filters import ShortRelatedOnlyFilter
from kpu_coop.history_admin import HistoryAdmin


class ReadOnlyAdminMixin:
    """Made by the portal's workflow: staff read them and their history here, but change them there."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # django-simple-history's revert page builds a form whatever the permissions: make nothing editable.
        return [*self.readonly_fields, *(field.name for field in self.model._meta.fields)]


class EvidenceInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["download", "content_type", "size", "sha256", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, evidence):
        return format_html('<a href="{}">{}</a>', reverse("portal:evidence", args=[evidence.pk]), evidence)


@admin.register(ProgressReport)
class ProgressReportAdmin(OfficeScopedAdmin, ReadOnlyAdminMixin, HistoryAdmin):
    office_path = "commitment__agreement__office"
    list_display = ["commitment", "responsible", "claim", "status", "author", "submitted_at", "reviewer"]
    # By submission date from a fixed list (today, the past week, this month, this year): a date hierarchy
    # reads every report's year first (75 ms over 200,000 reports).
    list_filter = [
        "status",
        "claim",
        ("submitted_at", admin.DateFieldListFilter),
        ("commitment__responsible", ShortRelatedOnlyFilter),
    ]
    list_select_related = ["commitment__responsible", "author", "reviewer"]
    search_fields = ["summary", "review_comment", "commitment__title", "author__username"]
    # Counted once, with the filters: a second count of every report only to print the total cost 9-14 ms.
    show_full_result_count = False
    inlines = [EvidenceInline]
    fields = [
        "commitment",
        ("author", "submitted_at"),
        ("claim", "status"),
        "summary",
        "blocked_reason",
        "links",
        ("reviewer", "reviewed_at"),
        "review_comment",
        "version",
    ]

    def view_on_site(self, report):
        return reverse("portal:report", args=[report.pk])

    @admin.display(description=_("agency"), ordering="commitment__responsible__short_name")
    def responsible(self, report):
        return report.commitment.responsible


@admin.register(Evidence)
class EvidenceAdmin(OfficeScopedAdmin, ReadOnlyAdminMixin, HistoryAdmin):
    office_path = "report__commitment__agreement__office"
    list_display = ["original_name", "report", "content_type", "size", "uploaded_at"]
    list_select_related = ["report__commitment"]
    search_fields = ["original_name", "sha256", "report__commitment__title"]

    def view_on_site(self, evidence):
        return reverse("portal:evidence", args=[evidence.pk])


@admin.register(CommitmentAssignment)
class CommitmentAssignmentAdmin(UserChoicesMixin, ListedChoicesAdmin, OfficeScopedAdmin, HistoryAdmin):
    office_path = "commitment__agreement__office"
    owner_fields = {"commitment": "agreement__office"}
    list_display = ["commitment", "user", "assigned_at"]
    list_filter = [("commitment__responsible", ShortRelatedOnlyFilter)]
    list_select_related = ["commitment", "user"]
    search_fields = ["commitment__title", "user__username"]
    autocomplete_fields = ["commitment", "user"]


@admin.register(ReminderLog)
class ReminderLogAdmin(OfficeScopedAdmin, ReadOnlyAdminMixin, admin.ModelAdmin):
    office_path = "commitment__agreement__office"
    list_display = ["commitment", "recipient", "threshold", "due_on", "sent_at"]
    list_filter = ["threshold"]
    list_select_related = ["commitment", "recipient"]
    # Not by email: a recipient may be another office's agency's liaison, whose address is not theirs to test.
    search_fields = ["commitment__title", "recipient__username"]
    date_hierarchy = "sent_at"
