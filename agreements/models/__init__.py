from agreements.models.agreements import Agreement, AgreementParty
from agreements.models.commitments import Commitment
from agreements.models.documents import Document
from agreements.models.elections import Election, ElectionStage
from agreements.models.focus_areas import FocusArea

__all__ = [
    "Agreement",
    "AgreementParty",
    "Commitment",
    "Document",
    "Election",
    "ElectionStage",
    "FocusArea",
]
