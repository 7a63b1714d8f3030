"""Monev period keys: each names one span of days, and the day the report compares with."""

from datetime import date

import pytest

from tests.factories import make_stage
from workspace.monev_periods import PeriodError, parse_period, recent_periods


def test_it_reads_a_quarter():
    period = parse_period("2024-Q2")
    assert (period.start, period.end, period.previous_end) == (
        date(2024, 4, 1),
        date(2024, 6, 30),
        date(2024, 3, 31),
    )


def test_it_reads_the_last_quarter_to_the_end_of_the_year():
    assert parse_period("2024-Q4").end == date(2024, 12, 31)


def test_it_reads_a_semester():
    period = parse_period("2024-S2")
    assert (period.start, period.end, period.previous_end) == (
        date(2024, 7, 1),
        date(2024, 12, 31),
        date(2024, 6, 30),
    )


def test_it_reads_a_stage_by_its_own_dates(db):
    stage = make_stage(start_date=date(2024, 9, 25), end_date=date(2024, 11, 23))
    period = parse_period(f"stage-{stage.pk}")
    assert (period.start, period.end) == (date(2024, 9, 25), date(2024, 11, 23))


def test_it_reads_a_stage_with_only_an_end_as_one_day(db):
    stage = make_stage(start_date=None, end_date=date(2024, 11, 27))
    assert parse_period(f"stage-{stage.pk}").start == date(2024, 11, 27)


def test_it_reads_a_date_from_the_start_of_its_quarter():
    period = parse_period("2024-05-20")
    assert (period.start, period.end) == (date(2024, 4, 1), date(2024, 5, 20))


@pytest.mark.parametrize(
    "key", ["", "2024-Q5", "2024-S3", "1899-Q1", "2024-02-30", "stage-x", "Q1-2024", "x" * 500]
)
def test_it_refuses_what_names_no_period(key, db):
    with pytest.raises(PeriodError):
        parse_period(key)


def test_it_says_when_a_stage_does_not_exist(db):
    with pytest.raises(PeriodError, match="No election stage"):
        parse_period("stage-999999")


def test_it_offers_only_periods_that_have_started():
    periods = recent_periods(date(2026, 5, 4))
    keys = [period.key for period in periods]
    assert "2026-Q2" in keys and "2026-Q3" not in keys and "2026-S2" not in keys
    assert keys[-1] == "2023-Q1"
