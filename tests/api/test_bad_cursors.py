"""A cursor someone changed by hand is refused as DRF refuses any malformed cursor (404, "Invalid cursor"),
never a 500; a cursor the API gave still pages. OPTIONS on the schema and its docs page is no 500 either."""

from base64 import b64encode
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.pagination import CursorPagination

from tests.factories import (
    make_document,
    make_election,
    make_focus_area,
    make_kpu_office,
    make_kpu_staff,
    make_published_agreement,
)
from tests.public.test_open_data_due_date_changes import moved

pytestmark = pytest.mark.django_db

BY_ID = ["agreement_list", "commitment_list", "document_list", "due_date_change_list", "task_list"]
BY_NAME = ["organisation_list", "office_list", "election_list", "focus_area_list"]


def cursor(**tokens):
    """A cursor as DRF writes one: the base64 of a query string (p: position, o: offset, r: reverse)."""
    return b64encode(urlencode(tokens).encode("ascii")).decode("ascii")


@pytest.fixture
def api(client):
    """``api(name or address, **params)``: a list's answer; the task list's with a KPU staff token."""
    token = Token.objects.create(user=make_kpu_staff())

    def get(name, **params):
        address = name if name.startswith("http") else reverse(f"api:{name}")
        return client.get(address, params, headers={"authorization": f"Token {token.key}"})

    return get


@pytest.fixture
def two_of_each():
    for n in range(2):
        agreement = make_published_agreement()
        make_document(agreement)
        moved(agreement, f"Data pemilih {n}")
        make_kpu_office()
        make_election()
        make_focus_area()


def assert_invalid_cursor(response):
    assert response.status_code == 404, response.content
    assert response.json() == {"detail": str(CursorPagination.invalid_cursor_message)}


@pytest.mark.parametrize("name", BY_ID)
@pytest.mark.parametrize("position", ["abc", "1.5", "", " 1", "-1", "١٢", "9" * 19, "1\x00"])
def test_it_refuses_a_position_that_is_no_record_id(api, name, position):
    assert_invalid_cursor(api(name, cursor=cursor(p=position)))


@pytest.mark.parametrize("name", BY_NAME)
@pytest.mark.parametrize("position", ["\x00", "a\x00b", "kpu-uji\x00"])
def test_it_refuses_a_position_with_a_nul_character(api, name, position):
    # PostgreSQL's text cannot hold one: the query would fail, not find nothing.
    assert_invalid_cursor(api(name, cursor=cursor(p=position, r=1)))


@pytest.mark.parametrize("name", BY_NAME)
def test_it_pages_from_any_other_text_on_a_list_by_name(api, name):
    assert api(name, cursor=cursor(p="abc")).status_code == 200


@pytest.mark.parametrize("name", BY_ID + BY_NAME)
def test_it_still_refuses_what_drf_refuses(api, name):
    for malformed in ("kursor-é", cursor(o="x"), cursor(r="x"), "cD1hYmM"):
        assert_invalid_cursor(api(name, cursor=malformed))


@pytest.mark.usefixtures("two_of_each")
@pytest.mark.parametrize("name", BY_ID + BY_NAME)
def test_it_follows_the_next_and_previous_cursors_it_gave(api, name):
    first = api(name, page_size=1).json()
    second = api(first["next"]).json()
    back = api(second["previous"]).json()

    assert second["results"] and second["results"] != first["results"]
    assert back["results"] == first["results"]


@pytest.mark.parametrize("name", ["docs", "schema", "agreement_list"])
def test_it_answers_options_on_the_docs_and_schema_as_on_a_list(client, name):
    response = client.options(reverse(f"api:{name}"))

    assert response.status_code == 200
    assert {"name", "description", "renders"} <= set(response.json())
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_docs_page_still_refuses_writes(client):
    assert client.post(reverse("api:docs")).status_code == 405
