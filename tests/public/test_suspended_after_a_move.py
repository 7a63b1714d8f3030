"""A force majeure event names the deadlines it suspended; one of them moved since to an agreement the public
cannot read (a draft, another office's) is no longer named anywhere public: not on the page, in the open data
or the API."""

import pytest
from django.urls import reverse

from tests.factories import make_agreement, make_kpu_office
from tests.public.test_agreement_clauses import full_pks, page_of
from tests.public.test_open_data import read_csv

pytestmark = pytest.mark.django_db
MOVED = "Kewajiban yang dipindahkan"


@pytest.fixture
def agreement():
    """A published PKS whose flood suspended a deadline that moved since to another office's draft."""
    agreement = full_pks()
    moved = agreement.commitments.get()
    moved.title = MOVED
    moved.agreement = make_agreement(kpu=make_kpu_office(slug="kpu-lain"))
    moved.save()
    return agreement


def test_the_agreement_page_does_not_name_a_suspended_deadline_moved_to_an_unpublished_agreement(
    client, agreement
):
    assert MOVED not in page_of(client, agreement)


def test_the_open_data_do_not_carry_the_id_of_a_suspended_deadline_moved_to_an_unpublished_agreement(
    client, agreement
):
    (row,) = read_csv(client.get(reverse("public:agreements_csv")))
    assert row["force_majeure_events"] == "2023-11-06/: Banjir 1"


def test_the_api_does_not_carry_the_id_of_a_suspended_deadline_moved_to_an_unpublished_agreement(
    client, agreement
):
    response = client.get(reverse("api:agreement_detail", args=[agreement.pk]))
    assert response.json()["force_majeure_events"] == ["2023-11-06/: Banjir 1"]


def test_the_agreement_page_still_names_a_suspended_deadline_moved_to_a_published_agreement(client):
    agreement = full_pks()
    moved = agreement.commitments.get()
    moved.title = MOVED
    moved.agreement = make_agreement(is_published=True)
    moved.save()
    assert MOVED in page_of(client, agreement)
