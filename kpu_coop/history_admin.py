from collections import defaultdict
from datetime import date, datetime
from itertools import pairwise

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import ForeignKey
from django.http import Http404
from django.utils import formats, timezone
from django.utils.html import conditional_escape
from django.utils.text import Truncator
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject, ModelChange, ModelDelta
from simple_history.template_utils import HistoricalRecordContextHelper

from kpu_coop.admin_conflicts import EditConflictAdminMixin
from kpu_coop.admin_deletion import DeletionPreviewMixin
from kpu_coop.change_reasons import reason_text
from kpu_coop.record_ids import record_id

EMPTY = "—"


class ReadableChanges(HistoricalRecordContextHelper):
    """A history page's changes as the form shows them: choice labels, local dates, yes/no, "—" if empty."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if isinstance(value, list):
            return ", ".join(str(item) for item in value) or EMPTY
        if value is None or value == "":
            return EMPTY
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, datetime):
            return formats.localize(timezone.localtime(value))
        if isinstance(value, date):
            return formats.localize(value)
        return value

    def stringify_delta_change_values(self, change, old, new):
        limit = self.max_displayed_delta_change_chars
        return tuple(conditional_escape(Truncator(str(value)).chars(limit)) for value in (old, new))


def derived_changes(older, newer):
    """Changes to fields no form edits: simple-history compares editable fields only, but a commitment's due
    date (a stage move) and status (a verified report) change without a form, and the history page shows
    those changes too."""
    return [
        ModelChange(field.name, getattr(older, field.attname), getattr(newer, field.attname))
        for field in newer.tracked_fields
        if not (field.editable or field.primary_key or field.is_relation)
        and getattr(older, field.attname) != getattr(newer, field.attname)
    ]


class LinkedRows:
    """The links of a page of history records through one many-to-many field, read in one query, and the
    change between two of them as simple-history's ``diff_against`` gives it: the rows of the through table
    as dicts of its fields, ordered by the linked record."""

    def __init__(self, records, field, foreign_keys_are_objs):
        self.field_name = field.name
        self.foreign_keys_are_objs = foreign_keys_are_objs
        through = getattr(type(records[0]), field.name).model
        # The fields simple-history compares: not the row's own ids nor its history record.
        self.through_fields = [
            through_field
            for through_field in through._meta.fields
            if through_field.editable and through_field.name not in ("id", "m2m_history_id", "history")
        ]
        names = [through_field.name for through_field in self.through_fields]
        rows = (
            through._default_manager.filter(history_id__in=[record.history_id for record in records])
            .select_related(*names)
            .order_by("history_id", field.m2m_reverse_field_name())
        )
        self.rows = defaultdict(list)
        for row in rows:
            self.rows[row.history_id].append(row)

    def change(self, older, newer):
        """The ModelChange from ``older`` to ``newer``, or None when they link the same records."""
        old, new = self.rows[older.history_id], self.rows[newer.history_id]
        if [self.ids(row) for row in old] == [self.ids(row) for row in new]:
            return None
        return ModelChange(
            self.field_name, [self.values(row) for row in old], [self.values(row) for row in new]
        )

    def ids(self, row):
        return {field.name: getattr(row, field.attname) for field in self.through_fields}

    def values(self, row):
        if not self.foreign_keys_are_objs:
            return self.ids(row)
        return {field.name: self.linked(row, field) for field in self.through_fields}

    def linked(self, row, field):
        if not isinstance(field, ForeignKey):
            return getattr(row, field.attname)
        # A link to a record deleted since reads as simple-history names it ("Deleted election (pk=3)").
        return getattr(row, field.name) or DeletedObject(field.related_model, getattr(row, field.attname))


class HistoryAdmin(DeletionPreviewMixin, EditConflictAdminMixin, SimpleHistoryAdmin):
    """SimpleHistoryAdmin in Indonesian, without the field-less select_related() Django 6.1 deprecates; its
    change forms refuse to save over what others saved since they opened (kpu_coop/admin_conflicts.py), and
    its delete pages read the rows they list in a fixed number of queries (kpu_coop/admin_deletion.py).

    History is read, never written back: simple-history's "revert" saves an old row whole (status, reviewer,
    role) past every rule a change passes through (rights, verification by another person, conflicts), on a
    view permission alone. A deleted record comes back through the workspace's recovery page instead.
    """

    object_history_list_template = "admin/history_list.html"

    def revert_disabled(self, request, obj=None):
        return True

    def history_view(self, request, object_id, extra_context=None):
        self.id_or_404(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        self.id_or_404(object_id)
        if record_id(version_id) is None:
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def record_as_now(self, pk):
        """The record, or once deleted its newest version: whose history it is. A past version names the
        office or organisation the record had then, so the history pages decide who reads them on this (a
        record moved to another office is not found by the old one, and all of it is found by the new)."""
        live = self.model._default_manager.filter(pk=pk).first()
        if live is not None:
            return live
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        newest = history.filter(**{self.model._meta.pk.attname: pk}).order_by("-history_date", "-pk").first()
        if newest is None:
            raise Http404
        return newest.instance

    def id_or_404(self, object_id):
        # simple-history filters by the address's id as it is: "abc" would fail in the database (every
        # model with a history here has a numeric id).
        if record_id(unquote(object_id)) is None:
            raise Http404

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        queryset = history_manager.filter(**{pk_name: object_id}).select_related("history_user")
        tracked = history_manager.model.tracked_fields
        foreign_keys = [field.name for field in tracked if isinstance(field, ForeignKey)]
        return queryset.select_related(*foreign_keys) if foreign_keys else queryset

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        records = list(historical_records)
        for record in records:
            # Stored as what happened (kpu_coop.change_reasons): said in the reader's language.
            record.reason_shown = reason_text(record.history_change_reason)
        m2m_fields = getattr(records[0], "_history_m2m_fields", []) if records else []
        # simple-history's diff reads each version's links apart (2-4 queries a version and field): one query
        # a field reads the links of every version on the page.
        links = {field.name: LinkedRows(records, field, foreign_keys_are_objs) for field in m2m_fields}
        for newer, older in pairwise(records):
            delta = newer.diff_against(
                older, excluded_fields=list(links), foreign_keys_are_objs=foreign_keys_are_objs
            )
            linked = [change for rows in links.values() if (change := rows.change(older, newer))]
            changes = [
                *sorted([*delta.changes, *linked], key=lambda change: change.field),
                *derived_changes(older, newer),
            ]
            delta = ModelDelta(changes, [change.field for change in changes], older, newer)
            helper = self.get_historical_record_context_helper(request, newer)
            newer.history_delta_changes = helper.context_for_delta_changes(delta)

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)
