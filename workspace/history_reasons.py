"""The sentences of the history reasons the workspace stores (kpu_coop.change_reasons)."""

from django.utils.translation import gettext

from kpu_coop.change_reasons import REASONS

REASONS.update(
    {
        "imported": lambda values: gettext("Imported from a spreadsheet"),
        "restored": lambda values: gettext("Restored from the history"),
    }
)
