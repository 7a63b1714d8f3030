"""Applying an addendum from the admin lets staff give the amended PKS's open commitments new due dates;
a bad date is answered next to its field, with everything typed kept, and nothing applied."""

from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Commitment, DueDateChange
from tests.conftest import TwoFactorClient
from tests.factories import make_agreement, make_commitment, make_kpu_staff, make_stage, second_party

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:agreements_agreement_changelist")


@pytest.fixture(autouse=True)
def english(settings):
    """Pages in English, so that assertions read like the msgids."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def client():
    client = TwoFactorClient()
    client.force_login(make_kpu_staff())
    return client


@pytest.fixture
def pks():
    return make_agreement(term_start=date(2023, 1, 1), term_end=date(2024, 12, 31))


@pytest.fixture
def commitment(pks):
    return make_commitment(pks, due_kind=Commitment.DueKind.FIXED, due_date=date(2024, 3, 1), title="Siaran")


@pytest.fixture
def addendum(pks):
    kpu = pks.parties.get(role="first").organisation
    return make_agreement(kind="addendum", parent=pks, title="Addendum I", kpu=kpu, agency=second_party(pks))


def new_date(commitment, typed):
    return {f"due-{commitment.pk}": typed}


def apply(client, addendum, **data):
    selection = {"action": "apply_addendum", ACTION_CHECKBOX_NAME: [addendum.pk]}
    return client.post(CHANGELIST, {**selection, **data}, follow=True)


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


def test_it_offers_a_date_field_for_each_open_commitment(client, addendum, commitment):
    page = apply(client, addendum).content.decode()
    assert f'name="due-{commitment.pk}"' in page


def test_it_offers_none_for_a_commitment_already_done(client, addendum, commitment):
    Commitment.objects.filter(pk=commitment.pk).update(status=Commitment.Status.DONE)
    page = apply(client, addendum).content.decode()
    assert f'name="due-{commitment.pk}"' not in page


def test_it_moves_the_due_date_given_and_says_so(client, addendum, commitment):
    response = apply(client, addendum, apply="1", **new_date(commitment, "2024-06-01"))
    change = commitment.due_date_changes.get()
    assert (change.new_due_on, change.reason) == (date(2024, 6, 1), DueDateChange.Reason.ADDENDUM)
    assert "1 due date moved by the addendum; the public page shows the move." in shown_messages(response)


def test_it_leaves_a_due_date_left_empty_alone(client, addendum, commitment):
    apply(client, addendum, apply="1", **new_date(commitment, ""))
    assert not DueDateChange.objects.exists()


@pytest.mark.parametrize("typed", ["besok", "2025-01-01", "2024-02-30"])
def test_it_answers_a_bad_date_next_to_its_field_and_applies_nothing(client, addendum, commitment, typed):
    response = apply(client, addendum, apply="1", retire=[commitment.pk], **new_date(commitment, typed))
    commitment.refresh_from_db()
    assert (response.status_code, commitment.retired_by, commitment.due_on) == (200, None, date(2024, 3, 1))
    assert shown_messages(response) == ["Correct the new due dates below."]


def test_it_keeps_what_was_typed_when_it_refuses(client, addendum, commitment):
    typed = new_date(commitment, "2025-01-01")
    response = apply(client, addendum, apply="1", retire=[commitment.pk], **typed)
    page = response.content.decode()
    checked = f'value="{commitment.pk}" id="retire-{commitment.pk}" checked'
    assert 'value="2025-01-01"' in page and checked in page


def test_it_shows_the_services_refusal_on_the_same_page(client, addendum, commitment):
    typed = new_date(commitment, "2024-06-01")
    response = apply(client, addendum, apply="1", retire=[commitment.pk], **typed)
    assert (response.status_code, len(shown_messages(response)), DueDateChange.objects.exists()) == (
        200,
        1,
        False,
    )


def page_queries(client, addendum):
    with CaptureQueriesContext(connection) as queries:
        apply(client, addendum)
    return len(queries)


def test_its_page_reads_the_same_number_of_queries_however_many_commitments_are_open(client, pks, addendum):
    stage = make_stage(start_date=date(2024, 2, 1), end_date=date(2024, 2, 20))
    make_commitment(pks, due_kind=Commitment.DueKind.STAGE, due_stage=stage)
    one = page_queries(client, addendum)
    for _ in range(3):
        make_commitment(pks, due_kind=Commitment.DueKind.STAGE, due_stage=stage)
    assert page_queries(client, addendum) == one
