"""Search agreements by words in their title, scope, numbers and parties."""

from django.db import connection
from django.db.models import Q

from agreements.models import Agreement, AgreementParty
from agreements.search_document import search_query

MAX_WORDS = 12


def search_agreements(agreements, text):
    if connection.vendor == "postgresql":
        # Reads the GIN index on the stored document (agreements.search_document).
        return agreements.filter(search_document=search_query(text))
    return agreements.filter(pk__in=word_matches(text))


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
