"""The choice sets the schema names (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]), as the API sends them."""

from agencies.models import Organisation
from agreements.models import Agreement, Commitment

AGREEMENT_KIND = Agreement.Kind.values
AGREEMENT_STATUS = Agreement.Status.values
COMMITMENT_STATUS = Commitment.Status.values
ORGANISATION_KIND = Organisation.Kind.values
