"""Dates as Indonesian writes them, and times that say they are Jakarta's (kpu_coop/formats)."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

# 22:09 UTC is 05:09 the next day in Asia/Jakarta (UTC+7, no daylight saving).
MOMENT = datetime(2026, 12, 7, 22, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "8 Desember 2026, 05.09 WIB"), ("en", "8 December 2026, 05:09 WIB")],
)
def test_a_time_is_shown_in_jakarta_and_says_so(language, expected):
    # An office in WITA or WIT reads the same pages: a bare "05.09" would be an hour or two off for them.
    with translation.override(language), timezone.override("Asia/Jakarta"):
        shown = Template('{{ moment|date:"DATETIME_FORMAT" }} {{ day|date }}').render(
            Context({"moment": MOMENT, "day": date(2022, 12, 28)})
        )
    assert shown == f"{expected} {'28 Desember 2022' if language == 'id' else '28 December 2022'}"
