"""What a crafted or broken address or form asks of an admin change list answers with a warning, not a 500:
an action posted with a selection that is no list of record ids, a filter on a number no record can have."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.messages import WARNING
from django.utils.translation import gettext as _

from kpu_coop.record_ids import record_id

# Django's own message for an empty selection, in its admin's translations; a name, not a literal in _(), so
# that makemessages does not copy it untranslated into the project's catalogue.
NOTHING_SELECTED = "Items must be selected in order to perform actions on them. No items have been changed."


class CraftedInputAdminMixin:
    """For a ModelAdmin of records with numeric ids: an action posted with a selection that holds anything
    but record ids (a crafted or broken form) does nothing, and the change list comes back with a warning; a
    list filtered by a number too large for the database gets Django's "invalid filter" answer."""

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except OverflowError as error:
            # SQLite cannot bind an integer past 2**63 (?office=99999999999999999999, a bare field name Django
            # filters by as given); the view answers this as it does any filter it cannot apply.
            raise IncorrectLookupParameters(error) from error

    def response_action(self, request, queryset, *args, **kwargs):
        # Django filters by the posted values as they are: "abc" fails in the database, a 20-digit number
        # overflows SQLite's integers; and "-1", a record nobody can select, is no selection either.
        if any(record_id(value) is None for value in request.POST.getlist(ACTION_CHECKBOX_NAME)):
            # None takes the change list back, as Django does after an empty selection.
            self.message_user(request, _(NOTHING_SELECTED), WARNING)
            return None
        return super().response_action(request, queryset, *args, **kwargs)
