from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Cooperation agreements")

    def ready(self):
        from agreements import signals  # noqa: F401  (connects the receivers)
        from kpu_coop import invalidation

        # Every write to a project table moves the cache generations when it commits.
        invalidation.install_on_open_connections()
