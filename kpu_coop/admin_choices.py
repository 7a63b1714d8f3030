"""Inline rows whose chosen records are read once for the whole formset, to show them and to check them.

Django reads each row's chosen record with a query of its own: its autocomplete widget to show it, its form
field (and the row's hidden id) to check it, and the model again to check it exists. An agreement's page cost
three queries per commitment (its agency, focus area and stage) and its save nine; an office's one per member.
Here the rows of one formset share a ChosenRecords per field: each form tells it its value as the formset
builds it, and the first row drawn or checked reads them all in one query, from the same choices.
"""

import copy
from functools import cached_property

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connections
from django.forms.models import ModelChoiceField, ModelMultipleChoiceField

from kpu_coop import pagination
from kpu_coop.admin_typed_names import TypedNameChoiceField, TypedNameSelectMixin
from kpu_coop.admin_unchanged_rows import UnchangedRowsForm
from kpu_coop.admin_words import LabelledDuplicatesFormSetMixin
from kpu_coop.valid_html import PLACEHOLDER


class ChosenRecords:
    """The records chosen in one field of a formset's rows, read together from that field's choices."""

    def __init__(self, field):
        self.field = field
        self.key = field.to_field_name or field.queryset.model._meta.pk.name
        self.expected, self.loaded = set(), {}

    def expect(self, value):
        values = value if isinstance(value, list | tuple) else [value]
        self.expected |= {str(v) for v in values if v not in self.field.empty_values}

    def learn(self, records):
        """Take ``records``, read from the field's choices (or fewer), as found."""
        self.loaded |= {str(getattr(record, self.key)): record for record in records}

    def find(self, value):
        """The record ``value`` names among the field's choices, or None."""
        key = self.canonical(value)
        if key is None:
            return None
        missing = {self.canonical(v) for v in self.expected} - {None} - self.loaded.keys() | {key}
        if key not in self.loaded:
            self.loaded |= dict.fromkeys(missing)
            records = self.field.queryset.filter(**{f"{self.key}__in": missing})
            self.loaded |= {str(getattr(record, self.key)): record for record in records}
        return self.loaded[key]

    def canonical(self, value):
        """``value`` as the key field writes it, or None: a value typed into the form ("abc", "1.5", a number
        past the column's range) names no record here either, as Django's own look-up finds none."""
        field = self.field.queryset.model._meta.get_field(self.key)
        try:
            value = field.to_python(value)
        except ValidationError:
            return None
        if isinstance(value, int):
            database = connections[self.field.queryset.db]
            low, high = database.ops.integer_field_range(field.get_internal_type())
            if (low is not None and value < low) or (high is not None and value > high):
                return None
        return str(value)

    def labels(self, values):
        """(value, label) of each of ``values`` found among the field's choices."""
        chosen = [record for record in map(self.find, values) if record is not None]
        return [(getattr(record, self.key), self.field.label_from_instance(record)) for record in chosen]


class SharedModelChoiceField(TypedNameChoiceField):
    """Django's model choice field, finding its record in the formset's ChosenRecords when it has one
    (SharedChoicesFormSetMixin gives it), else with its own query."""

    chosen = None

    def to_python(self, value):
        value = self.key_of_typed(value)
        if self.chosen is None or value in self.empty_values:
            return super().to_python(value)
        self.validate_no_null_characters(value)
        if isinstance(value, self.queryset.model):
            value = getattr(value, self.chosen.key)
        record = self.chosen.find(value)
        if record is None:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        # A copy per row, as Django's look-up gives: what one row's checks cache on it stays theirs.
        return copy.copy(record)


class SharedModelMultipleChoiceField(ModelMultipleChoiceField):
    """Django's model multiple choice field, checking its records against the formset's ChosenRecords when it
    has one; the records it returns are read only when used (a changed row's save)."""

    chosen = None

    def _check_values(self, value):
        if self.chosen is None:
            return super()._check_values(value)
        try:
            value = frozenset(value)
        except TypeError:
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list") from None
        for pk in value:
            self.validate_no_null_characters(pk)
            try:
                # Builds the filter only, as Django's check does: a value no key can be is refused as such.
                self.queryset.filter(**{self.chosen.key: pk})
            except (ValueError, TypeError):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                ) from None
        found = []
        for pk in value:
            record = self.chosen.find(pk)
            # Django compares the values as text too ("07" names no record there either).
            if record is None or str(getattr(record, self.chosen.key)) != str(pk):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
            found.append(record.pk)
        return self.queryset.filter(pk__in=found)


