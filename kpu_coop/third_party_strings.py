"""Strings of Django 6 and django-simple-history that their own Indonesian catalogues lack, leave English or
garble (the login error said "nama pengguna nama pengguna"; the password rules mixed "Sandi anda" and
"Kata sandi Anda").

Nothing imports this at run time: it is here so that makemessages (``make messages``) keeps these msgids, and
their Indonesian translations, in the project catalogue (locale/), which takes precedence over the packages'
catalogues. tests/foundation/test_admin_language.py checks each is still a msgid of one of those packages.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# msgids of django.conf, django.contrib.admin, django.contrib.auth and simple_history, package by package.
MSGIDS = [
    gettext_noop("- Select an option -"),
    # Said "... ini tidak ada" (does not exist) of a record that does.
    gettext_noop("%(model_name)s with this %(field_labels)s already exists."),
    gettext_noop("“%(value)s” is not a valid binary value."),
    gettext_noop("No %s matches the given query."),
    gettext_noop('The app "%s" could not be found.'),
    gettext_noop("None"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Filter by %(field_name)s"),
    gettext_noop("Sidebar"),
    gettext_noop("Logout"),
    gettext_noop(
        "Please enter the correct %(username)s and password for a staff account. Note that both fields may "
        "be case-sensitive."
    ),
    gettext_noop("Change or view list link"),
    gettext_noop("Run"),
    gettext_noop(
        "Are you sure you want to delete the %(object_name)s “%(escaped_object)s”? All of the following "
        "related items will be deleted:"
    ),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."
    ),
    gettext_noop("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("Deleted %(type_name)s"),
]
PLURAL_MSGIDS = [
    ngettext_lazy("…and %(count)d more object.", "…and %(count)d more objects.", "count"),
]
