"""Words of Django's admin that the project's Indonesian catalogue (locale/id) translates differently from
Django, so the admin uses the site's words ("Saring", not "Filter"); marked so makemessages keeps them."""

from django.utils.translation import gettext_noop

ADMIN_WORDS = [gettext_noop("Filter"), gettext_noop("Clear all filters")]
