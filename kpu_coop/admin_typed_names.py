"""A name typed beside an autocomplete select too long to list, for a form filled in without JavaScript.

Past ``pagination.CHOICE_LIMIT`` choices a listed autocomplete select (kpu_coop.admin_choices) lists only the
chosen record: a national installation has 6,000 agencies. Select2 searches the rest when JavaScript runs,
and takes the box away (static/js/autocomplete_names.js); without it, the person types a name in the box
beside the select and the field finds the one record the related admin's search (its search fields)
matches: among the records the select would list (those of the user's offices) first, then, where the
admin allows it (an agency of another region as a party), among all the field takes. No match, or several
with none named exactly so, is refused with the names found, and the typed name is kept in the box.
"""

from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceField
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The box's name: the select's with this after it.
SUFFIX = "__name"
# Names a refusal shows of the records a typed name matched.
NAMES_SHOWN = 5
# Read to tell an exact name among the matches: more are named "and more".
MATCHES_READ = 20


class TypedName(str):
    """The text typed in the box, with the value the select sent beside it (shown again if it is refused)."""

    def __new__(cls, text, chosen):
        name = super().__new__(cls, text)
        name.chosen = chosen
        return name


class TypedNameSelectMixin:
    """For a listed autocomplete select: the name box past the limit, and the typed name as its value.
    ``request`` (given by the admin that builds the widget) is the one the related admin searches with."""

    named_beyond = False

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def is_long(self):
        return self.listed_records() is None

    def value_from_datadict(self, data, files, name):
        chosen = super().value_from_datadict(data, files, name)
        typed = data.get(name + SUFFIX)
        if isinstance(typed, str) and typed.strip():
            return TypedName(typed.strip(), chosen)
        return chosen

    def value_omitted_from_data(self, data, files, name):
        return super().value_omitted_from_data(data, files, name) and name + SUFFIX not in data

    def format_value(self, value):
        # The select shows what it sent; the typed name goes back into the box (render).
        return super().format_value(value.chosen if isinstance(value, TypedName) else value)

    def render(self, name, value, attrs=None, renderer=None):
        select = super().render(name, value, attrs, renderer)
        if not self.is_long():
            return select
        box_id = f"{attrs['id']}{SUFFIX}" if attrs and attrs.get("id") else None
        return select + format_html(
            '<span class="typed-name"><label{}>{}</label> <input type="text" name="{}"{} value="{}"></span>',
            format_html(' for="{}"', box_id) if box_id else "",
            gettext("Or type its name"),
            name + SUFFIX,
            format_html(' id="{}"', box_id) if box_id else "",
            value if isinstance(value, TypedName) else "",
        )

    def record_named(self, name, choices, label_of):
        """The one record among ``choices`` that ``name`` names, or a ValidationError saying what it found."""
        for candidates in self.named_candidates(choices):
            matches = list(self.search(candidates, name)[: MATCHES_READ + 1])
            exact = [record for record in matches if label_of(record).casefold() == name.casefold()]
            if len(matches) == 1 or len(exact) == 1:
                return (exact or matches)[0]
            if matches:
                raise several_match(self.kind(), name, [label_of(record) for record in matches])
        raise ValidationError(
            _("No %(kind)s matches “%(name)s”. Check the spelling, or type part of the name."),
            code="no_match",
            params={"kind": self.kind(), "name": name},
        )

    def named_candidates(self, choices):
        # The records the select would list (those of the user's offices); then, where the admin allows it
        # (list_only: an agency of another region as a party), all the field takes.
        if self.listed is not None:
            yield choices.filter(self.listed)
            if not self.named_beyond:
                return
        yield choices

    def search(self, records, name):
        model_admin = self.admin_site.get_model_admin(records.model)
        found, may_have_duplicates = model_admin.get_search_results(self.request, records, name)
        return found.distinct() if may_have_duplicates else found

    def kind(self):
        return self.field.remote_field.model._meta.verbose_name


def several_match(kind, name, labels):
    shown = ", ".join(labels[:NAMES_SHOWN])
    if len(labels) > NAMES_SHOWN:
        shown = gettext("%(names)s and more") % {"names": shown}
    return ValidationError(
        _("More than one %(kind)s matches “%(name)s”: %(names)s. Type more of the name."),
        code="several_match",
        params={"kind": kind, "name": name, "names": shown},
    )


class TypedNameChoiceField(ModelChoiceField):
    """Django's model choice field, also taking a name typed in its select's box (TypedNameSelectMixin)."""

    def to_python(self, value):
        return super().to_python(self.key_of_typed(value))

    def key_of_typed(self, value):
        """``value``, or for a typed name the key of the record it names (ValidationError if none)."""
        if not isinstance(value, TypedName):
            return value
        self.validate_no_null_characters(value)  # PostgreSQL refuses them in the search
        widget = getattr(self.widget, "widget", self.widget)  # inside the admin's related-field wrapper
        record = widget.record_named(value, self.queryset, self.label_from_instance)
        return getattr(record, self.to_field_name or "pk")
