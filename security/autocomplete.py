"""Django 6.1.3's admin autocomplete widget puts submitted ids straight into a query when it redraws a
form with errors, so one non-numeric id in a POST is a server error (found by tests/security/test_fuzzing.py).
This drops the values the related key cannot hold before that query; remove it once Django checks them.
"""

from functools import wraps

from django.contrib.admin.widgets import AutocompleteMixin
from django.core.exceptions import ValidationError


def keep_valid_keys(optgroups):
    @wraps(optgroups)
    def wrapper(self, name, value, attr=None):
        remote = self.field.remote_field
        key = remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)
        valid = []
        for item in value:
            try:
                key.to_python(item)
            except ValidationError:
                continue
            valid.append(item)
        return optgroups(self, name, valid, attr)

    return wrapper


def patch_autocomplete():
    if not getattr(AutocompleteMixin.optgroups, "__wrapped__", None):
        AutocompleteMixin.optgroups = keep_valid_keys(AutocompleteMixin.optgroups)
