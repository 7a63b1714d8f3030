from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "workspace"
    verbose_name = _("KPU staff workspace")

    def ready(self):
        from workspace import history_reasons  # noqa: F401  (registers the history reasons' sentences)
