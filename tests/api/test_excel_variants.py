"""The Excel variant of each CSV: UTF-8 with a byte order mark, semicolon-separated, same rows as the CSV."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import make_commitment, make_published_agreement

pytestmark = pytest.mark.django_db


def excel_rows(response):
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def standard_rows(response):
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8"))))


@pytest.mark.parametrize("dataset", ["agreements", "commitments"])
def test_it_holds_the_rows_of_the_standard_csv(client, dataset):
    make_commitment(make_published_agreement(title="PKS; Dukcapil, Bantul"), title="Data; ganda")

    excel = excel_rows(client.get(reverse(f"public:{dataset}_excel")))
    standard = standard_rows(client.get(reverse(f"public:{dataset}_csv")))

    assert excel == standard
    assert len(excel) == 2


def test_it_names_the_download_for_excel(client):
    response = client.get(reverse("public:agreements_excel"))

    assert response["Content-Disposition"] == 'attachment; filename="agreements-excel.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_it_answers_not_modified_to_a_known_copy(client):
    make_published_agreement()
    etag = client.get(reverse("public:agreements_excel"))["ETag"]

    response = client.get(reverse("public:agreements_excel"), headers={"if-none-match": etag})

    assert response.status_code == 304


def test_it_honours_the_listing_filters(client):
    make_published_agreement(title="PKS tahun lalu", date_signed="2021-05-01")
    make_published_agreement(title="PKS Bantul", date_signed="2022-12-28")

    rows = excel_rows(client.get(reverse("public:agreements_excel"), {"year": "2022"}))

    title = rows[0].index("title")
    assert [row[title] for row in rows[1:]] == ["PKS Bantul"]


def test_an_office_site_has_its_own_excel_variant(client):
    make_published_agreement(title="PKS Bantul")

    rows = excel_rows(client.get("/kpu-uji/data/agreements-excel.csv"))

    office = rows[0].index("office")
    assert [row[office] for row in rows[1:]] == ["kpu-uji"]
