"""The one date scale that both timelines (public election page, staff dashboard) draw on."""

from datetime import date

from django.utils import translation

from kpu_coop.timescale import TimeScale


def test_it_puts_the_first_day_at_the_left_and_the_end_at_the_right():
    scale = TimeScale(date(2024, 1, 1), date(2024, 1, 11), left=300, width=690)

    assert (scale.x(date(2024, 1, 1)), scale.x(date(2024, 1, 6)), scale.x(date(2024, 1, 11))) == (
        300,
        645,
        990,
    )


def test_it_rounds_positions_to_a_tenth():
    assert TimeScale(date(2024, 1, 1), date(2024, 1, 4)).x(date(2024, 1, 2)) == 333.3


def test_a_one_day_range_does_not_divide_by_zero():
    assert TimeScale(date(2024, 2, 14), date(2024, 2, 14)).x(date(2024, 2, 14)) == 0


def test_it_marks_each_new_year_inside_the_range():
    scale = TimeScale(date(2022, 7, 1), date(2024, 7, 1))

    assert [year for year, _ in scale.year_ticks()] == [2023, 2024]


def test_it_marks_every_month_over_a_year_and_every_third_over_two():
    with translation.override("en"):
        short = TimeScale(date(2024, 1, 15), date(2024, 4, 15)).month_ticks()
        long = TimeScale(date(2023, 1, 15), date(2024, 12, 15)).month_ticks()

    assert [label for _, label in short] == ["Feb 2024", "Mar 2024", "Apr 2024"]
    assert [label for _, label in long][:3] == ["Apr 2023", "Jul 2023", "Oct 2023"]
