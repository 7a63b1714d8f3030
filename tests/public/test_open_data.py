"""Open data: CSV and JSON of published agreements and commitments, honouring the listing's filters."""

import csv
import io
import json
from datetime import date

import pytest
from django.urls import reverse

from agreements.models import Commitment
from agreements.services_timeliness import commitment_mark_not_carried_out
from public.opendata import AGREEMENT_COLUMNS, COMMITMENT_COLUMNS
from tests.factories import make_commitment, make_focus_area, make_organisation, make_published_agreement

pytestmark = pytest.mark.django_db


def read_csv(response):
    return list(csv.DictReader(io.StringIO(response.getvalue().decode())))


def read_json(response):
    # Downloads are streamed (a file, or records read a chunk at a time): getvalue() reads them to the end.
    return json.loads(response.getvalue())


def test_it_downloads_agreements_as_csv_with_every_documented_column(client):
    agreement = make_published_agreement(title="PKS Uji")

    response = client.get(reverse("public:agreements_csv"))

    rows = read_csv(response)
    assert response["Content-Disposition"] == 'attachment; filename="agreements.csv"'
    assert list(rows[0]) == [column.name for column in AGREEMENT_COLUMNS]
    assert rows[0]["id"] == str(agreement.pk)
    assert rows[0]["title"] == "PKS Uji"
    assert rows[0]["date_signed"] == "2022-12-28"


def test_it_downloads_agreements_as_json_with_lists_and_progress(client):
    agreement = make_published_agreement()
    agreement.focus_areas.add(make_focus_area(slug="arsip-uji"))
    make_commitment(agreement, status=Commitment.Status.DONE)
    make_commitment(agreement)

    data = read_json(client.get(reverse("public:agreements_json")))

    assert data["count"] == 1
    assert data["agreements"][0]["focus_areas"] == ["arsip-uji"]
    assert data["agreements"][0]["progress_percent"] == 50


def test_it_downloads_commitments_as_csv_and_json(client):
    commitment = make_commitment(make_published_agreement(), title="Menyediakan data")

    rows = read_csv(client.get(reverse("public:commitments_csv")))
    data = read_json(client.get(reverse("public:commitments_json")))

    assert list(rows[0]) == [column.name for column in COMMITMENT_COLUMNS]
    assert rows[0]["title"] == "Menyediakan data"
    assert data["commitments"][0]["id"] == commitment.pk


def test_it_honours_the_listings_filters_in_every_file(client):
    wanted = make_published_agreement(agency=make_organisation(slug="dukcapil"))
    make_commitment(wanted, title="Dicari")
    make_commitment(make_published_agreement(), title="Lain")

    agreements = read_json(client.get(reverse("public:agreements_json"), {"agency": "dukcapil"}))
    commitments = read_csv(client.get(reverse("public:commitments_csv"), {"agency": "dukcapil"}))

    assert [row["id"] for row in agreements["agreements"]] == [wanted.pk]
    assert [row["title"] for row in commitments] == ["Dicari"]


def test_it_documents_every_column_on_the_open_data_page(client):
    text = client.get(reverse("public:open_data")).text

    for column in AGREEMENT_COLUMNS + COMMITMENT_COLUMNS:
        assert f"<code>{column.name}</code>" in text


def test_it_links_the_open_data_for_the_current_filters_from_the_listing(client):
    make_published_agreement(agency=make_organisation(slug="dukcapil"))

    text = client.get(reverse("public:agreement_list"), {"agency": "dukcapil", "sort": "title"}).text

    assert 'href="/data/agreements.csv?agency=dukcapil"' in text


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(client):
    make_published_agreement(title='=HYPERLINK("http://contoh.invalid","klik")')

    rows = read_csv(client.get(reverse("public:agreements_csv")))
    records = read_json(client.get(reverse("public:agreements_json")))["agreements"]

    assert rows[0]["title"] == '\'=HYPERLINK("http://contoh.invalid","klik")'
    assert records[0]["title"] == '=HYPERLINK("http://contoh.invalid","klik")'


def test_it_gives_each_commitment_s_timeliness_facts(client):
    agreement = make_published_agreement()
    done = make_commitment(agreement, due_kind=Commitment.DueKind.FIXED, due_date=date(2024, 3, 1))
    done.due_date = date(2024, 3, 10)
    done.save()
    Commitment.objects.filter(pk=done.pk).update(status="done", verified_on=date(2024, 3, 14))
    failed = make_commitment(agreement, due_kind=Commitment.DueKind.FIXED, due_date=date(2024, 3, 1))
    commitment_mark_not_carried_out(commitment=failed, reason="Anggaran tidak tersedia")

    rows = {row["id"]: row for row in read_csv(client.get(reverse("public:commitments_csv")))}
    data = {
        item["id"]: item for item in read_json(client.get(reverse("public:commitments_json")))["commitments"]
    }

    facts = ("verified_on", "original_due_on", "days_late", "status", "not_carried_out_reason")
    assert [rows[str(done.pk)][name] for name in facts] == ["2024-03-14", "2024-03-01", "4", "done", ""]
    assert [data[failed.pk][name] for name in facts] == [
        None,
        "2024-03-01",
        None,
        "not_carried_out",
        "Anggaran tidak tersedia",
    ]
