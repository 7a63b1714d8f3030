"""Inline rows whose autocomplete fields read their chosen records once for the whole formset.

Django's autocomplete widget reads each row's chosen record with a query of its own, so an agreement's page
cost three queries per commitment (its agency, focus area and stage) and an office's page one per member.
Here the rows of one formset share a ChosenRecords per field: each form tells it its value as the formset
builds it, and the first row drawn reads them all in one query.
"""

from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import connections

from kpu_coop.valid_html import PLACEHOLDER


class ChosenRecords:
    """The records chosen in one field of a formset's rows, read together from that field's choices."""

    def __init__(self, field, using):
        self.field, self.using = field, using
        self.expected, self.loaded = set(), {}

    def expect(self, value):
        if value not in self.field.empty_values:
            self.expected.add(str(value))

    def labels(self, values, key):
        """(value, label) of each of ``values`` among the field's choices; ``key`` is the value's field."""
        missing = (set(values) | self.expected) - self.loaded.keys()
        if missing:
            self.loaded |= dict.fromkeys(missing)
            # A value typed into the form ("abc", "1.5", a number past the column's range) is no record: it
            # names none here either, as Django's widget shows none, and the form says what is wrong.
            usable = {value for value in missing if self.usable(value, key)}
            records = self.field.queryset.using(self.using).filter(**{f"{key}__in": usable})
            self.loaded |= {str(getattr(record, key)): record for record in records}
        chosen = [self.loaded[value] for value in values if self.loaded[value] is not None]
        return [(getattr(record, key), self.field.label_from_instance(record)) for record in chosen]

    def usable(self, value, key):
        field = self.field.queryset.model._meta.get_field(key)
        try:
            value = field.to_python(value)
        except ValidationError:
            return False
        if not isinstance(value, int):
            return True
        database = connections[self.field.queryset.using(self.using).db]
        low, high = database.ops.integer_field_range(field.get_internal_type())
        return (low is None or value >= low) and (high is None or value <= high)


class SharedAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete select, drawing its chosen option from the formset's ChosenRecords when it has
    one (SharedChoicesInline gives it), else with its own query."""

    chosen = None

    def optgroups(self, name, value, attr=None):
        if self.chosen is None:
            return super().optgroups(name, value, attr)
        # Opening on the placeholder, as every autocomplete select does here (kpu_coop.valid_html).
        options = [self.create_option(name, "", PLACEHOLDER, False, 0)]
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        model = self.field.remote_field.model._meta
        key = model.get_field(getattr(self.field.remote_field, "field_name", model.pk.attname)).attname
        for option_value, label in self.chosen.labels(selected, key):
            options.append(self.create_option(name, option_value, label, True, len(options)))
        return [(None, options, 0)]


class SharedChoicesFormSetMixin:
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        shared = self.__dict__.setdefault("chosen_records", {})
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's related-field wrapper
            if isinstance(widget, SharedAutocompleteSelect):
                # Every row's field has the same choices: the inline gives them per request, not per row.
                widget.chosen = shared.setdefault(name, ChosenRecords(field, widget.db))
                widget.chosen.expect(form[name].value())
        return form


class SharedChoicesInline:
    """An inline whose autocomplete fields read the rows' chosen records in one query per field."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SharedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (SharedChoicesFormSetMixin, formset), {})
