from django.contrib import admin

from agencies.offices import (
    election_office_filter,
    election_offices_usable_by,
    election_offices_visible_to,
    keeps_records_of,
)
from agreements.admin.scoping import ElectionListFilter, OfficeScopedAdmin
from agreements.models import Election, ElectionStage, FocusArea
from kpu_coop.admin_choices import ListedChoicesAdmin, SharedChoicesInline
from kpu_coop.admin_filters import ShortRelatedOnlyFilter
from kpu_coop.history_admin import HistoryAdmin


@admin.register(FocusArea)
class FocusAreaAdmin(HistoryAdmin):
    # Order is edited on the change form, which refuses a stale save (list_editable has no such check).
    list_display = ["name", "name_en", "order"]
    search_fields = ["name", "name_en", "description"]
    prepopulated_fields = {"slug": ["name"]}


class ElectionScopedAdmin(OfficeScopedAdmin):
    """OfficeScopedAdmin for elections: the national elections and those of offices above are read too
    (deadlines follow their stages); only the organising office's staff change them (agencies.offices)."""

    def get_queryset(self, request):
        # Not OfficeScopedAdmin's filter (own offices and below): the wider one of elections.
        queryset = super(OfficeScopedAdmin, self).get_queryset(request)
        return queryset.filter(election_office_filter(request.user, self.office_path))

    def reads(self, user, obj):
        visible = election_offices_visible_to(user)
        return visible is None or self.office_id_of(obj) in visible


class ElectionStageInline(SharedChoicesInline, admin.TabularInline):
    model = ElectionStage
    fields = ["order", "name", "name_en", "start_date", "end_date"]
    # Without JavaScript no row can be added here: a new election offers blank rows; a saved one adds
    # stages from its own "add election stage" page rather than showing empty rows on every edit.
    extra_for_new_election = 8

    def get_extra(self, request, obj=None, **kwargs):
        return self.extra_for_new_election if obj is None else 0

    def get_queryset(self, request):
        # Each row is titled with its election and office (ElectionStage.__str__).
        return super().get_queryset(request).select_related("election__office")

    # The parent election's office decides: its stages move only by its own staff.
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self.keeps(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.keeps(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.keeps(request, obj)

    def keeps(self, request, election):
        return election is None or keeps_records_of(request.user, election.office_id)


@admin.register(Election)
class ElectionAdmin(ListedChoicesAdmin, ElectionScopedAdmin, HistoryAdmin):
    list_display = ["name", "name_en", "office", "kind", "voting_day", "template_for"]
    list_filter = ["kind", ("office", ShortRelatedOnlyFilter), "template_for"]
    list_select_related = ["office"]
    search_fields = ["name", "name_en", "legal_basis"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["office"]
    inlines = [ElectionStageInline]
    owner_fields = {"office": "pk"}


@admin.register(ElectionStage)
class ElectionStageAdmin(ElectionScopedAdmin, HistoryAdmin):
    office_path = "election__office"
    owner_fields = {"election": "office"}
    list_display = ["name", "election", "order", "start_date", "end_date"]
    list_filter = [("election", ElectionListFilter)]
    list_select_related = ["election__office"]
    search_fields = ["name", "name_en", "election__name"]
    ordering = ["election", "order"]
    date_hierarchy = "end_date"

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Each result names its election and, for a regional one, the office (ElectionStage.__str__).
        queryset = queryset.select_related("election__office")
        if request.GET.get("field_name") == "due_stage":
            # A deadline follows the stages of its own office's elections or of an office above it.
            usable = election_offices_usable_by(request.user)
            queryset = queryset if usable is None else queryset.filter(election__office__in=usable)
        return queryset, may_have_duplicates
