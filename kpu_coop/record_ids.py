"""Record numbers typed or posted as text: a form's hidden field, a spreadsheet cell."""


def record_id(text):
    """The number ``text`` gives, or None: ASCII digits that fit a database id (``str.isdigit`` also passes
    "²" and "①", which int() refuses, and a longer number overflows the column)."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def submitted_record_ids(forms, name):
    """The record numbers posted in field ``name`` of bound ``forms`` (a formset's rows) that are numbers."""
    values = (form[name].value() for form in forms if name in form.fields)
    return {record_id(str(value)) for value in values if value is not None} - {None}
