from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Cooperation agreements")

    def ready(self):
        from agencies import onboarding
        from agreements import history_reasons, signals  # noqa: F401  (connect the receivers, the reasons)
        from agreements.onboarding import office_elections_copy
        from kpu_coop import invalidation, stored_files

        # Every write to a project table moves the cache generations when it commits.
        invalidation.install_on_open_connections()
        # A request's uploads for rows that did not commit are deleted when it ends.
        stored_files.connect()
        # A new office gets its own copies of KPU RI's template elections (agencies cannot import us).
        if office_elections_copy not in onboarding.reference_data_steps:
            onboarding.reference_data_steps.append(office_elections_copy)
