"""Search agreements by words in their title, scope, numbers and parties."""

from django.db import connection
from django.db.models import Q, Subquery, TextField, Value
from django.db.models.functions import Concat

from agreements.models import Agreement, AgreementParty

MAX_WORDS = 12


def search_agreements(agreements, text):
    if connection.vendor == "postgresql":
        return agreements.filter(pk__in=full_text_matches(text))
    return agreements.filter(pk__in=word_matches(text))


def full_text_matches(text):
    from django.contrib.postgres.search import SearchQuery, SearchVector
    from django.db.models import OuterRef, StringAgg

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
    # "simple": PostgreSQL has no Indonesian stemmer, and an English one would mangle Indonesian words.
    document = SearchVector("title", "scope", Subquery(parties), config="simple")
    query = SearchQuery(text, config="simple", search_type="websearch")
    return Agreement.objects.annotate(document=document).filter(document=query).values("pk")


def word_matches(text):
    """Agreements containing every word somewhere; SQLite has no full-text search built in."""
    matches = Agreement.objects.all()
    for word in text.split()[:MAX_WORDS]:
        in_parties = AgreementParty.objects.filter(
            Q(number__icontains=word)
            | Q(organisation__short_name__icontains=word)
            | Q(organisation__name__icontains=word)
        ).values("agreement_id")
        matches = matches.filter(Q(title__icontains=word) | Q(scope__icontains=word) | Q(pk__in=in_parties))
    return matches.values("pk")
