"""The admin's yes/no icons named in the user's language: Django gives them alt="True" and alt="False",
which a screen reader reads out in English on an Indonesian page."""

from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _

ICONS = {True: "yes", False: "no", None: "unknown"}


def named_boolean_icon(field_val):
    """Django's ``_boolean_icon``, with the value named as the admin's own filters name it."""
    names = {True: _("Yes"), False: _("No"), None: _("Unknown")}
    return format_html(
        '<img src="{}" alt="{}">', static(f"admin/img/icon-{ICONS[field_val]}.svg"), names[field_val]
    )


def patch_boolean_icons():
    # Django's list, read-only fields and display_for_value import the function from here when they call it.
    admin_list._boolean_icon = named_boolean_icon
