from workspace.views.agencies import agency_progress
from workspace.views.dashboard import dashboard
from workspace.views.deleted import deleted_record_restore, deleted_records
from workspace.views.imports import commitment_import
from workspace.views.monev import monev_agreement, monev_election, monev_index
from workspace.views.monev_periods import (
    monev_evaluation,
    monev_period,
    monev_period_choose,
    monev_period_pdf,
)

__all__ = [
    "agency_progress",
    "commitment_import",
    "dashboard",
    "deleted_record_restore",
    "deleted_records",
    "monev_agreement",
    "monev_election",
    "monev_evaluation",
    "monev_index",
    "monev_period",
    "monev_period_choose",
    "monev_period_pdf",
]
