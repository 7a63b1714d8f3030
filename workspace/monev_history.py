"""Monev figures as they stood at the end of a day, rebuilt from the records' history (django-simple-history).

The agreements and commitments are read as their last history rows up to that moment, so a report for a past
day shows what the pages showed then; progress is counted with the same rules as the live figures
(agreements.models.commitments.progress_sums and done_q), one query for every agreement.
"""

from datetime import datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from agreements.models import Agreement, Commitment
from agreements.models.commitments import done_q, progress_sums
from agreements.progress import Progress

# What a report reads of an agreement as it stood (the rest is not needed to print or judge it).
AGREEMENT_FIELDS = ("id", "office_id", "kind", "title", "state", "date_signed", "term_start", "term_end")


def end_of(day):
    """The last moment of ``day`` in the installation's time zone (Asia/Jakarta)."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min)) - timedelta(
        microseconds=1
    )


def latest_rows(model, moment):
    """Each record's last history row up to ``moment``, deleted records left out.

    Like simple_history's ``as_of``, but rows written at the same moment (a bulk write) are told apart by
    their order, so no record is counted twice.
    """
    rows = model.history.filter(history_date__lte=moment)
    later = rows.filter(id=OuterRef("id")).filter(
        Q(history_date__gt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id"))
    )
    return rows.filter(~Exists(later)).exclude(history_type="-")


def office_agreements_as_of(office, day):
    """The agreements ``office`` kept at the end of ``day``, as they read then (deleted ones included)."""
    rows = latest_rows(Agreement, end_of(day)).filter(office_id=office.pk).order_by("kind", "title", "id")
    # Built from the row's own fields: simple_history's ``instance`` reads excluded fields one query each.
    return [Agreement(**{name: getattr(row, name) for name in AGREEMENT_FIELDS}) for row in rows]


def progress_as_of(agreement_ids, day):
    """Each agreement's progress at the end of ``day``: {agreement id: Progress}; none without commitments."""
    rows = (
        latest_rows(Commitment, end_of(day))
        .filter(agreement_id__in=agreement_ids)
        .order_by()
        .values("agreement_id")
        .annotate(**progress_sums(), count=Count("pk"), done_count=Count("pk", filter=done_q()))
    )
    return {
        row["agreement_id"]: Progress(
            done=row["done_weight"],
            applicable=row["applicable_weight"],
            count=row["count"],
            done_count=row["done_count"],
        )
        for row in rows
    }
