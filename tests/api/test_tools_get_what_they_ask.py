"""What a tool reading the API and the open data files gets back when it asks in English, sends a bad
parameter, or asks again with the Last-Modified it was given (an audit's findings)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import ForceMajeureEvent
from tests.factories import make_commitment, make_published_agreement

pytestmark = pytest.mark.django_db


def test_it_answers_in_english_when_the_tool_asks_for_english(client):
    response = client.get(reverse("api:agreement_list"), {"year": "abc"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {"year": ["Give a year from 2000 to 2100, for example 2024."]}
    assert response["Content-Language"] == "en"


def test_a_year_without_agreements_is_an_empty_answer_not_an_error(client):
    # A tool walking the years, or an office's files, gets nothing for a year nobody signed in.
    make_published_agreement(date_signed=date(2022, 12, 28))

    api = client.get(reverse("api:agreement_list"), {"year": "2024"})
    csv = client.get(reverse("public:agreements_csv"), {"year": "2024"})
    page = client.get(reverse("public:agreement_list"), {"year": "2024"})

    assert (api.status_code, api.json()["results"]) == (200, [])
    assert (csv.status_code, b"".join(csv.streaming_content).count(b"\n")) == (200, 1)  # the header alone
    assert page.status_code == 200
    assert '<option value="2024" selected>2024</option>' in page.text  # shown chosen, not "Any year"
    assert client.get(reverse("api:agreement_list"), {"year": "2022"}).json()["results"] != []


def test_the_schema_gives_the_year_as_a_range_not_the_years_the_data_holds_now(client):
    make_published_agreement(date_signed=date(2022, 12, 28))

    schema = client.get(reverse("api:schema")).json()

    parameters = schema["paths"]["/api/v1/agreements/"]["get"]["parameters"]
    year = next(parameter for parameter in parameters if parameter["name"] == "year")
    assert year["schema"] == {"type": "integer", "minimum": 2000, "maximum": 2100}


def test_it_answers_in_indonesian_when_the_tool_names_no_language(client):
    response = client.get(reverse("api:change_list"), {"since": "kemarin"})

    assert response.json() == {"since": ["Berikan nilai next_since dari jawaban sebelumnya, atau tanggal."]}
    assert (response["Content-Language"], "Accept-Language" in response["Vary"]) == ("id", True)


@pytest.mark.parametrize(
    ("path", "headers", "indonesian"),
    [
        ("/api/v1/agreements/?cursor=zzz", {}, "Kursor halaman tidak dikenal"),
        ("/api/v1/tasks/", {"HTTP_AUTHORIZATION": "Token"}, "Header Authorization tidak lengkap"),
        ("/api/v1/tasks/", {"HTTP_AUTHORIZATION": "Token a b"}, "tidak boleh berisi spasi"),
        ("/api/v1/tasks/", {"HTTP_AUTHORIZATION": "Token bukan-token"}, "Token tidak dikenal"),
    ],
)
def test_django_rest_framework_s_own_refusals_are_in_indonesian(client, path, headers, indonesian):
    response = client.get(path, **headers)

    assert response.status_code in (401, 404)
    assert indonesian in response.json()["detail"]


def test_a_write_is_refused_in_indonesian(client):
    response = client.post(reverse("api:agreement_list"))

    assert response.status_code == 405
    assert response.json()["detail"].startswith('Metode "POST" tidak diizinkan')


@pytest.mark.parametrize(
    ("name", "key"), [("agreement_detail", 999999), ("organisation_detail", "tidak-ada")]
)
def test_a_record_that_is_not_public_is_not_found_in_the_reader_s_language(client, name, key):
    response = client.get(reverse(f"api:{name}", args=[key]))

    assert response.status_code == 404
    assert response.json() == {"detail": "Data tidak ditemukan."}


@pytest.mark.parametrize("page_size", ["abc", "0", "-5", "1.5", "٣"])
def test_a_page_size_that_is_not_a_positive_whole_number_is_refused_by_name(client, page_size):
    response = client.get(reverse("api:agreement_list"), {"page_size": page_size})

    assert response.status_code == 400
    assert response.json() == {"page_size": ["Isi dengan bilangan bulat dari 1 sampai 200."]}


def test_a_page_size_over_the_most_gives_the_most(client):
    make_published_agreement()

    response = client.get(reverse("api:agreement_list"), {"page_size": "5000"})

    assert response.status_code == 200


def test_the_listing_s_sort_which_the_api_does_not_apply_is_ignored_like_any_unnamed_parameter(client):
    make_published_agreement()

    response = client.get(reverse("api:agreement_list"), {"sort": "relevance"})

    assert response.status_code == 200


@pytest.mark.parametrize("name", ["agreements.csv", "agreements.json", "agreements-excel.csv"])
def test_a_whole_file_asked_again_with_its_own_last_modified_is_not_sent_again(client, name):
    make_commitment(make_published_agreement())
    first = client.get(f"/data/{name}")
    first.getvalue()

    again = client.get(f"/data/{name}", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == 304


def test_the_data_package_asked_again_unchanged_is_not_sent_again(client):
    make_published_agreement()
    first = client.get(reverse("public:datapackage"))

    by_date = client.get(reverse("public:datapackage"), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    by_tag = client.get(reverse("public:datapackage"), HTTP_IF_NONE_MATCH=first["ETag"])

    assert (first.status_code, by_date.status_code, by_tag.status_code) == (200, 304, 304)


def detail_queries(client, agreement):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("api:agreement_detail", args=[agreement.pk])).status_code == 200
    return len(queries)


def suspend(agreement, events):
    commitment = make_commitment(agreement)
    for n in range(events):
        event = ForceMajeureEvent.objects.create(
            agreement=agreement, starts_on=date(2024, 2, 1), reason=f"Banjir {n}"
        )
        event.suspended_commitments.add(commitment)


def test_an_agreement_reads_its_force_majeure_events_in_a_fixed_number_of_queries(client, settings):
    settings.API_ANON_RATE = "1000/minute"
    agreement = make_published_agreement()
    suspend(agreement, 1)
    few = detail_queries(client, agreement)
    suspend(agreement, 3)

    assert detail_queries(client, agreement) == few


def test_a_date_filter_reads_the_same_in_every_language(client):
    # "01/02/2023" was 1 February in Indonesian and 2 January in English: the one URL, two answers.
    make_published_agreement(date_signed=date(2023, 1, 2))

    for language in ("id", "en"):
        response = client.get(
            reverse("api:agreement_list"), {"signed_from": "01/02/2023"}, HTTP_ACCEPT_LANGUAGE=language
        )
        assert (response.status_code, list(response.json())) == (400, ["signed_from"])
    found = client.get(reverse("api:agreement_list"), {"signed_from": "2023-01-02"}).json()["results"]
    assert len(found) == 1
