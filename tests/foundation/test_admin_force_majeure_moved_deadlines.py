"""A deadline a force majeure event suspended, moved since to another agreement, stays suspended by the event
when staff save the agreement's form: the form edits only the deadlines still in the agreement, and names the
moved ones only to those who may read them."""

from datetime import date

import pytest
from django.urls import reverse

from agreements.models import ForceMajeureEvent
from tests.admin_forms import change_form_data
from tests.conftest import logged_in
from tests.factories import make_agreement, make_commitment, make_kpu_office, make_kpu_staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def agreement():
    return make_agreement()


@pytest.fixture
def kept(agreement):
    return make_commitment(agreement, title="Siaran pemilih")


@pytest.fixture
def moved(agreement):
    return make_commitment(agreement, title="Data rahasia kantor lain")


@pytest.fixture
def event(agreement, kept, moved):
    event = ForceMajeureEvent.objects.create(agreement=agreement, starts_on=date(2024, 2, 1), reason="Banjir")
    event.suspended_commitments.set([kept, moved])
    return event


def move(commitment, agreement):
    commitment.agreement = agreement
    commitment.save()


@pytest.fixture
def staff_client():
    return logged_in(make_kpu_staff())


def change_url(agreement):
    return reverse("admin:agreements_agreement_change", args=[agreement.pk])


def submit(client, agreement, **changes):
    """Post the agreement's change form back as a browser would, with ``changes`` typed in."""
    url = change_url(agreement)
    return client.post(url, change_form_data(client.get(url)) | changes)


def test_it_keeps_a_deadline_moved_to_another_office_s_agreement_when_an_unrelated_change_is_saved(
    staff_client, agreement, event, kept, moved
):
    move(moved, make_agreement(kpu=make_kpu_office()))

    assert submit(staff_client, agreement, title="Judul baru").status_code == 302

    assert set(event.suspended_commitments.all()) == {kept, moved}


def test_it_keeps_the_moved_deadline_when_staff_change_the_event_s_own_deadlines(
    staff_client, agreement, event, moved
):
    move(moved, make_agreement(kpu=make_kpu_office()))

    answer = submit(staff_client, agreement, **{"force_majeure_events-0-suspended_commitments": []})

    assert answer.status_code == 302
    assert list(event.suspended_commitments.all()) == [moved]


def test_an_ended_event_with_a_moved_deadline_lets_the_agreement_be_saved(
    staff_client, agreement, event, kept, moved
):
    ForceMajeureEvent.objects.filter(pk=event.pk).update(ends_on=date(2024, 2, 10))
    move(moved, make_agreement(kpu=make_kpu_office()))

    assert submit(staff_client, agreement, title="Judul baru").status_code == 302

    assert set(event.suspended_commitments.all()) == {kept, moved}


def test_it_says_a_deadline_moved_to_an_agreement_the_user_cannot_read_without_naming_it(
    staff_client, agreement, event, moved
):
    move(moved, make_agreement(kpu=make_kpu_office()))

    page = staff_client.get(change_url(agreement)).content.decode()

    assert "1 moved since to an agreement you cannot read" in page
    assert "Data rahasia kantor lain" not in page


def test_it_names_a_moved_deadline_the_user_may_read(staff_client, agreement, event, moved):
    move(moved, make_agreement())

    page = staff_client.get(change_url(agreement)).content.decode()

    assert "Data rahasia kantor lain" in page
