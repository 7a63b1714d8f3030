import re
from datetime import date

from django import forms

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class IsoDateInput(forms.DateInput):
    """The browser's date picker (works without JavaScript and on a phone). HTML allows only a real
    YYYY-MM-DD date as its value: typed text that is no date is not sent back into it (the field's error
    still says what was wrong)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value):
        if isinstance(value, str):
            try:
                date.fromisoformat(value)
            except ValueError:
                return None
            return value if ISO_DATE.fullmatch(value) else None
        return super().format_value(value)
