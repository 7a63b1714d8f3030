"""Only KPU staff reach the workspace; anyone else is sent to log in or told the page does not exist."""

import pytest
from django.test import Client
from django.urls import reverse

from agencies import roles
from tests.factories import make_agreement, make_election, make_user


@pytest.fixture
def urls(db):
    agreement, election = make_agreement(), make_election(slug="pemilu-uji")
    return [
        reverse("workspace:dashboard"),
        reverse("workspace:agency_progress"),
        reverse("workspace:monev_index"),
        reverse("workspace:monev_agreement", args=[agreement.pk]),
        reverse("workspace:monev_election", args=[election.slug]),
        reverse("workspace:commitment_import"),
        reverse("workspace:deleted_records"),
    ]


def test_it_sends_anonymous_visitors_to_the_login_page(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login") + "?next="), url


def test_it_answers_a_liaison_with_not_found(client, liaison, urls):
    client.force_login(liaison)
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_it_refuses_a_liaison_a_restore_without_saying_what_exists(client, liaison):
    client.force_login(liaison)
    response = client.post(reverse("workspace:restore", args=["agreement", 1]))
    assert response.status_code == 404


def test_it_shows_every_page_to_staff(staff_client, urls):
    for url in urls:
        assert staff_client.get(url).status_code == 200, url


def test_it_asks_staff_for_the_second_factor_first(staff, urls):
    client = Client()
    client.force_login(staff)
    response = client.get(urls[0])
    assert response.status_code == 302
    assert response.url.startswith(reverse("security:two_factor_setup"))


def test_it_refuses_the_import_to_staff_without_the_permission_to_add_commitments(client, db, monkeypatch):
    # Every staff role may add commitments today; the view must still ask the role, not assume it.
    monkeypatch.setattr(
        roles, "STAFF_DENIED_PERMISSIONS", {*roles.STAFF_DENIED_PERMISSIONS, "agreements.add_commitment"}
    )
    clerk = make_user("clerk", is_staff=True)
    client.force_login(clerk)
    assert client.get(reverse("workspace:commitment_import")).status_code == 403
