from datetime import date

import pytest

from agreements.models import Agreement
from tests.factories import make_agreement

pytestmark = pytest.mark.django_db
Status = Agreement.Status
TODAY = date(2024, 6, 1)


@pytest.mark.parametrize(
    ("state", "term_start", "term_end", "expected"),
    [
        (Status.DRAFT, date(2023, 1, 1), date(2025, 1, 1), Status.DRAFT),
        (Status.SIGNED, date(2024, 7, 1), date(2025, 1, 1), Status.SIGNED),
        (Status.SIGNED, date(2023, 1, 1), date(2025, 1, 1), Status.ACTIVE),
        (Status.SIGNED, date(2023, 1, 1), date(2024, 5, 31), Status.ENDED),
        (Status.TERMINATED, date(2023, 1, 1), date(2025, 1, 1), Status.TERMINATED),
        (Status.SIGNED, None, None, Status.SIGNED),
    ],
)
def test_it_derives_the_status_from_the_dates(state, term_start, term_end, expected):
    agreement = make_agreement(state=state, term_start=term_start, term_end=term_end)
    assert agreement.status_on(TODAY) == expected
    annotated = Agreement.objects.with_status(TODAY).get(pk=agreement.pk)
    assert annotated.status == expected


def test_each_status_filter_and_the_annotation_follow_the_status_rules():
    days = [None, date(2024, 5, 31), TODAY, date(2024, 6, 2)]
    for state in Status.values:
        for term_start in days:
            for term_end in days:
                make_agreement(state=state, term_start=term_start, term_end=term_end)
    agreements = list(Agreement.objects.with_status(TODAY))

    for status in Status.values:
        expected = {agreement.pk for agreement in agreements if agreement.status_on(TODAY) == status}
        assert expected, status
        annotated = {agreement.pk for agreement in agreements if agreement.current_status == status}
        assert annotated == expected, status
        filtered = Agreement.objects.in_status(status, TODAY)
        assert set(filtered.values_list("pk", flat=True)) == expected, status
