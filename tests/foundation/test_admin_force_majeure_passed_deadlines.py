"""A force majeure event suspends only deadlines it reaches: the agreement's form refuses to suspend one that
passed before the event started, which ending the event would never extend (docs/domain.md, "Timeliness")."""

from datetime import date

import pytest

from agreements.models import Commitment, ForceMajeureEvent
from tests.conftest import logged_in
from tests.factories import make_agreement, make_commitment, make_kpu_staff
from tests.foundation.test_admin_force_majeure_moved_deadlines import submit

pytestmark = pytest.mark.django_db
SUSPENDED = "force_majeure_events-0-suspended_commitments"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def agreement():
    return make_agreement()


def due(agreement, day, title):
    return make_commitment(agreement, title=title, due_kind=Commitment.DueKind.FIXED, due_date=day)


@pytest.fixture
def event(agreement):
    return ForceMajeureEvent.objects.create(agreement=agreement, starts_on=date(2024, 2, 1), reason="Banjir")


def test_it_refuses_a_deadline_that_passed_before_the_event_and_keeps_what_was_typed(agreement, event):
    passed = due(agreement, date(2024, 1, 15), "Memasang materi sosialisasi")
    reached = due(agreement, date(2024, 3, 1), "Siaran pemilih")

    answer = submit(logged_in(make_kpu_staff()), agreement, **{SUSPENDED: [passed.pk, reached.pk]})

    assert answer.status_code == 200
    assert (
        "Due before the event starts (1 February 2024), so the event does not suspend it: "
        "Memasang materi sosialisasi."
    ) in answer.content.decode()
    assert not event.suspended_commitments.exists()


def test_it_suspends_a_deadline_the_event_reaches(agreement, event):
    reached = due(agreement, date(2024, 2, 1), "Siaran pemilih")  # due on its first day: reached

    assert submit(logged_in(make_kpu_staff()), agreement, **{SUSPENDED: [reached.pk]}).status_code == 302

    assert list(event.suspended_commitments.all()) == [reached]


def test_an_event_saved_before_the_check_keeps_what_it_holds(agreement, event):
    passed = due(agreement, date(2024, 1, 15), "Memasang materi sosialisasi")
    event.suspended_commitments.set([passed])

    assert submit(logged_in(make_kpu_staff()), agreement, title="Judul baru").status_code == 302

    assert list(event.suspended_commitments.all()) == [passed]