class ListedRecords:
    """What an autocomplete select lists without JavaScript: every choice of its field the user's offices work
    with (``listed``, a filter the admin gives), read once, or None past ``pagination.CHOICE_LIMIT``."""

    def __init__(self, field, listed=None, chosen=None):
        self.field, self.listed, self.chosen = field, listed, chosen

    @cached_property
    def records(self):
        queryset = self.field.queryset
        if self.listed is not None:
            queryset = queryset.filter(self.listed)
        records = list(queryset[: pagination.CHOICE_LIMIT + 1])
        if len(records) > pagination.CHOICE_LIMIT:
            return None
        if self.chosen is not None:
            # The rows' chosen records found in the list are not read again (ChosenRecords).
            self.chosen.learn(records)
        return records


class ListedAutocompleteSelect(TypedNameSelectMixin, AutocompleteSelect):
    """Django's autocomplete select listing every choice of its field while they are at most
    ``pagination.CHOICE_LIMIT``, so that the form works without JavaScript; past it, only the chosen one, with
    a box to type another's name in (kpu_coop.admin_typed_names). Select2 takes over when JavaScript runs, as
    it does for every autocomplete select.

    ``listed`` (a filter, from the admin) keeps the list to what the user's offices work with; a chosen record
    outside it is still shown."""

    listed = None
    # Read when first drawn: ``listed`` is set after the widget is made (list_only).
    own_list = None

    @property
    def media(self):
        # Named with the scripts it follows, so that merging the form's media keeps it after them.
        return super().media + forms.Media(
            js=["admin/js/jquery.init.js", "admin/js/autocomplete.js", "js/autocomplete_names.js"]
        )

    def listed_records(self):
        if self.own_list is None:
            self.own_list = ListedRecords(self.choices.field, self.listed)
        return self.own_list.records

    def chosen_labels(self, selected):
        """(value, label) of the chosen records the list left out, read with a query of their own."""
        model = self.field.remote_field.model._meta
        key = model.get_field(getattr(self.field.remote_field, "field_name", model.pk.attname)).attname
        records = self.choices.queryset.using(self.db).filter(**{f"{key}__in": selected})
        return [(getattr(record, key), self.choices.field.label_from_instance(record)) for record in records]

    def optgroups(self, name, value, attr=None):
        records = self.listed_records()
        if records is None:
            return super().optgroups(name, value, attr)
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        model = self.field.remote_field.model._meta
        key = model.get_field(getattr(self.field.remote_field, "field_name", model.pk.attname)).attname
        choices = [
            (getattr(record, key), self.choices.field.label_from_instance(record)) for record in records
        ]
        left_out = [v for v in selected if v not in {str(option_value) for option_value, _ in choices}]
        if left_out:
            choices = self.chosen_labels(left_out) + choices
        # Opening on the placeholder, as every autocomplete select does here (kpu_coop.valid_html).
        options = [self.create_option(name, "", PLACEHOLDER, not selected, 0)]
        for option_value, label in choices:
            is_chosen = str(option_value) in selected
            options.append(self.create_option(name, option_value, label, is_chosen, len(options)))
        return [(None, options, 0)]


class SharedAutocompleteSelect(ListedAutocompleteSelect):
    """The listed autocomplete select of an inline's rows: the formset's rows share one ListedRecords and the
    ChosenRecords of their field (SharedChoicesInline gives them), so that the page reads the list and the
    chosen records once however many rows it has; alone, it reads them as ListedAutocompleteSelect does."""

    chosen = None
    shared_list = None

    def listed_records(self):
        if self.shared_list is None:
            return super().listed_records()
        return self.shared_list.records

    def chosen_labels(self, selected):
        if self.chosen is None:
            return super().chosen_labels(selected)
        return self.chosen.labels(selected)


SHARED_FIELDS = (SharedModelChoiceField, SharedModelMultipleChoiceField)


