"""Words of Django's admin that the project's Indonesian catalogue (locale/id) translates differently from
Django, so the admin uses the site's words ("Saring", not "Filter"); marked so makemessages keeps them."""

from django.utils.translation import gettext_noop

ADMIN_WORDS = [gettext_noop("Filter"), gettext_noop("Clear all filters")]


class LabelledDuplicatesFormSetMixin:
    """For an inline's formset: a duplicate row is named by its fields' labels ("Perbaiki data ganda untuk
    peran"), where Django names the fields' code names ("... untuk role")."""

    def get_unique_error_message(self, unique_check):
        labels = [
            name if name == self.fk.name else str(self.model._meta.get_field(name).verbose_name)
            for name in unique_check
        ]
        return super().get_unique_error_message(labels)
