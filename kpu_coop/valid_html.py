"""Three patches that make Django 6.1's admin forms valid HTML (tests/foundation/test_html_validity.py).

- The admin's autocomplete <select> starts with no option when it is required and empty, or with the chosen
  record: HTML wants a required single <select> to open on an empty placeholder, and no option to be blank.
  Every autocomplete <select> now opens on a "---------" option with an empty value, as a plain <select> does;
  Select2 still shows its own (empty) placeholder instead.
- A field drawn with a hidden copy of its initial value (callable defaults) gives that hidden input the
  visible field's aria-describedby, which hidden inputs must not carry.
- The user form's read-only password is a <div> that gets the field's `disabled`, which a <div> cannot have.
Remove each once Django does it.
"""

from django.contrib.admin.widgets import AutocompleteMixin
from django.contrib.auth.forms import ReadOnlyPasswordHashWidget
from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.boundfield import BoundField

PLACEHOLDER = BLANK_CHOICE_DASH[0][1]


def placeholder_option(optgroups):
    def wrapper(self, name, value, attr=None):
        groups = optgroups(self, name, value, attr)
        if self.allow_multiple_selected:
            return groups
        options = groups[0][1]
        if options and options[0]["value"] == "":
            options[0]["label"] = PLACEHOLDER
        else:
            options.insert(0, self.create_option(name, "", PLACEHOLDER, False, 0))
        return groups

    wrapper.placeholder_option = True
    return wrapper


def no_aria_on_hidden_inputs(build_widget_attrs):
    def wrapper(self, attrs, widget=None):
        built = build_widget_attrs(self, attrs, widget)
        if widget is not None and widget.is_hidden and not self.is_hidden:
            built.pop("aria-describedby", None)
        return built

    wrapper.no_aria_on_hidden_inputs = True
    return wrapper


def no_disabled_div(get_context):
    def wrapper(self, name, value, attrs):
        context = get_context(self, name, value, attrs)
        context["widget"]["attrs"].pop("disabled", None)
        return context

    wrapper.no_disabled_div = True
    return wrapper


def patch_widgets():
    if not getattr(AutocompleteMixin.optgroups, "placeholder_option", False):
        AutocompleteMixin.optgroups = placeholder_option(AutocompleteMixin.optgroups)
    if not getattr(BoundField.build_widget_attrs, "no_aria_on_hidden_inputs", False):
        BoundField.build_widget_attrs = no_aria_on_hidden_inputs(BoundField.build_widget_attrs)
    if not getattr(ReadOnlyPasswordHashWidget.get_context, "no_disabled_div", False):
        ReadOnlyPasswordHashWidget.get_context = no_disabled_div(ReadOnlyPasswordHashWidget.get_context)
