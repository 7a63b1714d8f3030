"""Bad addresses get a clear message or a 404, never a server error."""

import pytest
from django.urls import reverse

from tests.factories import make_published_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_agreement():
    make_published_agreement()


def get_list(client, **params):
    return client.get(reverse("public:agreement_list"), params, HTTP_ACCEPT_LANGUAGE="id")


@pytest.mark.parametrize(
    "params",
    [
        {"agency": "tidak-ada"},
        {"focus_area": "tidak-ada"},
        {"election": "tidak-ada"},
        {"status": "hilang"},
        {"year": "abad"},
        {"year": "1800"},
        {"sort": "acak"},
    ],
)
def test_it_explains_an_unknown_filter_value(client, params):
    response = get_list(client, **params)

    assert response.status_code == 400
    assert 'class="notice notice-error"' in response.text
    assert "page" not in response.context


def test_it_refuses_a_10000_character_search_with_a_message(client):
    response = get_list(client, q="pemilu " * 1430)

    assert response.status_code == 400
    assert "200" in str(response.context["form"].errors["q"])


@pytest.mark.parametrize("day", ["2022-13-45", "28/12/2022x", "kemarin", "2022-02-30"])
def test_it_explains_a_malformed_date(client, day):
    response = get_list(client, signed_from=day)

    assert response.status_code == 400
    assert "signed_from" in response.context["form"].errors


def test_it_explains_a_date_range_that_ends_before_it_starts(client):
    response = get_list(client, signed_from="2023-01-01", signed_to="2022-01-01")

    assert response.status_code == 400


@pytest.mark.parametrize("page", ["abc", "999999", "0", "-1", "1.5"])
def test_it_answers_a_page_that_does_not_exist_with_404_and_a_message(client, page):
    response = get_list(client, page=page)

    assert response.status_code == 404
    assert response.context["missing_page"] == page


@pytest.mark.parametrize(
    "url",
    [
        "/agreements/999999/",
        "/agreements/abc/",
        "/agencies/tidak-ada/",
        "/focus-areas/tidak-ada/",
        "/elections/tidak-ada/",
        "/documents/999999/",
    ],
)
def test_it_answers_an_unknown_object_with_a_404_page(client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.text


def test_it_answers_bad_open_data_filters_with_400_and_plain_text(client):
    response = client.get(reverse("public:agreements_csv"), {"year": "abad", "signed_to": "x"})

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "year:" in response.text
    assert "signed_to:" in response.text
