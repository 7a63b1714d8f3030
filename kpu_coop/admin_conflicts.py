"""No lost update in the admin: a change form refuses to save over changes made after it was opened.

The change form carries a signed snapshot of the values it showed: the record's fields and every inline
row. The save compares that snapshot with the database, inside the save's transaction and with the record's
row locked, so two simultaneous saves cannot both pass. On any difference nothing is saved: the form comes
back with the user's input, a list of what changed meanwhile (and who changed it, when the history says so)
and a fresh snapshot, so that saving again is a conscious choice. A form posted without a snapshot (a
script, a test) is not checked.
"""

import datetime
import json
from decimal import Decimal
from functools import wraps

from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import router, transaction
from django.db.models import BooleanField, FileField
from django.db.models.fields.files import FieldFile
from django.forms.utils import ErrorDict
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

from kpu_coop.admin_input import CraftedInputAdminMixin
from kpu_coop.constraint_races import KeptUploads, rerun_on_integrity_error
from kpu_coop.deadlocks import retry_on_deadlock

SNAPSHOT_FIELD = "_snapshot"
SALT = "kpu_coop.admin_conflicts"
GUARD_ATTRIBUTE = "_edit_conflict_guard"
EMPTY = "–"


def canonical(value):
    """A field's value as JSON that is equal exactly when the database values are equal."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, default=str)
    return str(value)


def checked_fields(model, form_fields):
    """The model fields a form with these fields writes: what another save could have changed under it."""
    fields = {}
    for name, form_field in form_fields.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a field of the form only
            continue
        if form_field.disabled or field.auto_created or not (field.concrete or field.many_to_many):
            continue
        fields[name] = field
    return fields


class Snapshot:
    """The values of a record and of its inline rows, as a change form shows them."""

    def __init__(self, key, taken_at, values, rows):
        self.key = key
        self.taken_at = taken_at
        self.values = values  # field name → canonical value
        self.rows = rows  # formset prefix → {row pk: (label or row instance, {field name → canonical value})}

    @classmethod
    def capture(cls, form, formsets):
        """Read from the form's initial values and the formsets' rows: what the page shows, with no query of
        its own (the page evaluates those rows anyway)."""
        values = {}
        for name, field in checked_fields(form._meta.model, form.base_fields).items():
            value = form.initial.get(name)
            values[name] = sorted(obj.pk for obj in value or []) if field.many_to_many else canonical(value)
        rows = {}
        for formset in formsets:
            fields = row_fields(formset)
            rows[formset.prefix] = {
                str(row.pk): (row, {name: canonical(f.value_from_object(row)) for name, f in fields.items()})
                for row in formset.get_queryset()
            }
        return cls(key=record_key(form.instance), taken_at=timezone.now(), values=values, rows=rows)

    def fix_labels(self):
        """Name each row now, before the formsets write the user's input into the row instances."""
        for rows in self.rows.values():
            for pk, (label, values) in rows.items():
                rows[pk] = (str(label), values)

    def dumps(self):
        self.fix_labels()
        return signing.dumps(
            {"k": self.key, "t": self.taken_at.isoformat(), "v": self.values, "r": self.rows},
            salt=SALT,
            compress=True,
        )

    @classmethod
    def loads(cls, token, key):
        """The snapshot in a posted token; ValueError when it is damaged or belongs to another record."""
        try:
            data = signing.loads(token, salt=SALT)
            if data["k"] != key:
                raise ValueError(key)
            rows = {prefix: {pk: tuple(row) for pk, row in r.items()} for prefix, r in data["r"].items()}
            return cls(key, datetime.datetime.fromisoformat(data["t"]), data["v"], rows)
        except (signing.BadSignature, KeyError, TypeError, AttributeError) as error:
            raise ValueError(key) from error


def record_key(instance):
    return f"{instance._meta.label_lower}:{instance.pk}"


def row_fields(formset):
    fields = checked_fields(formset.model, formset.form.base_fields)
    # The parent link and the row's own key are not values another user edits; many-to-many fields of rows
    # would cost a query per row, and no inline here has one.
    drop = {formset.fk.name, formset.model._meta.pk.name}
    return {name: field for name, field in fields.items() if name not in drop and not field.many_to_many}


