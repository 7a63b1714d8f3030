"""An inline row left as it was read is not checked for uniqueness again.

Django checks every row of a saved formset against its table, one query per row and unique constraint, though
a row the user left alone is in the table as it was read in this request: the database's constraints hold it
already. A new row, a changed one, and the formset's check of its rows among themselves are as strict as ever.
"""

from django.db.models import DEFERRED


def stored_values(instance):
    """The values of ``instance``'s columns, as loaded (a deferred one as such, without reading it)."""
    fields = instance._meta.concrete_fields
    return {field.attname: instance.__dict__.get(field.attname, DEFERRED) for field in fields}


class UnchangedRowsForm:
    """A row's model form that skips the unique and constraint checks while its row is as stored."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored = None if self.instance._state.adding else stored_values(self.instance)

    def is_as_stored(self):
        """Whether the row is saved and the form has changed none of its columns."""
        return self.stored is not None and stored_values(self.instance) == self.stored

    def validate_unique(self):
        if not self.is_as_stored():
            super().validate_unique()

    def validate_constraints(self):
        if not self.is_as_stored():
            super().validate_constraints()
