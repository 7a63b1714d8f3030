"""What full-text search reads of an agreement: its title, scope, numbers and parties' names (PostgreSQL).

Built by ``Agreement.objects.refresh_search()`` whenever one of these changes (agreements.signals) and stored
in ``Agreement.search_document`` under a GIN index, so a search reads the index, not every agreement.
"""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import OuterRef, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Concat

# What the document reads, as the names a save's update_fields or an update give (agreements.signals); a
# party moved to another agreement leaves one document and joins another.
SEARCHED_FIELDS = {
    "title",
    "scope",
    "number",
    "organisation",
    "organisation_id",
    "name",
    "short_name",
    "agreement",
    "agreement_id",
}

# "simple": PostgreSQL has no Indonesian stemmer, and an English one would mangle Indonesian words.
CONFIG = "simple"


def search_document():
    from agreements.models import AgreementParty

    parties = (
        AgreementParty.objects.filter(agreement=OuterRef("pk"))
        .order_by()
        .values("agreement")
        .annotate(
            text=StringAgg(
                Concat(
                    "number",
                    Value(" "),
                    "organisation__short_name",
                    Value(" "),
                    "organisation__name",
                    output_field=TextField(),
                ),
                Value(" "),
            )
        )
        .values("text")
    )
    return SearchVector("title", "scope", Subquery(parties), config=CONFIG)


def search_query(text):
    return SearchQuery(text, config=CONFIG, search_type="websearch")
