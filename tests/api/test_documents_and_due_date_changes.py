"""/api/v1/documents/ and /api/v1/due-date-changes/: the rows of the open data files of the same names, with
the same filters; never an unpublished agreement's, a private document or who moved a deadline."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from public.opendata import DOCUMENT_COLUMNS, DUE_DATE_CHANGE_COLUMNS
from tests.factories import (
    make_agreement,
    make_document,
    make_focus_area,
    make_kpu_office,
    make_published_agreement,
    make_staff,
)
from tests.public.test_open_data_due_date_changes import moved

pytestmark = pytest.mark.django_db


def results(client, name, **params):
    response = client.get(reverse(f"api:{name}"), params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_it_lists_the_public_documents_of_published_agreements_only(client):
    agreement = make_published_agreement()
    signed = make_document(agreement, title="Naskah PKS")
    make_document(agreement, title="Nota internal", is_public=False)
    make_document(make_agreement(), title="Naskah belum terbit")

    rows = results(client, "document_list")

    assert [row["id"] for row in rows] == [signed.pk]
    assert list(rows[0]) == [column.name for column in DOCUMENT_COLUMNS]
    assert rows[0]["agreement_id"] == agreement.pk


def test_it_lists_every_move_of_a_published_commitments_deadline_and_never_who_made_it(client):
    staff = make_staff("petugas-rahasia")
    commitment = moved(make_published_agreement(), "Data pemilih", note="Adendum I", by=staff)
    moved(make_agreement(), "Belum terbit", by=staff)

    response = client.get(reverse("api:due_date_change_list"))
    rows = response.json()["results"]

    assert [(row["commitment_id"], row["old_due_on"], row["new_due_on"]) for row in rows] == [
        (commitment.pk, "2024-03-01", "2024-04-01")
    ]
    assert list(rows[0]) == [column.name for column in DUE_DATE_CHANGE_COLUMNS]
    assert b"petugas-rahasia" not in response.content


def test_both_take_the_listings_filters_and_an_office(client):
    area, office = make_focus_area(slug="data-pemilih"), make_kpu_office(slug="kpu-lain")
    tagged, other = make_published_agreement(), make_published_agreement(office=office)
    tagged.focus_areas.add(area)
    make_document(tagged, title="Naskah bertanda")
    make_document(other, title="Naskah kantor lain")
    moved(tagged, "Bertanda")
    moved(other, "Kantor lain")

    assert [row["title"] for row in results(client, "document_list", focus_area="data-pemilih")] == [
        "Naskah bertanda"
    ]
    by_office = results(client, "due_date_change_list", office="kpu-lain")
    assert [row["agreement_id"] for row in by_office] == [other.pk]
    refused = client.get(reverse("api:document_list"), {"focus_area": "tidak-ada"})
    assert refused.status_code == 400


def queries_for(client, name):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(f"api:{name}")).status_code == 200
    return len(queries)


@pytest.mark.usefixtures("site_data_read_afresh")
@pytest.mark.parametrize("name", ["document_list", "due_date_change_list"])
def test_each_reads_a_page_in_a_fixed_number_of_queries(client, name):
    agreement = make_published_agreement()
    make_document(agreement)
    moved(agreement, "Pertama")
    few = queries_for(client, name)
    for n in range(5):
        other = make_published_agreement()
        make_document(other)
        moved(other, f"Kewajiban {n}")

    assert queries_for(client, name) == few
