"""Whether removing accounts would leave an office without an active administrator is read for the whole
selection at once (agencies.roles.accounts_removal_error): the same queries for three times the accounts."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from agencies.models import Membership, User
from agencies.roles import accounts_removal_error
from tests.benchmarks.growth import at_n_and_3n
from tests.factories import make_kpu_office, make_kpu_staff

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
