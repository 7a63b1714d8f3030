"""Staff end a force majeure event from the agreement's admin page: a date, a confirmation listing the
deadlines it extends, then the moves; bad input is answered with a message, never a server error."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.offices import OfficeLevel
from agreements.admin.clauses import ForceMajeureForm
from agreements.models import Commitment, ForceMajeureEvent
from tests.conftest import TwoFactorClient
from tests.factories import make_agreement, make_commitment, make_kpu_office, make_kpu_staff, make_stage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """Notes and messages in English, so that assertions read like the msgids."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def client():
    client = TwoFactorClient()
    client.force_login(make_kpu_staff())
    return client


@pytest.fixture
def commitment():
    return make_commitment(
        due_kind=Commitment.DueKind.FIXED, due_date=date(2024, 2, 20), title="Siaran pemilih"
    )


@pytest.fixture
def event(commitment):
    event = ForceMajeureEvent.objects.create(
        agreement=commitment.agreement, starts_on=date(2024, 2, 1), reason="Banjir bandang"
    )
    event.suspended_commitments.set([commitment])
    return event


def end_url(event):
    return reverse("admin:agreements_agreement_force_majeure_end", args=[event.agreement_id, event.pk])


def change_url(agreement):
    return reverse("admin:agreements_agreement_change", args=[agreement.pk])


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


def test_it_offers_a_button_to_end_an_ongoing_event_on_the_agreement_page(client, event):
    page = client.get(change_url(event.agreement)).content.decode()
    assert f'href="{end_url(event)}"' in page


def test_its_agreement_form_has_no_end_date_field(client, event):
    page = client.get(change_url(event.agreement)).content.decode()
    assert 'name="force_majeure_events-0-ends_on"' not in page


def test_it_asks_for_the_end_date(client, event):
    response = client.get(end_url(event))
    assert (response.status_code, 'name="ends_on"' in response.content.decode()) == (200, True)


def test_it_lists_the_deadlines_it_would_move_before_moving_them(client, event, commitment):
    response = client.post(end_url(event), {"ends_on": "2024-02-10"})
    page = response.content.decode()
    assert ("Siaran pemilih" in page, 'name="confirm"' in page, commitment.due_date_changes.exists()) == (
        True,
        True,
        False,
    )


def test_it_says_a_stage_tied_deadline_becomes_a_fixed_date(client, event):
    stage = make_stage(name="Kampanye", start_date=date(2024, 2, 1), end_date=date(2024, 2, 20))
    tied = make_commitment(event.agreement, due_kind=Commitment.DueKind.STAGE, due_stage=stage)
    event.suspended_commitments.add(tied)
    page = client.post(end_url(event), {"ends_on": "2024-02-10"}).content.decode()
    assert "No longer tied to the stage “Kampanye”" in page


def test_it_ends_the_event_and_moves_the_deadlines_once_confirmed(client, event, commitment):
    response = client.post(end_url(event), {"ends_on": "2024-02-10", "confirm": "1"}, follow=True)
    commitment.refresh_from_db()
    assert commitment.due_on == date(2024, 3, 1)
    assert shown_messages(response) == [
        "The force majeure event ended on 10 February 2024: 1 deadline extended."
    ]


@pytest.mark.parametrize("ends_on", ["kemarin", "2024-01-31", "2999-01-01", ""])
def test_it_answers_a_bad_date_with_a_message_and_moves_nothing(client, event, commitment, ends_on):
    response = client.post(end_url(event), {"ends_on": ends_on, "confirm": "1"})
    event.refresh_from_db()
    assert (response.status_code, event.ends_on, commitment.due_date_changes.exists()) == (200, None, False)
    assert 'class="errorlist' in response.content.decode()


def test_it_sends_an_ended_event_back_to_the_agreement_with_a_warning(client, event):
    event.ends_on = date(2024, 2, 10)
    event.save()
    response = client.get(end_url(event), follow=True)
    assert response.redirect_chain[-1][0] == change_url(event.agreement)
    assert shown_messages(response) == [
        "This force majeure event already ended on 10 February 2024; its deadlines were extended then."
    ]


def test_it_finds_no_event_of_another_agreement(client, event):
    other = make_agreement()
    url = reverse("admin:agreements_agreement_force_majeure_end", args=[other.pk, event.pk])
    assert client.get(url).status_code == 404


def test_it_finds_no_agreement_of_another_office(client):
    agreement = make_agreement(kpu=make_kpu_office())
    event = ForceMajeureEvent.objects.create(agreement=agreement, starts_on=date(2024, 2, 1), reason="Gempa")
    assert client.get(end_url(event)).status_code == 404


def review_queries(client, event):
    with CaptureQueriesContext(connection) as queries:
        client.post(end_url(event), {"ends_on": "2024-02-10"})
    return len(queries)


def test_its_confirmation_page_reads_the_same_number_of_queries_however_many_deadlines_move(client, event):
    stage = make_stage(start_date=date(2024, 2, 1), end_date=date(2024, 2, 20))
    one = review_queries(client, event)
    for _ in range(3):
        tied = make_commitment(event.agreement, due_kind=Commitment.DueKind.STAGE, due_stage=stage)
        event.suspended_commitments.add(tied)
    assert review_queries(client, event) == one


def test_it_offers_no_button_on_an_agreement_the_user_only_reads(event):
    province = make_kpu_office(office_level=OfficeLevel.PROVINCE)
    event.agreement.office.parent = province
    event.agreement.office.save()
    client = TwoFactorClient()
    client.force_login(make_kpu_staff(office=province))
    response = client.get(change_url(event.agreement))
    assert (response.status_code, end_url(event) in response.content.decode()) == (200, False)
    assert client.post(end_url(event), {"ends_on": "2024-02-10", "confirm": "1"}).status_code == 403


def test_an_ended_event_keeps_its_start_and_suspended_deadlines(event, commitment):
    ForceMajeureEvent.objects.filter(pk=event.pk).update(ends_on=date(2024, 2, 10))
    event.refresh_from_db()
    other = make_commitment(commitment.agreement, title="Lain")
    data = {"starts_on": "2024-01-01", "reason": "Banjir bandang", "suspended_commitments": [other.pk]}
    form = ForceMajeureForm(data, instance=event)

    assert form.is_valid(), form.errors
    saved = form.save()
    assert saved.starts_on == date(2024, 2, 1)
    assert list(saved.suspended_commitments.all()) == [commitment]


def test_an_ongoing_event_s_start_can_still_be_corrected(event):
    form = ForceMajeureForm({"starts_on": "2024-01-25", "reason": "Banjir bandang"}, instance=event)

    assert form.is_valid(), form.errors
    assert form.save().starts_on == date(2024, 1, 25)
