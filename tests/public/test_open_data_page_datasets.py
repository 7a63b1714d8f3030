"""/data/ lists the documents and due-date changes files in every variant, with their columns, translated."""

import pytest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from public.open_data_files import open_data_refresh
from public.opendata import DOCUMENT_COLUMNS, DUE_DATE_CHANGE_COLUMNS
from tests.factories import make_document, make_focus_area, make_published_agreement

pytestmark = pytest.mark.django_db

NEW_FILES = [
    f"{dataset}_{variant}"
    for dataset in ("documents", "due_date_changes")
    for variant in ("csv", "json", "excel")
]


def test_it_links_each_variant_of_the_new_files(client):
    page = client.get(reverse("public:open_data")).content.decode()

    for name in NEW_FILES:
        assert f'href="{reverse(f"public:{name}")}"' in page, name


def test_it_documents_every_column_of_the_new_files(client):
    page = client.get(reverse("public:open_data")).content.decode()

    assert 'id="document-columns"' in page and 'id="due-date-change-columns"' in page
    for column in [*DOCUMENT_COLUMNS, *DUE_DATE_CHANGE_COLUMNS]:
        assert escape(str(column.description)) in page, column.name


def test_the_rebuild_makes_the_new_files_and_the_page_gives_their_sizes(client):
    make_document(make_published_agreement())
    manifest = open_data_refresh()

    page = client.get("/en/data/").content.decode()

    names = {"documents.csv", "documents.json", "due_date_changes.csv", "due_date_changes.json"}
    assert set(manifest["files"]) >= names
    with translation.override("en"):
        size = filesizeformat(manifest["files"]["documents.csv"]["size"])
    assert f"<td>{size}</td>" in page
    # The Excel variant is the CSV turned as it is downloaded: about its size, never an empty cell.
    assert f"<td>≈ {size}</td>" in page
    assert "<td></td>" not in page


def test_it_describes_the_new_files_in_indonesian(client):
    page = client.get("/data/").content.decode()

    assert "Kolom berkas dokumen" in page and "Kolom berkas pergeseran tenggat" in page
    assert "Ukuran berkas dalam bita." in page


def test_its_api_example_filters_by_a_focus_area_that_exists(client):
    make_published_agreement()
    area = make_focus_area(slug="sosialisasi-pemilu")
    page = client.get(reverse("public:open_data")).content.decode()

    example = f"/api/v1/agreements/?focus_area={area.slug}&amp;status=active"
    assert example in page
    assert client.get(example.replace("&amp;", "&")).status_code == 200
