"""The history kept of records that staff can bring back once deleted (workspace.recovery)."""

from django.db import models
from simple_history.models import HistoricalRecords


class RecoverableHistory(HistoricalRecords):
    """simple_history's records, with an index of the deletions alone, newest first.

    The deleted-records page and a restore read deletions only. Without it they walk the history's date index
    past every other change: each stage move writes a history row per commitment, and with 500,000 of them the
    page's commitment query took 64 ms instead of 0.6.
    """

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        deletions = models.Index(
            fields=["-history_date", "-history_id"],
            condition=models.Q(history_type="-"),
            # Index names are at most 30 characters; model names are unique in this project.
            name=f"deleted_{model._meta.model_name}"[:30],
        )
        options["indexes"] = [*options.get("indexes", ()), deletions]
        return options
