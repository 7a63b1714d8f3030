"""Whether removing accounts would leave an office without an active administrator is read for the whole
selection at once (agencies.roles.accounts_removal_error): the same queries for three times the accounts."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Membership, User
from agencies.roles import accounts_removal_error
from tests.benchmarks.growth import at_n_and_3n
from tests.conftest import logged_in
from tests.factories import make_kpu_office, make_kpu_staff, make_staff

pytestmark = pytest.mark.django_db

ADMINISTRATOR = Membership.Role.ADMINISTRATOR


def grow_leaving_administrators(rows):
    """``rows`` offices, each with an administrator who stays and one whose account goes (named "leaving")."""
    for _ in range(rows):
        office = make_kpu_office()
        make_kpu_staff(office=office, role=ADMINISTRATOR)
        make_kpu_staff(office=office, role=ADMINISTRATOR, first_name="leaving")


def leaving():
    return User.objects.filter(first_name="leaving")


def test_checking_the_accounts_asks_the_same_queries_for_three_times_the_accounts():
    """In a transaction, as its callers run it: each office's row is locked, all of them in one query."""

    def count():
        with transaction.atomic(), CaptureQueriesContext(connection) as captured:
            assert accounts_removal_error(leaving().values("pk")) is None
        return len(captured)

    few, many = at_n_and_3n(count, grow_leaving_administrators)
    assert few == many


def test_deleting_accounts_in_the_admin_reads_the_same_for_three_times_the_accounts():
    """Each account's memberships are logged to the security log with their organisation: read for all of
    them at once. Only the writes (the rows and their history) grow with the selection."""
    office = make_kpu_office()
    make_kpu_staff(office=office, role=ADMINISTRATOR)
    client = logged_in(make_staff("root"))
    url = reverse("admin:agencies_user_changelist")

    def delete(accounts):
        ids = [make_kpu_staff(office=office).pk for _ in range(accounts)]
        data = {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url, data)
        assert response.status_code == 302
        assert not User.objects.filter(pk__in=ids).exists()
        return [query["sql"] for query in captured if query["sql"].startswith("SELECT")]

    delete(1)  # the first also fills the process's caches (content types)
    few, many = delete(2), delete(6)
    assert len(few) == len(many)
