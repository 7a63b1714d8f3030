"""/api/v1/tasks/: a liaison or staff member reads their own tasks with a token, and nobody else's."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.factories import (
    assign,
    make_agreement,
    make_commitment,
    make_kpu_office,
    make_kpu_staff,
    make_organisation,
    make_user,
    second_party,
)

pytestmark = pytest.mark.django_db


def tasks(client, user, **params):
    token = Token.objects.create(user=user)
    response = client.get(reverse("api:task_list"), params, headers={"authorization": f"Token {token.key}"})
    assert response.status_code == 200
    return [task["title"] for task in response.json()["results"]]


def test_a_liaison_reads_their_agency_tasks_only(client):
    agreement = make_agreement()
    liaison = make_user(organisation=second_party(agreement))
    make_commitment(agreement, title="Tugas kami")
    make_commitment(make_agreement(agency=make_organisation()), title="Tugas dinas lain")

    assert tasks(client, liaison) == ["Tugas kami"]


def test_staff_read_their_office_tasks_and_not_another_office(client):
    make_commitment(make_agreement(), title="Tugas kantor sendiri")
    other_office = make_kpu_office(slug="kpu-lain")
    make_commitment(make_agreement(kpu=other_office), title="Tugas kantor lain")

    assert tasks(client, make_kpu_staff()) == ["Tugas kantor sendiri"]


def test_mine_keeps_the_tasks_assigned_to_me(client):
    agreement = make_agreement()
    liaison = make_user(organisation=second_party(agreement))
    assign(make_commitment(agreement, title="Untuk saya"), liaison)
    make_commitment(agreement, title="Untuk rekan")

    assert tasks(client, liaison, mine="true") == ["Untuk saya"]


def test_it_refuses_a_missing_or_wrong_token(client):
    make_commitment(make_agreement(), title="Rahasia")

    missing = client.get(reverse("api:task_list"))
    wrong = client.get(reverse("api:task_list"), headers={"authorization": "Token salah"})

    assert (missing.status_code, wrong.status_code) == (401, 401)
    assert b"Rahasia" not in missing.content + wrong.content


def test_a_session_is_not_a_token(client):
    # The API's only private list is for tools; a browser session (and its two-factor state) is not used.
    staff = make_kpu_staff()
    client.force_login(staff)

    assert client.get(reverse("api:task_list")).status_code == 401


def test_a_person_with_no_organisation_reads_nothing(client):
    make_commitment(make_agreement(), title="Rahasia")

    assert tasks(client, make_user()) == []


def test_it_reads_the_tasks_in_a_fixed_number_of_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    agreement = make_agreement()
    liaison = make_user(organisation=second_party(agreement))
    token = Token.objects.create(user=liaison)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("api:task_list"), headers={"authorization": f"Token {token.key}"})
        return len(captured)

    make_commitment(agreement)
    few = queries()
    for _n in range(5):
        assign(make_commitment(agreement), liaison)

    assert queries() == few


def test_a_token_no_key_can_be_is_refused_as_a_wrong_one(client):
    """PostgreSQL cannot compare text holding a NUL character: the look-up would fail, not find nothing."""
    response = client.get(reverse("api:task_list"), headers={"authorization": "Token a\x00b"})

    assert response.status_code == 401
