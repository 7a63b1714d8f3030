from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = _("Public transparency site")

    def ready(self):
        from kpu_coop import invalidation
        from public.open_data_files import enqueue_rebuild

        # Every committed write the public can see, whatever path made it, asks for new open data files.
        invalidation.public_change_listeners.append(enqueue_rebuild)
        # After the agreements app's receivers, so a save's own follow-up writes count against its office.
        invalidation.watch_office_saves()
