"""The monev report of one office for one period: each agreement's progress then and now, staff's evaluation.

"Now" is the end of the period (today while it runs), "then" the day before it began; both are rebuilt from
history (workspace.monev_history), so the figures for a past period do not move when records change later.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Min
from django.utils import timezone

from agreements.models import Agreement, MonevEvaluation
from agreements.progress import Progress
from workspace.monev_history import office_agreements_as_of, progress_as_of

NO_COMMITMENTS = Progress(done=0, applicable=0, count=0, done_count=0)


@dataclass(frozen=True)
class ReportLine:
    agreement: Agreement
    status: Agreement.Status
    then: Progress
    now: Progress
    evaluation: MonevEvaluation | None
    editable: bool

    @property
    def change(self):
        return change(self.then, self.now)


@dataclass(frozen=True)
class MonevReport:
    office: object
    period: object
    position_on: object
    lines: list
    then: Progress
    now: Progress
    # The day the office's first agreement was entered here: nothing is known of the records before it.
    records_begin: date | None = None

    @property
    def change(self):
        return change(self.then, self.now)

    @property
    def before_records(self):
        """The period ended before the office's records begin: its position then is not known."""
        return self.records_begin is not None and self.position_on < self.records_begin

    @property
    def records_begin_within(self):
        """The records begin during the period: "then" counts nothing entered later."""
        return (
            self.records_begin is not None
            and self.period.previous_end < self.records_begin <= self.position_on
        )


def change(then, now):
    """Percentage points gained (or lost) from then to now; None when either has nothing applicable."""
    if then.percent is None or now.percent is None:
        return None
    return now.percent - then.percent


def total(figures):
    figures = list(figures)
    return Progress(
        done=sum(each.done for each in figures),
        applicable=sum(each.applicable for each in figures),
        count=sum(each.count or 0 for each in figures),
        done_count=sum(each.done_count or 0 for each in figures),
    )


def monev_report(*, office, period, user, today):
    """Build the report in five queries, whatever the number of agreements."""
    position_on = min(period.end, today)
    agreements = list(office_agreements_as_of(office, position_on))
    ids = [agreement.pk for agreement in agreements]
    now = progress_as_of(ids, position_on)
    then = progress_as_of(ids, period.previous_end)
    evaluations = {
        evaluation.agreement_id: evaluation
        for evaluation in MonevEvaluation.objects.visible_to(user)
        .filter(period=period.key, agreement_id__in=ids)
        .select_related("author")
    }
    editable = set(Agreement.objects.editable_by(user).filter(pk__in=ids).values_list("pk", flat=True))
    lines = [
        ReportLine(
            agreement=agreement,
            status=agreement.status_on(position_on),
            then=then.get(agreement.pk, NO_COMMITMENTS),
            now=now.get(agreement.pk, NO_COMMITMENTS),
            evaluation=evaluations.get(agreement.pk),
            editable=agreement.pk in editable,
        )
        for agreement in agreements
    ]
    return MonevReport(
        office=office,
        period=period,
        position_on=position_on,
        lines=lines,
        then=total(line.then for line in lines),
        now=total(line.now for line in lines),
        records_begin=records_begin(office),
    )


def records_begin(office):
    first = Agreement.history.filter(office_id=office.pk).aggregate(first=Min("history_date"))["first"]
    return timezone.localdate(first) if first else None
