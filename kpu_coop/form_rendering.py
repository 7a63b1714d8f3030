"""The form renderer (settings.FORM_RENDERER): Django's own, with each ``<select>`` and ``<input>`` written in
Python.

Django's renderer draws every option of a select with two templates (select_option.html and attrs.html): the
filters of the public listing, with their elections, focus areas and years, took a fifth of the page's time;
each of its text and date boxes takes three templates (text.html, input.html and attrs.html).
``render_select`` and ``render_input`` write the markup those templates write, character for character
(tests/foundation/test_form_rendering.py compares the two on every kind of widget they draw).
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
# The widgets whose template is nothing but an include of input.html.
INPUT_TYPES = [
    *("input", "text", "search", "hidden", "number", "email", "url", "tel"),
    *("date", "datetime", "time"),
]
INPUTS = frozenset(f"django/forms/widgets/{name}.html" for name in INPUT_TYPES)


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT and all(
            option["template_name"] == OPTION
            for _name, options, _index in context["widget"]["optgroups"]
            for option in options
        ):
            return render_select(context["widget"])
        if template_name in INPUTS:
            return render_input(context["widget"])
        return super().render(template_name, context, request)


def render_attributes(attrs):
    # As attrs.html: True writes the bare name, False leaves the attribute out.
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items()
        if value is not False
    )


def render_select(widget):
    """select.html, with each option as select_option.html draws it; labels are localized as a template
    variable is (a year stays a number as the reader writes numbers)."""
    parts = [
        format_html('<select name="{}"{}>', widget["name"], mark_safe(render_attributes(widget["attrs"])))
    ]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', localize(group_name)))
        for option in options:
            parts.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    str(option["value"]),
                    mark_safe(render_attributes(option["attrs"])),
                    localize(option["label"]),
                )
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))


def render_input(widget):
    """input.html: the value, when there is one, as text."""
    value = "" if widget["value"] is None else format_html(' value="{}"', str(widget["value"]))
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        value,
        mark_safe(render_attributes(widget["attrs"])),
    )
