from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from agreements.admin.scoping import OfficeScopedAdmin
from agreements.models import Commitment, CommitmentAssignment
from kpu_coop.history_admin import HistoryAdmin


class CommitmentAssignmentInline(admin.TabularInline):
    model = CommitmentAssignment
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "assigned_at"]
    readonly_fields = ["assigned_at"]
    verbose_name = _("assigned liaison")
    verbose_name_plural = _("assigned liaisons (members of the responsible organisation)")


@admin.register(Commitment)
class CommitmentAdmin(OfficeScopedAdmin, HistoryAdmin):
    office_path = "agreement__office"
    owner_fields = {"agreement": "office"}
    list_display = [
        "title",
        "agreement",
        "responsible",
        "focus_area",
        "due_on",
        "status",
        "weight",
        "is_not_applicable",
        "is_example",
    ]
    list_filter = [
        "status",
        "is_not_applicable",
        "focus_area",
        "due_kind",
        ("responsible", admin.RelatedOnlyFieldListFilter),
        "due_stage__election",
    ]
    list_select_related = ["agreement", "responsible", "focus_area"]
    search_fields = ["title", "description", "agreement__title", "responsible__short_name"]
    autocomplete_fields = ["agreement", "responsible", "focus_area", "due_stage"]
    date_hierarchy = "due_on"
    readonly_fields = ["due_on", "status", "status_changed_at", "created_at", "updated_at"]
    inlines = [CommitmentAssignmentInline]
    fieldsets = [
        (None, {"fields": ["agreement", "responsible", "focus_area", "title", "description", "is_example"]}),
        (
            None,
            {"fields": [("due_kind", "due_date"), ("due_stage", "due_anchor", "due_offset_days"), "due_on"]},
        ),
        (None, {"fields": [("weight", "order"), ("is_not_applicable", "not_applicable_reason")]}),
        (None, {"fields": [("status", "status_changed_at"), ("created_at", "updated_at")]}),
    ]
