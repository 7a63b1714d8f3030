from django.contrib import admin

from agreements.models import Election, ElectionStage, FocusArea
from kpu_coop.history_admin import HistoryAdmin


@admin.register(FocusArea)
class FocusAreaAdmin(HistoryAdmin):
    list_display = ["name", "name_en", "order"]
    list_editable = ["order"]
    search_fields = ["name", "name_en", "description"]
    prepopulated_fields = {"slug": ["name"]}


class ElectionStageInline(admin.TabularInline):
    model = ElectionStage
    extra = 0
    fields = ["order", "name", "name_en", "start_date", "end_date"]


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
