from agreements.models.agreements import Agreement, AgreementParty
from agreements.models.assignments import CommitmentAssignment
from agreements.models.clauses import ForceMajeureEvent, Witness
from agreements.models.commitments import Commitment
from agreements.models.documents import Document
from agreements.models.due_date_changes import DueDateChange
from agreements.models.elections import Election, ElectionStage
from agreements.models.focus_areas import FocusArea
from agreements.models.grants import GrantTranche
from agreements.models.monev import MonevEvaluation
from agreements.models.reminders import ReminderLog
from agreements.models.reports import Evidence, ProgressReport
from agreements.models.tallies import (
    ElectionTally,
    FocusAreaTally,
    OfficeTotal,
    OrganisationTally,
    StageTally,
    recount_tallies,
)

__all__ = [
    "Agreement",
    "AgreementParty",
    "Commitment",
    "CommitmentAssignment",
    "Document",
    "DueDateChange",
    "Election",
    "ElectionStage",
    "ElectionTally",
    "Evidence",
    "FocusArea",
    "FocusAreaTally",
    "ForceMajeureEvent",
    "GrantTranche",
    "MonevEvaluation",
    "OfficeTotal",
    "OrganisationTally",
    "ProgressReport",
    "ReminderLog",
    "StageTally",
    "Witness",
    "recount_tallies",
]
