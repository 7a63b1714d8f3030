"""The admin seen through the user's offices (agencies.offices): one mixin for every record an office owns.

Lists and change pages show the records of the offices the user reads (their own and those below); any other
record is not found (404), as on every other page. Records of offices below theirs open read-only; only their
own offices' records can be changed, deleted or chosen as the parent of a new one.
"""

from dataclasses import replace
from functools import wraps

from django.contrib import admin
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.http import Http404

from agencies.offices import (
    election_offices_usable_by,
    keeps_records_of,
    office_filter,
    offices_editable_by,
    offices_visible_to,
)
from agreements.models import Election, ElectionStage
from kpu_coop.admin_choices import list_only
from kpu_coop.admin_filters import ShortListMixin


class ElectionListFilter(ShortListMixin, admin.RelatedFieldListFilter):
    """A changelist's election filter, offering only the elections the user reads (office scope), each
    regional one with its office (several offices hold a "Pilkada 2024")."""

    def field_admin_ordering(self, field, request, model_admin):
        return super().field_admin_ordering(field, request, model_admin) or ("voting_day", "name")

    def choice_records(self, field, request, model_admin):
        return Election.objects.visible_to(request.user).select_related("office")

    def choice_label(self, election):
        return election.name_with_office


class StageLabelsMixin:
    """A ``due_stage`` chooser whose chosen stage reads with its election and office (ElectionStage.__str__)
    in the one query the autocomplete widget makes for it, not three, and which lists, without JavaScript,
    the stages its search finds (ElectionStageAdmin.get_search_results): those a deadline may follow."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name != "due_stage":
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        kwargs.setdefault("queryset", ElectionStage.objects.select_related("election__office"))
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        usable = election_offices_usable_by(request.user)
        return field if usable is None else list_only(field, Q(election__office__in=usable))


class OfficeScopedAdmin:
    # The path from the model to the office that owns it, in the ORM's double-underscore form.
    office_path = "office"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(office_filter(request.user, self.office_path))

    def office_id_of(self, obj):
        *hops, last = self.office_path.split("__")
        for hop in hops:
            obj = getattr(obj, hop)
        return getattr(obj, f"{last}_id")

    def reads(self, user, obj):
        """Whether ``obj`` (live, or rebuilt from its history) belongs to an office ``user`` reads."""
        visible = offices_visible_to(user)
        if visible is None:
            return True
        try:
            return self.office_id_of(obj) in visible
        except ObjectDoesNotExist:
            # Its agreement is deleted too: only the installation's superusers follow such a trail.
            return False

    def has_view_history_or_change_history_permission(self, request, obj=None):
        # The history pages rebuild deleted records from their history, past get_queryset: check here.
        if obj is not None and not self.reads(request.user, self.record_as_now(obj.pk)):
            raise Http404
        return super().has_view_history_or_change_history_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or keeps_records_of(request.user, self.office_id_of(obj)))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or keeps_records_of(request.user, self.office_id_of(obj)))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.name in self.owner_fields:
            # A new or moved record may hang only under what the user may change.
            path = self.owner_fields[db_field.name]
            field.queryset = field.queryset.filter(office_filter(request.user, path, editable=True))
        return field

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        own = offices_editable_by(request.user)
        if "office" in self.owner_fields and own is not None and len(own) == 1:
            # Staff of one office (the usual case) need not pick it.
            initial.setdefault("office", next(iter(own)))
        return initial

    # Foreign keys that choose the owner, and the path from the chosen record to its office.
    owner_fields = {}
    # Actions that only read (exports): they may take what the user reads; every other action only takes
    # the selected records the user may change.
    reading_actions = frozenset({"export_selected_csv", "export_selected_xlsx"})

    def get_action(self, action, *args, **kwargs):
        found = super().get_action(action, *args, **kwargs)
        if found is None or found.name in self.reading_actions:
            return found
        func, path = found.func, self.office_path

        @wraps(func)
        def on_own_records(modeladmin, request, queryset):
            own = queryset.filter(office_filter(request.user, path, editable=True))
            return func(modeladmin, request, own)

        return replace(found, func=on_own_records)
