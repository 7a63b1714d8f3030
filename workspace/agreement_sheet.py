"""Agreements as spreadsheet rows, for export."""

from agreements.models import AgreementParty

HEADERS = [
    "id",
    "kind",
    "title",
    "parent_id",
    "first_party",
    "first_party_number",
    "second_party",
    "second_party_number",
    "place_signed",
    "date_signed",
    "term_start",
    "term_end",
    "status",
    "progress_percent",
    "verified_done_weight",
    "applicable_weight",
    "elections",
    "focus_areas",
    "published",
]


def export_queryset(queryset):
    """``queryset`` comes from the admin with status and progress annotated; add what the rows read."""
    return queryset.prefetch_related("parties__organisation", "elections", "focus_areas")


def export_rows(agreements):
    for agreement in agreements:
        parties = {party.role: party for party in agreement.parties.all()}
        first, second = parties.get(AgreementParty.Role.FIRST), parties.get(AgreementParty.Role.SECOND)
        progress = agreement.progress
        yield [
            agreement.pk,
            agreement.kind,
            agreement.title,
            agreement.parent_id,
            first.organisation.slug if first else "",
            first.number if first else "",
            second.organisation.slug if second else "",
            second.number if second else "",
            agreement.place_signed,
            agreement.date_signed,
            agreement.term_start,
            agreement.term_end,
            agreement.status.value,
            progress.percent,
            progress.done,
            progress.applicable,
            "; ".join(election.slug for election in agreement.elections.all()),
            "; ".join(area.slug for area in agreement.focus_areas.all()),
            "yes" if agreement.is_published else "no",
        ]
