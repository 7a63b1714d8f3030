"""The full open data files: built by a task after a change commits, served from disk with a strong ETag;
filtered downloads stream the current records a chunk at a time."""

import csv
import gzip
import io
import json
import tracemalloc

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from agreements.models import Commitment
from kpu_coop import invalidation
from public import open_data_files, opendata
from public.filters import AgreementFilterForm, FilterOptions
from public.opendata import cell, plain
from tests.factories import (
    make_commitment,
    make_election,
    make_focus_area,
    make_organisation,
    make_published_agreement,
    second_party,
)

pytestmark = pytest.mark.django_db


def stored_text(name):
    with open_data_files.storage().open(name, "rb") as handle:
        return handle.read().decode()


def body(response):
    return response.getvalue().decode()


def csv_as_before(records, columns, context):
    """The CSV as the downloads wrote it before they streamed: one string, built in memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.name for column in columns])
    for record in records:
        writer.writerow([cell(column.value(record, context)) for column in columns])
    return buffer.getvalue()


def json_as_before(name, records, columns, context):
    items = [{column.name: plain(column.value(r, context)) for column in columns} for r in records]
    return json.dumps({"count": len(items), name: items}, ensure_ascii=False, indent=1)


@pytest.fixture
def published(settings):
    # The files' addresses start with SITE_URL, the test client's with http://testserver.
    settings.SITE_URL = "http://testserver"
    agreement = make_published_agreement(title='=Perjanjian "Uji", dengan koma')
    agreement.elections.add(make_election(slug="pemilu-uji"))
    agreement.focus_areas.add(make_focus_area(slug="data-uji"), make_focus_area(slug="arsip-uji"))
    make_commitment(agreement, title="Menyediakan data\nbaris kedua", status=Commitment.Status.DONE)
    make_commitment(agreement, title="Kewajiban lain")
    make_published_agreement(title="Perjanjian tanpa kewajiban", agency=second_party(agreement))
    return agreement


@pytest.mark.parametrize("name", ["agreements_csv", "agreements_json", "commitments_csv", "commitments_json"])
@pytest.mark.parametrize("filtered", [False, True])
def test_it_writes_the_same_bytes_as_before_whole_or_filtered(client, published, name, filtered):
    dataset, format = name.split("_")
    query = {"agency": second_party(published).slug} if filtered else {}
    form = opendata_form(query)
    records = list(opendata.RECORDS[dataset](form))
    context = {"absolute_url": lambda path: "http://testserver" + path}
    columns = opendata.COLUMNS[dataset]
    before = (
        csv_as_before(records, columns, context)
        if format == "csv"
        else json_as_before(dataset, records, columns, context)
    )

    response = client.get(reverse(f"public:{name}"), query)

    assert response.streaming
    assert body(response) == before


def opendata_form(query):
    form = AgreementFilterForm(query, options=FilterOptions())
    assert form.is_valid()
    return form


def test_it_serves_the_whole_file_with_a_strong_etag_and_answers_a_match_with_304(client, published):
    first = client.get(reverse("public:agreements_csv"))
    first.getvalue()

    again = client.get(reverse("public:agreements_csv"), headers={"If-None-Match": first["ETag"]})

    manifest = open_data_files.read_manifest()
    assert first["ETag"] == f'"{manifest["files"]["agreements.csv"]["sha256"]}"'
    assert first["Last-Modified"]
    assert first["Content-Length"] == str(manifest["files"]["agreements.csv"]["size"])
    assert again.status_code == 304


@pytest.mark.parametrize("name", ["due_date_changes_csv", "due_date_changes_json", "agreements_excel"])
def test_a_whole_file_says_it_is_in_the_installation_s_language_at_an_english_address_too(
    client, published, name
):
    # One file for every reader, its composed notes in Indonesian: "Content-Language: en" said otherwise.
    with translation.override("en"):
        address = reverse(f"public:{name}")
    whole = client.get(address)
    filtered = client.get(address, {"agency": second_party(published).slug})

    whole.getvalue(), filtered.getvalue()  # read to the end: the file is closed
    assert address.startswith("/en/")
    assert (whole.status_code, whole["Content-Language"]) == (200, "id")
    assert filtered["Content-Language"] == "en"  # read now, in the page's language


def test_it_sends_the_gzip_copy_to_a_client_that_accepts_it(client, published):
    plain_response = client.get(reverse("public:commitments_json"))

    compressed = client.get(reverse("public:commitments_json"), headers={"Accept-Encoding": "gzip, br"})

    assert compressed["Content-Encoding"] == "gzip"
    assert compressed["ETag"] == "W/" + plain_response["ETag"]
    assert gzip.decompress(compressed.getvalue()) == plain_response.getvalue()


def test_it_serves_the_file_without_a_database_query(client, published, django_assert_num_queries):
    open_data_files.open_data_refresh()

    # The cache generation says the file is current; the file comes from disk, not from the cache.
    with django_assert_num_queries(0):
        response = client.get(reverse("public:agreements_csv"))
        response.getvalue()


def test_a_published_change_rebuilds_the_files_when_it_commits(committed):
    before = open_data_files.open_data_refresh()

    with committed():
        make_published_agreement(title="Perjanjian baru diterbitkan")

    after = open_data_files.read_manifest()
    assert after["generated_at"] > before["generated_at"]
    text = stored_text(after["files"]["agreements.csv"]["file"])
    assert "Perjanjian baru diterbitkan" in text


def test_it_asks_for_one_rebuild_per_transaction(committed, monkeypatch):
    asked = []
    monkeypatch.setattr(invalidation, "public_change_listeners", [lambda: asked.append(1)])
    with committed():
        agreement = make_published_agreement()
        for n in range(3):
            make_commitment(agreement, title=f"Kewajiban {n}")
        agreement.focus_areas.add(make_focus_area())

    assert asked == [1]


def test_a_rebuild_of_current_files_does_nothing(published):
    built = open_data_files.open_data_refresh()

    again = open_data_files.open_data_refresh()

    assert again == built


def test_the_task_rebuilds_the_files(published):
    from public.tasks import open_data_rebuild

    result = open_data_rebuild.enqueue()

    assert result.return_value["generated_at"] == open_data_files.read_manifest()["generated_at"]


def test_it_builds_the_files_at_the_first_download(client, published):
    assert open_data_files.read_manifest() is None

    response = client.get(reverse("public:commitments_csv"))

    assert response.getvalue().startswith(b"id,agreement_id,")
    assert open_data_files.read_manifest() is not None


@pytest.mark.parametrize(
    "address", ["public:agreements_csv", "public:commitments_json", "public:datapackage"]
)
def test_before_the_first_files_are_built_a_download_says_to_come_back_and_queues_the_build(
    client, published, monkeypatch, address
):
    # Queued for the worker, not yet run: the request must not build them itself (about a minute, nationally).
    queued = []
    monkeypatch.setattr(open_data_files, "enqueue_rebuild", lambda: queued.append(True))

    response = client.get(reverse(address))
    again = client.get(reverse(address))

    assert response.status_code == again.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Berkas data terbuka sedang disiapkan" in response.text
    # One build queued, not one per download: a queue of national builds would run one after another.
    assert queued == [True]
    assert open_data_files.read_manifest() is None


def test_files_behind_the_data_are_served_with_their_age_and_the_page_says_so(
    client, published, monkeypatch, committed
):
    built = open_data_files.open_data_refresh()
    # The worker is down: the rebuild asked for never runs.
    monkeypatch.setattr(invalidation, "public_change_listeners", [])
    monkeypatch.setattr(open_data_files, "enqueue_rebuild", lambda: None)
    with committed():
        make_published_agreement(title="Perjanjian yang belum masuk berkas")

    response = client.get(reverse("public:agreements_csv"))
    page = client.get(reverse("public:open_data")).text

    assert "Perjanjian yang belum masuk berkas" not in body(response)
    assert response["ETag"] == f'"{built["files"]["agreements.csv"]["sha256"]}"'
    assert "Berkas dibuat pada" in page
    assert "Perubahan sejak itu sedang ditambahkan" in page


def test_the_open_data_page_says_when_the_files_were_made(client, published):
    open_data_files.open_data_refresh()

    page = client.get(reverse("public:open_data")).text

    assert "Berkas dibuat pada" in page
    assert "sedang ditambahkan" not in page


def test_a_filtered_download_reads_a_fixed_number_of_queries_per_chunk(client, monkeypatch):
    monkeypatch.setattr(opendata, "CHUNK_SIZE", 5)
    agency = make_organisation(slug="dukcapil")
    for _ in range(10):
        make_published_agreement(agency=agency)

    def queries():
        # Both read the filters' choices afresh (nothing commits in a test, so no generation moves between).
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("public:agreements_csv"), {"agency": "dukcapil"}).getvalue()
        return len(captured)

    two_chunks = queries()
    for _ in range(10):
        make_published_agreement(agency=agency)
    four_chunks = queries()

    # Each chunk: the parties, elections, focus areas, witnesses, force majeure events and grant tranches of
    # its rows (read from one query's cursor); events, where there are any, add the deadlines they suspend.
    assert four_chunks - two_chunks == 2 * 6


def test_a_filtered_download_streams_in_memory_that_does_not_grow_with_the_rows(client, monkeypatch):
    monkeypatch.setattr(opendata, "CHUNK_SIZE", 50)
    agreement = make_published_agreement(agency=make_organisation(slug="dukcapil"))
    responsible = second_party(agreement)

    def peak_while_reading(total):
        missing = total - Commitment.objects.count()
        Commitment.objects.bulk_create(
            Commitment(agreement=agreement, responsible=responsible, title=f"Kewajiban {n} " + "x" * 200)
            for n in range(missing)
        )
        tracemalloc.start()
        response = client.get(reverse("public:commitments_csv"), {"agency": "dukcapil"})
        size = sum(len(chunk) for chunk in response.streaming_content)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return size, peak

    small_size, small_peak = peak_while_reading(200)
    large_size, large_peak = peak_while_reading(2000)

    assert large_size > 9 * small_size
    # Ten times the rows: the same chunks and pieces in memory, give or take a little.
    assert large_peak < small_peak * 1.5


def test_a_bulk_change_rebuilds_the_files_when_it_commits(committed, published):
    before = open_data_files.open_data_refresh()

    with committed():
        Commitment.objects.update(title="Diubah sekaligus")

    after = open_data_files.read_manifest()
    text = stored_text(after["files"]["commitments.csv"]["file"])
    assert after["generated_at"] > before["generated_at"]
    assert "Diubah sekaligus" in text
