"""The monitoring clause schedules the monev: every N months from the term's start, within the term."""

from datetime import date

import pytest

from agreements.models import Agreement, MonevEvaluation
from agreements.monev_schedule import add_months
from tests.factories import default_kpu_office, make_agreement, make_election, make_staff, make_stage

pytestmark = pytest.mark.django_db


def quarterly(**fields):
    fields = {"term_start": date(2025, 1, 31), "term_end": date(2025, 12, 31), **fields}
    return make_agreement(monitoring_every_months=3, **fields)


def evaluate(agreement, period):
    return MonevEvaluation.objects.create(
        agreement=agreement, office=default_kpu_office(), period=period, author=make_staff()
    )


def schedule(agreement, today):
    return Agreement.objects.with_monev().get(pk=agreement.pk).monev_schedule(today)


def test_it_adds_months_keeping_the_day_or_the_last_of_a_shorter_month():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2025, 10, 15), 12) == date(2026, 10, 15)


def test_it_schedules_every_n_months_from_the_term_start_within_the_term():
    # Counted from the start each time, so a short month does not pull the later dates back.
    assert quarterly().monev_due_dates() == [date(2025, 4, 30), date(2025, 7, 31), date(2025, 10, 31)]


def test_it_schedules_nothing_without_a_clause_or_a_term_start():
    assert make_agreement(term_start=date(2025, 1, 1), term_end=date(2026, 1, 1)).monev_due_dates() == []
    assert make_agreement(monitoring_every_months=3, term_end=date(2026, 1, 1)).monev_due_dates() == []
    assert make_agreement(term_start=date(2025, 1, 1)).monev_schedule(date(2025, 6, 1)) is None


def test_it_stops_at_the_termination_and_needs_a_limit_for_an_open_ended_term():
    ended = quarterly(termination_date=date(2025, 8, 1), termination_reason="Dibubarkan")
    assert ended.monev_due_dates() == [date(2025, 4, 30), date(2025, 7, 31)]
    open_ended = quarterly(term_end=None)
    assert open_ended.monev_due_dates() == []
    assert open_ended.monev_due_dates(until=date(2026, 2, 1))[-1] == date(2026, 1, 31)


def test_it_gives_the_next_monev_and_flags_the_last_one_without_an_evaluation():
    agreement = quarterly()
    on_the_day = schedule(agreement, date(2025, 7, 31))
    assert (on_the_day.last, on_the_day.next) == (date(2025, 4, 30), date(2025, 7, 31))
    assert on_the_day.overdue
    evaluate(agreement, "2025-Q2")
    after = schedule(agreement, date(2025, 8, 1))
    assert (after.last, after.next, after.overdue) == (date(2025, 7, 31), date(2025, 10, 31), True)
    assert not schedule(agreement, date(2025, 7, 31)).overdue


def test_it_has_nothing_due_before_the_first_date_and_nothing_next_after_the_term():
    agreement = quarterly()
    before = schedule(agreement, date(2025, 2, 1))
    assert (before.last, before.next, before.overdue) == (None, date(2025, 4, 30), False)
    after = schedule(agreement, date(2026, 6, 1))
    assert (after.last, after.next, after.overdue) == (date(2025, 10, 31), None, True)


@pytest.mark.parametrize(
    ("period", "covers"),
    [
        ("2025-10-31", True),  # the position on the scheduled day
        ("2025-11-15", True),  # its quarter, to a later day
        ("2025-10-30", False),  # a day before it
        ("2025-Q4", True),
        ("2025-S2", True),
        ("2025-Q3", False),
        ("nonsense", False),
    ],
)
def test_it_counts_an_evaluation_whose_period_holds_the_scheduled_day(period, covers):
    agreement = quarterly()
    evaluate(agreement, period)
    assert schedule(agreement, date(2026, 1, 5)).last_evaluated is covers


def test_it_counts_an_evaluation_of_a_stage_that_holds_the_day_without_another_query(
    django_assert_num_queries,
):
    agreement = quarterly()
    stage = make_stage(make_election(), start_date=date(2025, 10, 1), end_date=date(2025, 11, 30))
    evaluate(agreement, f"stage-{stage.pk}")
    with django_assert_num_queries(2):
        assert schedule(agreement, date(2026, 1, 5)).last_evaluated
    stage.start_date, stage.end_date = date(2025, 11, 1), date(2025, 11, 30)
    stage.save()
    assert not schedule(agreement, date(2026, 1, 5)).last_evaluated