class EditGuard:
    """One change form's check, from the form's construction to its rendering, within one request."""

    def __init__(self, request, instance):
        self.request = request
        self.instance = instance
        self.formsets = []
        self.current = None  # what the database holds, read when the save is checked
        self.opened = None  # what the form showed when it was opened, from the posted token
        self.conflict = False

    @classmethod
    def for_request(cls, request, instance):
        guard = getattr(request, GUARD_ATTRIBUTE, None)
        if guard is None or guard.instance is not instance:
            guard = cls(request, instance)
            setattr(request, GUARD_ATTRIBUTE, guard)
        return guard

    def watch(self, formset_class):
        """The formset class, made to report its instances to this guard."""
        guard = self

        class WatchedFormSet(formset_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                guard.formsets.append(self)

            def _construct_form(self, i, **kwargs):
                form = super()._construct_form(i, **kwargs)
                if self.is_bound and i < self.initial_form_count() and form.instance.pk is None:
                    # Its row was deleted after the form was opened (the check says so): nothing to save, and
                    # the page no longer shows it, so it comes back without its fields.
                    form._errors, form.cleaned_data = ErrorDict(), {}
                return form

        WatchedFormSet.__name__ = WatchedFormSet.__qualname__ = formset_class.__name__
        return WatchedFormSet

    def check(self, form):
        """Refuse the save (a form error) when the database no longer holds what the form showed."""
        self.current = Snapshot.capture(form, self.formsets)
        token = self.request.POST.get(SNAPSHOT_FIELD)
        if token is None:
            return
        try:
            self.opened = Snapshot.loads(token, self.current.key)
        except ValueError:
            self.refuse(form, [damaged_snapshot_message()])
            return
        changes = ChangeReport(self.opened, self.current, form, self.formsets).lines()
        if changes:
            self.refuse(form, [conflict_message(), *changes, save_again_message(self.request)])

    def refuse(self, form, messages):
        self.conflict = True
        self.current.fix_labels()
        form.add_error(None, ValidationError(messages))

    def token(self, form):
        """The snapshot the rendered form carries: the one it was opened with while that is still true."""
        if self.current is None:
            return Snapshot.capture(form, self.formsets).dumps()
        if self.opened is not None and not self.conflict:
            return self.request.POST[SNAPSHOT_FIELD]
        return self.current.dumps()


class ChangeReport:
    """What changed between two snapshots, one line per field and per added or deleted row, for people."""

    def __init__(self, opened, current, form, formsets):
        self.opened = opened
        self.current = current
        self.form = form
        self.formsets = [formset for formset in formsets if formset.prefix in opened.rows]

    def lines(self):
        return [
            *self.record_lines(),
            *(line for formset in self.formsets for line in self.row_lines(formset)),
        ]

    def record_lines(self):
        instance = self.form.instance
        old, new = self.opened.values, self.current.values
        fields = checked_fields(type(instance), self.form.base_fields)
        changed = [name for name in fields if name in old and old[name] != new[name]]
        if not changed:
            return []
        history = history_since(type(instance), [instance.pk], self.opened.taken_at).get(str(instance.pk), [])
        return [
            field_change(self.form.base_fields[name].label, fields[name], old[name], new[name], history)
            for name in changed
        ]

    def row_lines(self, formset):
        opened, current = self.opened.rows[formset.prefix], self.current.rows[formset.prefix]
        fields = row_fields(formset)
        changed = {}
        for pk, (_label, new) in current.items():
            old = opened.get(pk, (None, {}))[1]
            names = [name for name in fields if name in old and old[name] != new[name]]
            if names:
                changed[pk] = names
        deleted = [pk for pk in opened if pk not in current]
        added = [pk for pk in current if pk not in opened]
        if not (changed or deleted or added):
            return []
        history = history_since(formset.model, [*changed, *deleted, *added], self.opened.taken_at)
        kind = formset.model._meta.verbose_name
        lines = []
        for pk, names in changed.items():
            row = row_name(kind, current[pk][0])
            for name in names:
                label = formset.form.base_fields[name].label
                old, new = opened[pk][1][name], current[pk][1][name]
                change = field_change(label, fields[name], old, new, history.get(pk, []))
                lines.append(_("%(row)s, %(change)s") % {"row": row, "change": change})
        for pk in deleted:
            line = _("%(row)s was deleted") % {"row": row_name(kind, opened[pk][0])}
            lines.append(with_author(line, history.get(pk, [])))
        for pk in added:
            line = _("%(row)s was added") % {"row": row_name(kind, current[pk][0])}
            lines.append(with_author(line, history.get(pk, [])))
        return [capfirst(line) for line in lines]


def field_change(label, field, old, new, history):
    line = _("%(field)s: %(old)s → %(new)s") % {
        "field": capfirst(label or field.verbose_name),
        "old": shown(field, old),
        "new": shown(field, new),
    }
    return with_author(line, history, last_change_of(field, old, history))


def row_name(kind, label):
    return _("%(kind)s “%(row)s”") % {"kind": kind, "row": label}


def with_author(line, history, record=None):
    """The line, with who saved the change and when, from the history (by default its latest entry)."""
    record = record or (history[-1] if history else None)
    if record is None:
        return line
    when = formats.localize(timezone.localtime(record.history_date))
    user = record.history_user
    who = (
        _("by %(user)s, %(when)s") % {"user": user.get_full_name() or user.get_username(), "when": when}
        if user
        else when
    )
    return _("%(change)s (%(author)s)") % {"change": line, "author": who}


def history_since(model, pks, since):
    """Each record's history entries saved after `since`, oldest first, by record pk (as text)."""
    try:
        history_model = get_history_model_for_model(model)
    except NotHistoricalModelError:
        return {}
    pk_name = model._meta.pk.attname
    entries = (
        history_model.objects.filter(**{f"{pk_name}__in": pks, "history_date__gt": since})
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    by_pk = {}
    for entry in entries:
        by_pk.setdefault(str(getattr(entry, pk_name)), []).append(entry)
    return by_pk


def last_change_of(field, opened_value, history):
    """The history entry that last changed the field, when the history keeps that field."""
    if not history or not hasattr(history[0], field.attname) or field.many_to_many:
        return None
    previous, last = opened_value, None
    for entry in history:
        value = canonical(getattr(entry, field.attname))
        if value != previous:
            previous, last = value, entry
    return last


def shown(field, value):
    """A canonical value as the person reading the conflict knows it: names, labels, local dates."""
    if value in (None, "", []):
        return EMPTY
    if field.many_to_many:
        return ", ".join(str(obj) for obj in field.related_model._base_manager.filter(pk__in=value)) or EMPTY
    if field.is_relation:
        target = field.remote_field.field_name
        related = field.related_model._base_manager.filter(**{target: value}).first()
        return str(related) if related is not None else f"#{value}"
    if field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, FileField):
        return value
    python = field.to_python(value)
    if isinstance(python, datetime.datetime):
        return formats.localize(timezone.localtime(python) if timezone.is_aware(python) else python)
    if isinstance(python, datetime.date | datetime.time | Decimal | float | int):
        return formats.localize(python)
    return f"“{Truncator(str(python)).chars(80)}”"


def conflict_message():
    return _(
        "Someone else changed this record after you opened it, so nothing was saved; your input is still "
        "in the form. Changed meanwhile:"
    )


def save_again_message(request):
    return format_html(
        _(
            "Save again to keep your version over these changes, or "
            '<a href="{url}">open the record again</a> to start from the current values.'
        ),
        url=request.get_full_path(),
    )


def damaged_snapshot_message():
    return _(
        "This form's record of what it showed is damaged, so it cannot tell whether someone else changed the "
        "record after you opened it. Nothing was saved; check the values and save again."
    )


def lock_row(model, pk):
    """Hold the record's row until the save's transaction ends, so that a second save waits, then sees it."""
    db = router.db_for_write(model)
    connection = transaction.get_connection(db)
    if not (connection.features.has_select_for_update and connection.in_atomic_block):
        return
    try:
        pk = model._meta.pk.to_python(pk)
    except ValidationError:
        return
    no_key = connection.features.has_select_for_no_key_update
    rows = model._base_manager.using(db).select_for_update(no_key=no_key).filter(pk=pk)
    list(rows.values_list("pk", flat=True))


class GuardedFormMixin:
    edit_guard = None

    def clean(self):
        cleaned_data = super().clean()
        self.edit_guard.check(self)
        return cleaned_data


# Every project ModelAdmin with actions has this mixin, itself or through HistoryAdmin: it checks an action's
# selection too (kpu_coop.admin_input).
class EditConflictAdminMixin(CraftedInputAdminMixin):
    """For a ModelAdmin: its change form refuses to save over what others saved after it was opened."""

    def get_object(self, request, object_id, from_field=None):
        if request.method == "POST" and from_field is None:
            lock_row(self.model, object_id)
        return super().get_object(request, object_id, from_field)

    def changeform_view(self, request, *args, **kwargs):
        view = super().changeform_view

        @wraps(view)  # the log names the view run again, not this wrapper
        def run(*args, **kwargs):
            # A run again finds the uploads that the run before it moved into storage where that one did.
            uploads.put_back()
            return view(*args, **kwargs)

        # Holding the record from the start, a save can deadlock with a write that locks in another order
        # (kpu_coop.deadlocks): it runs again. A save beaten to a unique value by another's commit shows the
        # form's error (kpu_coop.constraint_races).
        with KeptUploads(request) as uploads:
            return rerun_on_integrity_error(retry_on_deadlock(run))(request, *args, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not change or obj is None:
            return form
        guard = EditGuard.for_request(request, obj)
        return type(form.__name__, (GuardedFormMixin, form), {"edit_guard": guard})

    def get_formsets_with_inlines(self, request, obj=None):
        guard = getattr(request, GUARD_ATTRIBUTE, None)
        for formset_class, inline in super().get_formsets_with_inlines(request, obj):
            if guard is not None and obj is not None and guard.instance is obj:
                formset_class = guard.watch(formset_class)
            yield formset_class, inline

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        guard = getattr(request, GUARD_ATTRIBUTE, None)
        form = context["adminform"].form
        guarded = guard is not None and guard is getattr(form, "edit_guard", None)
        if change and guarded and self.has_change_permission(request, obj):
            context["edit_snapshot_field"] = SNAPSHOT_FIELD
            context["edit_snapshot"] = guard.token(form)
        return super().render_change_form(request, context, add, change, form_url, obj)
