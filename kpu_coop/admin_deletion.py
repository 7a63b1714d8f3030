"""The admin's delete confirmation (a record's delete page, the "delete selected" action) in a fixed number of
queries, however many rows the deletion takes with it.

Django's ``get_deleted_objects`` names each row it lists (its ``__str__``, which may read related rows) and
asks the row's ModelAdmin whether it may be deleted, one row at a time. Here each batch of rows is read with
``FETCH_PEERS``, so what a row's name or its office check reads is read once for the whole batch; and a
ModelAdmin whose ``has_delete_permission`` queries the database per row (memberships: the last administrator,
the right to change a grant) answers for all its rows at once through ``has_delete_permission_for_all``.
"""

from collections import defaultdict

from django.contrib.admin.options import EMPTY_VALUE_STRING
from django.contrib.admin.utils import NestedObjects, display_for_value, quote
from django.db import router
from django.db.models import FETCH_PEERS, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst


class DeletedRows(NestedObjects):
    """The rows a deletion takes with it, each batch read with FETCH_PEERS (see above)."""

    def related_objects(self, related_model, related_fields, objs):
        return super().related_objects(related_model, related_fields, objs).fetch_mode(FETCH_PEERS)


def deleted_objects(objs, request, admin_site):
    """Django's ``get_deleted_objects`` with the rights asked per model: the same answer (the nested list of
    rows, their count by model, the models the user may not delete, the protected rows)."""
    if isinstance(objs, QuerySet):
        objs = objs.fetch_mode(FETCH_PEERS)
    try:
        first = objs[0]
    except IndexError:
        return [], {}, set(), []
    collector = DeletedRows(using=router.db_for_write(first._meta.model), origin=objs)
    collector.collect(objs)
    listed = defaultdict(list)

    def format_callback(obj):
        listed[obj.__class__].append(obj)
        return row_label(obj, admin_site)

    to_delete = collector.nested(format_callback)
    protected = [format_callback(obj) for obj in collector.protected]
    refused = [model for model, rows in listed.items() if not may_delete(request, admin_site, rows)]
    perms_needed = {model._meta.verbose_name for model in refused}
    model_count = {model._meta.verbose_name_plural: len(rows) for model, rows in collector.model_objs.items()}
    return to_delete, model_count, perms_needed, protected


def may_delete(request, admin_site, rows):
    """Whether the user may delete each of ``rows`` (of one model), as its ModelAdmin says; True when the
    model has no ModelAdmin (Django checks registered models only)."""
    model = rows[0].__class__
    if not admin_site.is_registered(model):
        return True
    model_admin = admin_site.get_model_admin(model)
    for_all = getattr(model_admin, "has_delete_permission_for_all", None)
    if for_all is not None:
        return for_all(request, rows)
    return all(model_admin.has_delete_permission(request, row) for row in rows)


def row_label(obj, admin_site):
    """A row as Django's confirmation lists it: "Model: name", linked to its change page when it has one."""
    opts = obj._meta
    if admin_site.is_registered(obj.__class__):
        change = f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change"
        try:
            url = reverse(change, args=[quote(obj.pk)])
        except NoReverseMatch:
            pass
        else:
            name = display_for_value(str(obj), EMPTY_VALUE_STRING)
            return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, name)
    return f"{capfirst(opts.verbose_name)}: {obj}"


class DeletionPreviewMixin:
    """A ModelAdmin whose delete confirmation reads in a fixed number of queries (``deleted_objects``)."""

    def get_deleted_objects(self, objs, request):
        return deleted_objects(objs, request, self.admin_site)
