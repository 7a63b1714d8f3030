"""The task list is each user's own and shows a change on the next view."""

import pytest
from django.urls import reverse

from agencies.models import Membership
from tests.factories import assign, make_agreement, make_commitment, make_report, make_user

pytestmark = pytest.mark.django_db

TASKS = reverse("portal:tasks")


@pytest.fixture
def commitment(agency):
    return make_commitment(
        make_agreement(agency=agency), title="Pemutakhiran data pemilih", responsible=agency
    )


def test_a_new_assignment_shows_at_once(client, liaison, commitment):
    client.force_login(liaison)
    assert "Pemutakhiran data pemilih" not in client.get(TASKS, {"scope": "mine"}).text

    assign(commitment, liaison)

    assert "Pemutakhiran data pemilih" in client.get(TASKS, {"scope": "mine"}).text


def test_a_new_report_shows_at_once(client, liaison, commitment):
    client.force_login(liaison)
    assert "report awaiting review" not in client.get(TASKS, {"scope": "all"}).text

    make_report(commitment, author=liaison)

    assert "report awaiting review" in client.get(TASKS, {"scope": "all"}).text


def test_a_colleague_never_gets_another_liaisons_list(client, liaison, agency, commitment):
    assign(commitment, liaison)
    colleague = make_user("dukcapil2", organisation=agency)
    client.force_login(liaison)
    assert "<dd>to you</dd>" in client.get(TASKS, {"scope": "all"}).text

    client.force_login(colleague)

    assert "<dd>to you</dd>" not in client.get(TASKS, {"scope": "all"}).text


def test_a_liaison_who_leaves_the_agency_loses_its_list_at_once(client, liaison, commitment):
    client.force_login(liaison)
    assert "Pemutakhiran data pemilih" in client.get(TASKS, {"scope": "all"}).text

    membership = Membership.objects.get(user=liaison)
    membership.is_active = False
    membership.save()  # as the admin does

    response = client.get(TASKS, {"scope": "all"})
    assert "Pemutakhiran data pemilih" not in response.text
    assert "not linked to an agency" in response.text
