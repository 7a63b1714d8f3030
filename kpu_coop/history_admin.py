from django.db.models import ForeignKey
from simple_history.admin import SimpleHistoryAdmin

from kpu_coop.admin_conflicts import EditConflictAdminMixin


class HistoryAdmin(EditConflictAdminMixin, SimpleHistoryAdmin):
    """SimpleHistoryAdmin without the field-less select_related() that Django 6.1 deprecates, whose change
    forms refuse to save over what someone else saved after they were opened (kpu_coop/admin_conflicts.py)."""

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        queryset = history_manager.filter(**{pk_name: object_id}).select_related("history_user")
        tracked = history_manager.model.tracked_fields
        foreign_keys = [field.name for field in tracked if isinstance(field, ForeignKey)]
        return queryset.select_related(*foreign_keys) if foreign_keys else queryset
