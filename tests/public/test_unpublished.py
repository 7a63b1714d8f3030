"""An unpublished agreement does not exist for the public: 404 or absent, everywhere."""

from datetime import date

import pytest
from django.urls import reverse

from agreements.models import Commitment
from tests.factories import make_agreement, make_commitment, make_document, make_staff, second_party

pytestmark = pytest.mark.django_db

SECRET = "Perjanjian Rahasia Belum Terbit"


@pytest.fixture
def unpublished():
    agreement = make_agreement(title=SECRET)
    commitment = make_commitment(agreement, title="Kewajiban rahasia", status=Commitment.Status.DONE)
    # A moved deadline: the feed of moved deadlines must leave it out too.
    commitment.due_kind, commitment.due_date = Commitment.DueKind.FIXED, date(2024, 3, 1)
    commitment.save()
    return agreement


def test_it_answers_404_for_the_agreement_page(client, unpublished):
    assert client.get(reverse("public:agreement_detail", args=[unpublished.pk])).status_code == 404


def test_it_answers_404_even_to_kpu_staff_on_the_public_site(client, unpublished):
    client.force_login(make_staff())

    assert client.get(reverse("public:agreement_detail", args=[unpublished.pk])).status_code == 404


def test_it_answers_404_for_its_documents(client, unpublished):
    document = make_document(unpublished, is_public=True)

    assert client.get(reverse("public:document_download", args=[document.pk])).status_code == 404


def test_it_answers_404_for_an_agency_with_only_unpublished_agreements(client, unpublished):
    agency = second_party(unpublished)

    assert client.get(reverse("public:organisation_detail", args=[agency.slug])).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "agreement_list",
        "organisation_list",
        "agreements_csv",
        "agreements_json",
        "commitments_csv",
        "commitments_json",
        "feed_agreements",
        "feed_progress",
        "feed_deadlines",
    ],
)
def test_it_leaves_it_out_of_lists_open_data_and_feeds(client, unpublished, name):
    text = client.get(reverse(f"public:{name}")).getvalue().decode()

    assert SECRET not in text
    assert "Kewajiban rahasia" not in text
    assert second_party(unpublished).short_name not in text


def test_it_leaves_it_out_of_search_results(client, unpublished):
    response = client.get(reverse("public:agreement_list"), {"q": "Rahasia"})

    assert response.context["paginator"].count == 0
