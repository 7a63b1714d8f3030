from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from agreements.models import Election, ElectionStage, FocusArea


@admin.register(FocusArea)
class FocusAreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_en", "order"]
    list_editable = ["order"]
    search_fields = ["name", "name_en", "description"]
    prepopulated_fields = {"slug": ["name"]}


class ElectionStageInline(admin.TabularInline):
    model = ElectionStage
    extra = 0
    fields = ["order", "name", "name_en", "start_date", "end_date"]


@admin.register(Election)
class ElectionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_en", "kind", "voting_day", "legal_basis"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en", "legal_basis"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ElectionStageInline]


@admin.register(ElectionStage)
class ElectionStageAdmin(SimpleHistoryAdmin):
    list_display = ["name", "election", "order", "start_date", "end_date"]
    list_filter = ["election"]
    list_select_related = ["election"]
    search_fields = ["name", "name_en", "election__name"]
    ordering = ["election", "order"]
    date_hierarchy = "end_date"
