from django.contrib import admin

from agreements.models import Election, ElectionStage, FocusArea
from kpu_coop.history_admin import HistoryAdmin


@admin.register(FocusArea)
class FocusAreaAdmin(HistoryAdmin):
    # Order is edited on the change form, which refuses a stale save (list_editable has no such check).
    list_display = ["name", "name_en", "order"]
    search_fields = ["name", "name_en", "description"]
    prepopulated_fields = {"slug": ["name"]}


class ElectionStageInline(admin.TabularInline):
    model = ElectionStage
    fields = ["order", "name", "name_en", "start_date", "end_date"]
    # Without JavaScript no row can be added here: a new election offers blank rows; a saved one adds
    # stages from its own "add election stage" page rather than showing empty rows on every edit.
    extra_for_new_election = 8

    def get_extra(self, request, obj=None, **kwargs):
        return self.extra_for_new_election if obj is None else 0


@admin.register(Election)
class ElectionAdmin(HistoryAdmin):
    list_display = ["name", "name_en", "kind", "voting_day", "legal_basis"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en", "legal_basis"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ElectionStageInline]


@admin.register(ElectionStage)
class ElectionStageAdmin(HistoryAdmin):
    list_display = ["name", "election", "order", "start_date", "end_date"]
    list_filter = ["election"]
    list_select_related = ["election"]
    search_fields = ["name", "name_en", "election__name"]
    ordering = ["election", "order"]
    date_hierarchy = "end_date"
