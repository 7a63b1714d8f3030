"""/api/v1/: what the public site shows, as JSON; never an unpublished agreement or an internal field."""

import pytest
from django.urls import reverse

from agreements.models import Commitment
from public.opendata import AGREEMENT_COLUMNS
from tests.factories import (
    make_agreement,
    make_commitment,
    make_election,
    make_focus_area,
    make_kpu_office,
    make_published_agreement,
    make_stage,
)

pytestmark = pytest.mark.django_db


def get(client, name, *args, **params):
    return client.get(reverse(f"api:{name}", args=args), params)


def test_it_lists_published_agreements_with_every_open_data_column(client):
    agreement = make_published_agreement(title="PKS Dukcapil")

    data = get(client, "agreement_list").json()

    assert [row["id"] for row in data["results"]] == [agreement.pk]
    assert list(data["results"][0]) == [column.name for column in AGREEMENT_COLUMNS]
    assert data["results"][0]["first_party_name"] == "KPU Kabupaten Uji"


def test_it_never_lists_or_shows_an_unpublished_agreement(client):
    draft = make_agreement(title="Draf rahasia")
    make_commitment(draft, title="Kewajiban rahasia")

    listed = get(client, "agreement_list").json()["results"]
    commitments = get(client, "commitment_list").json()["results"]

    assert listed == [] and commitments == []
    assert get(client, "agreement_detail", draft.pk).status_code == 404


def test_it_shows_an_agreement_with_its_commitments_and_no_internal_field(client):
    agreement = make_published_agreement(notes="catatan internal")
    make_commitment(agreement, title="Menyediakan data", status=Commitment.Status.DONE)

    response = get(client, "agreement_detail", agreement.pk)

    assert response.json()["commitments"][0]["title"] == "Menyediakan data"
    assert b"catatan internal" not in response.content
    assert "notes" not in response.json()


def test_it_filters_as_the_listing_does(client):
    area = make_focus_area(slug="data-pemilih")
    tagged = make_published_agreement()
    tagged.focus_areas.add(area)
    make_published_agreement()

    data = get(client, "agreement_list", focus_area="data-pemilih").json()

    assert [row["id"] for row in data["results"]] == [tagged.pk]


def test_it_explains_a_filter_it_cannot_use(client):
    response = get(client, "agreement_list", signed_from="kemarin")

    assert response.status_code == 400
    assert "signed_from" in response.json()


def test_it_pages_with_a_cursor(client):
    agreements = [make_published_agreement() for _n in range(3)]

    first = get(client, "agreement_list", page_size=2).json()
    second = client.get(first["next"]).json()

    ids = [row["id"] for row in first["results"] + second["results"]]
    assert ids == sorted((a.pk for a in agreements), reverse=True)
    assert second["next"] is None


def test_it_lists_offices_with_their_region_code(client):
    make_kpu_office(slug="kpu-contoh", short_name="KPU Contoh")

    offices = get(client, "office_list").json()["results"]

    assert "kpu-contoh" in [office["slug"] for office in offices]
    assert {"region_code", "office_level", "parent"} <= set(offices[0])


def test_it_lists_elections_with_their_stages(client):
    election = make_election(slug="pilkada-uji")
    make_stage(election, name="Pemungutan suara")

    data = get(client, "election_detail", "pilkada-uji").json()

    assert [stage["name"] for stage in data["stages"]] == ["Pemungutan suara"]


def test_it_lists_focus_areas_and_public_organisations_only(client):
    make_focus_area(slug="logistik")
    agreement = make_published_agreement()
    make_agreement()  # its agency is a party to a draft only

    areas = [area["slug"] for area in get(client, "focus_area_list").json()["results"]]
    organisations = {o["slug"] for o in get(client, "organisation_list").json()["results"]}

    assert "logistik" in areas
    assert organisations == set(agreement.parties.values_list("organisation__slug", flat=True))


def test_it_answers_not_modified_to_a_known_copy(client):
    make_published_agreement()
    etag = get(client, "agreement_list")["ETag"]

    response = client.get(reverse("api:agreement_list"), headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response["Access-Control-Allow-Origin"] == "*"


def test_it_lets_any_site_read_it(client):
    response = client.options(reverse("api:agreement_list"), headers={"origin": "https://example.org"})

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_it_refuses_writes(client):
    response = client.post(reverse("api:agreement_list"), {})

    assert response.status_code == 405


def test_it_limits_anonymous_clients(client, settings):
    settings.API_ANON_RATE = "2/minute"

    codes = [get(client, "focus_area_list").status_code for _n in range(3)]

    assert codes == [200, 200, 429]


def queries_for(client, name, *args):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert get(client, name, *args).status_code == 200
    return len(queries)


def add_records(n):
    election = make_election()
    for _n in range(n):
        agreement = make_published_agreement()
        agreement.focus_areas.add(make_focus_area())
        agreement.elections.add(election)
        make_stage(election)
        make_kpu_office()
        commitment = make_commitment(agreement)
        commitment.status = Commitment.Status.DONE
        commitment.save()
    return agreement


@pytest.mark.usefixtures("site_data_read_afresh")
@pytest.mark.parametrize(
    "name",
    ["agreement_list", "commitment_list", "organisation_list", "office_list", "election_list", "change_list"],
)
def test_it_reads_a_list_in_a_fixed_number_of_queries(client, name, settings):
    settings.CHANGES_FEED_SETTLE_SECONDS = 0
    add_records(1)
    few = queries_for(client, name)
    add_records(5)

    assert queries_for(client, name) == few


def test_it_reads_an_agreement_in_a_fixed_number_of_queries(client):
    few = queries_for(client, "agreement_detail", add_records(1).pk)
    agreement = add_records(1)
    for _n in range(5):
        make_commitment(agreement)

    assert queries_for(client, "agreement_detail", agreement.pk) == few


def test_it_serves_its_openapi_schema_and_docs(client):
    schema = client.get(reverse("api:schema"))
    docs = client.get(reverse("api:docs"))

    assert schema.status_code == 200
    assert "/api/v1/agreements/" in schema.json()["paths"]
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content


def test_an_agreement_names_its_office_region_code_as_the_offices_list_does(client):
    make_published_agreement(kpu=make_kpu_office(slug="kpu-tanpa-wilayah", region=None))

    agreement = get(client, "agreement_list").json()["results"][0]
    offices = {office["slug"]: office for office in get(client, "office_list").json()["results"]}

    assert agreement["office"] == "kpu-tanpa-wilayah"
    assert agreement["office_region_code"] is None
    assert offices["kpu-tanpa-wilayah"]["region_code"] is None
