"""An admin list filtered by a related record's number too large for the database (a crafted or mistyped
address) never answers with an error: SQLite cannot bind it, and the list gets Django's "invalid filter"
answer (kpu_coop.admin_input); PostgreSQL binds it and finds no record."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.conftest import logged_in
from tests.factories import make_agreement, make_kpu_staff, make_stage

pytestmark = pytest.mark.django_db

TOO_LARGE = "99999999999999999999"  # past 2**63: SQLite cannot bind it

LISTS = [
    ("admin:agreements_agreement_changelist", "office"),
    ("admin:agreements_election_changelist", "office"),
    ("admin:agreements_electionstage_changelist", "election"),
    ("admin:agreements_commitment_changelist", "agreement"),
]


@pytest.mark.parametrize(("changelist", "field"), LISTS)
def test_it_answers_a_filter_on_a_number_no_record_can_have_as_an_invalid_filter(changelist, field):
    make_agreement(), make_stage()
    url = reverse(changelist)

    response = logged_in(make_kpu_staff()).get(url, {field: TOO_LARGE})

    if connection.vendor == "sqlite":
        assert (response.status_code, response["Location"]) == (302, f"{url}?e=1")
    else:
        assert (response.status_code, response.context["cl"].result_count) == (200, 0)
