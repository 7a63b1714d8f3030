from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = _("Security")

    def ready(self):
        # Imported for their effect: the system checks register, the security log connects to the signals.
        from security import checks, signals  # noqa: F401
        from security.autocomplete import patch_autocomplete

        patch_autocomplete()
        # After the patch above, which must see Django's own optgroups.
        from kpu_coop.valid_html import patch_widgets

        patch_widgets()
        from kpu_coop.admin_icons import patch_boolean_icons
        from security.lockout_names import name_lockout_records

        patch_boolean_icons()
        name_lockout_records()
