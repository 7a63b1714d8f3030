from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Organisations and people")

    def ready(self):
        from django.db.models.signals import pre_save

        from kpu_coop.text import keep_text_printable

        # Text pasted with control characters is stored without them, whichever way it is saved.
        pre_save.connect(keep_text_printable, dispatch_uid="keep-text-printable")