def choices_key(field):
    """The field's choices as SQL: rows share a ChosenRecords only when they choose from the same records."""
    try:
        return str(field.queryset.query)
    except EmptyResultSet:
        return None


class ChosenRecordsForm:
    """A row's form whose model does not look up again the records its fields found among their choices."""

    def _post_clean(self):
        self._checking_fields = True
        try:
            super()._post_clean()
        finally:
            self._checking_fields = False

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        # _post_clean asks first, for the model's field checks; the unique checks ask again and keep these.
        if self.__dict__.pop("_checking_fields", False):
            exclude |= self.found_relations()
        return exclude

    def found_relations(self):
        """The foreign keys whose record a field found among its choices: the model's check (the record
        exists and meets limit_choices_to) holds already, the choices being a subset of what it takes."""
        found = set()
        for name, field in self.fields.items():
            if not isinstance(field, SharedModelChoiceField) or name in self._errors:
                continue
            model_field = self._meta.model._meta.get_field(name)
            value = self.cleaned_data.get(name)
            checked_by_model = model_field.many_to_one and not model_field.validators
            if checked_by_model and isinstance(value, model_field.related_model):
                found.add(name)
        return found


class SharedChoicesFormSetMixin:
    def add_fields(self, form, index):
        super().add_fields(form, index)
        name = self._pk_field.name
        field = form.fields.get(name)
        if type(field) is ModelChoiceField:
            # The row's hidden id, found among the table's rows as Django's field does, in one query for all.
            form.fields[name] = SharedModelChoiceField(
                field.queryset, initial=field.initial, required=False, widget=field.widget
            )

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        shared = self.__dict__.setdefault("chosen_records", {})
        for name, field in form.fields.items():
            if not isinstance(field, SHARED_FIELDS):
                continue
            field.chosen = shared.setdefault((name, choices_key(field)), ChosenRecords(field))
            field.chosen.expect(form[name].value())
        self.share_lists(form)
        return form

    @property
    def empty_form(self):
        # The row JavaScript copies to add one lists the rows' records, not reading them again.
        form = super().empty_form
        self.share_lists(form)
        return form

    def share_lists(self, form):
        lists = self.__dict__.setdefault("listed_records", {})
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's related-field wrapper
            if isinstance(widget, SharedAutocompleteSelect):
                chosen = getattr(field, "chosen", None)
                key = (name, choices_key(field))
                widget.chosen, widget.shared_list = (
                    chosen,
                    lists.setdefault(key, ListedRecords(field, widget.listed, chosen)),
                )


class SharedChoicesInline:
    """An inline whose rows' chosen records are read in one query per field, to show and to check them, whose
    autocomplete selects list their choices while few (read once for all the rows: SharedAutocompleteSelect),
    and whose rows left unchanged are not checked for uniqueness again (UnchangedRowsForm)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            # Listing the rows' choices while few (ListedAutocompleteSelect), read once for all the rows.
            kwargs["widget"] = SharedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using"), request=request
            )
        kwargs.setdefault("form_class", SharedModelChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", SharedModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        form = kwargs.get("form", self.form)
        kwargs["form"] = type(form.__name__, (ChosenRecordsForm, UnchangedRowsForm, form), {})
        formset = super().get_formset(request, obj, **kwargs)
        # And names a duplicate row by its fields' labels (kpu_coop.admin_words).
        mixins = (SharedChoicesFormSetMixin, LabelledDuplicatesFormSetMixin)
        return type(formset.__name__, (*mixins, formset), {})


class ListedChoicesAdmin:
    """A model admin whose autocomplete selects list their choices while few (ListedAutocompleteSelect)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ListedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using"), request=request
            )
            kwargs.setdefault("form_class", TypedNameChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def list_only(field, listed, *, named_beyond=False):
    """Keep the list of ``field``'s listed autocomplete select to the choices ``listed`` (a filter) keeps.
    With ``named_beyond``, a name typed past the limit may still find the field's other choices."""
    if field is not None and isinstance(field.widget, ListedAutocompleteSelect):
        field.widget.listed = listed if field.widget.listed is None else field.widget.listed & listed
        field.widget.named_beyond = named_beyond
    return field
