"""Anonymous pages are cached and answer conditional requests; a change shows once it commits."""

import gzip

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Commitment
from agreements.services import agreement_unpublish
from agreements.services_reports import report_accept, report_return, report_submit
from kpu_coop import invalidation
from public import caching
from tests.factories import (
    make_commitment,
    make_focus_area,
    make_kpu_office,
    make_kpu_staff,
    make_published_agreement,
    make_report,
    make_staff,
    make_user,
    second_party,
)

pytestmark = pytest.mark.django_db

LISTING = "/agreements/"


def test_it_answers_a_repeated_request_with_304(client):
    make_published_agreement()
    etag = client.get(LISTING)["ETag"]

    response = client.get(LISTING, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""


def test_it_asks_browsers_to_revalidate_every_time(client):
    response = client.get(LISTING)

    assert "no-cache" in response["Cache-Control"]


def test_it_serves_a_cached_page_without_a_database_query(client):
    make_published_agreement()
    client.get(LISTING)

    with CaptureQueriesContext(connection) as queries:
        client.get(LISTING)

    assert len(queries) == 0


def test_a_returned_report_shows_in_the_cached_commitments_counts_once_committed(client, committed):
    # The setup commits first, so the page below is cached after it.
    with committed():
        commitment = make_commitment(make_published_agreement())
        report, reviewer = make_report(commitment), make_kpu_staff()
    page = f"/en/agreements/{commitment.agreement_id}/"
    assert "returned for revision" not in client.get(page).text

    with committed():
        report_return(report=report, reviewer=reviewer, comment="Lengkapi buktinya.")

    assert "0 accepted, 1 returned for revision" in client.get(page).text


def test_it_shows_a_changed_title_once_committed(client, committed):
    agreement = make_published_agreement(title="Judul lama")
    etag = client.get(LISTING)["ETag"]
    agreement.title = "Judul baru"
    with committed():
        agreement.save()

    response = client.get(LISTING, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert "Judul baru" in response.text


def test_it_drops_an_unpublished_agreement_once_committed(client, committed):
    agreement = make_published_agreement()
    assert client.get(reverse("public:agreement_detail", args=[agreement.pk])).status_code == 200

    with committed():
        agreement_unpublish(agreement=agreement)

    assert client.get(reverse("public:agreement_detail", args=[agreement.pk])).status_code == 404


def test_it_shows_a_commitment_verified_done_by_a_bulk_update_once_committed(client, committed):
    commitment = make_commitment(make_published_agreement())
    client.get(reverse("public:agreement_detail", args=[commitment.agreement_id]))

    with committed():
        Commitment.objects.filter(pk=commitment.pk).update(status="done")

    text = client.get(reverse("public:agreement_detail", args=[commitment.agreement_id])).text
    assert "Selesai (terverifikasi)" in text


def test_it_shows_a_newly_linked_focus_area_once_committed(client, committed):
    agreement = make_published_agreement()
    client.get(reverse("public:agreement_detail", args=[agreement.pk]))

    area = make_focus_area(name="Bidang Baru")
    with committed():
        agreement.focus_areas.add(area)

    assert "Bidang Baru" in client.get(reverse("public:agreement_detail", args=[agreement.pk])).text


@pytest.mark.parametrize(
    "unlink",
    [
        pytest.param(lambda agreement, area: agreement.focus_areas.remove(area), id="removed"),
        pytest.param(lambda agreement, area: agreement.focus_areas.clear(), id="cleared"),
        pytest.param(lambda agreement, area: area.agreements.remove(agreement), id="removed-from-area"),
        pytest.param(lambda agreement, area: area.agreements.clear(), id="cleared-from-area"),
    ],
)
def test_it_shows_an_unlinked_focus_area_once_committed(client, committed, unlink):
    agreement = make_published_agreement()
    area = make_focus_area(name="Bidang Lama")
    agreement.focus_areas.add(area)
    assert "Bidang Lama" in client.get(reverse("public:agreement_detail", args=[agreement.pk])).text

    with committed():
        unlink(agreement, area)

    assert "Bidang Lama" not in client.get(reverse("public:agreement_detail", args=[agreement.pk])).text


def test_it_keeps_the_languages_apart(client):
    indonesian = client.get(LISTING)
    english = client.get("/en" + LISTING)

    assert indonesian["ETag"] != english["ETag"]
    assert '<html lang="en">' in english.text


def test_it_does_not_cache_pages_for_logged_in_users(client):
    client.force_login(make_staff())

    response = client.get(LISTING)

    assert not response.has_header("ETag")


def test_it_answers_304_to_the_weak_etag_of_a_compressed_page(client):
    etag = client.get(LISTING, HTTP_ACCEPT_ENCODING="gzip")["ETag"]

    response = client.get(LISTING, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag)

    assert etag.startswith("W/")
    assert response.status_code == 304


def test_it_sends_a_cached_page_compressed_to_clients_that_accept_gzip_and_plain_to_others(client):
    plain = client.get(LISTING)
    cached_plain = client.get(LISTING)
    compressed = client.get(LISTING, HTTP_ACCEPT_ENCODING="gzip, br")

    assert "Content-Encoding" not in plain and "Content-Encoding" not in cached_plain
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == cached_plain.content == plain.content
    assert "Accept-Encoding" in compressed["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert compressed["ETag"] == plain["ETag"]


def test_it_keeps_serving_the_cached_page_until_the_change_commits(client, committed):
    agreement = make_published_agreement(title="Judul lama")
    client.get(LISTING)

    with committed():
        agreement.title = "Judul baru"
        agreement.save()
        before_commit = client.get(LISTING).text
    after_commit = client.get(LISTING).text

    assert "Judul lama" in before_commit
    assert "Judul baru" in after_commit


def test_it_renders_every_request_afresh_with_the_page_cache_off(client, settings):
    settings.PAGE_CACHE = False
    agreement = make_published_agreement(title="Judul lama")
    client.get(LISTING)
    # Not committed: a cached page would still show the old title.
    agreement.title = "Judul baru"
    agreement.save()

    response = client.get(LISTING)

    assert "Judul baru" in response.text
    assert not response.has_header("ETag")


def test_a_write_in_one_office_leaves_another_offices_cached_pages_alone(client, committed):
    with committed():
        first, second = make_kpu_office(slug="kpu-satu"), make_kpu_office(slug="kpu-dua")
        changed = make_published_agreement(kpu=first, title="Judul lama")
        make_published_agreement(kpu=second)
    client.get("/kpu-dua/agreements/")
    changed.title = "Judul baru"
    with committed():
        changed.save()

    with CaptureQueriesContext(connection) as queries:
        client.get("/kpu-dua/agreements/")

    # The office its address names and the page itself come from the cache.
    assert len(queries) == 0


def test_a_report_sent_and_verified_in_one_office_leaves_another_offices_cached_pages_alone(
    client, committed
):
    with committed():
        first, second = make_kpu_office(slug="kpu-satu"), make_kpu_office(slug="kpu-dua")
        commitment = make_commitment(make_published_agreement(kpu=first))
        make_published_agreement(kpu=second)
        reviewer = make_kpu_staff(office=first)
        liaison = make_user(organisation=commitment.responsible)
    page = f"/en/kpu-satu/agreements/{commitment.agreement_id}/"
    client.get("/kpu-dua/agreements/")
    client.get(page)

    with committed():
        report = report_submit(commitment=commitment, author=liaison, summary="Sudah", claim="done")
    with committed():
        report_accept(report=report, reviewer=reviewer)

    with CaptureQueriesContext(connection) as queries:
        client.get("/kpu-dua/agreements/")
    assert len(queries) == 0
    assert "1 accepted, 0 returned for revision" in client.get(page).text


def test_a_write_in_one_office_leaves_another_offices_agreement_page_cached_on_the_national_site(
    client, committed
):
    with committed():
        first, second = make_kpu_office(slug="kpu-satu"), make_kpu_office(slug="kpu-dua")
        changed = make_published_agreement(kpu=first, title="Judul lama")
        other = make_published_agreement(kpu=second)
    client.get(f"/agreements/{other.pk}/")
    client.get(f"/agreements/{changed.pk}/")
    changed.title = "Judul baru"
    with committed():
        changed.save()

    with CaptureQueriesContext(connection) as queries:
        client.get(f"/agreements/{other.pk}/")

    # The page comes from the cache, its office's generations named in its stamp: no query at all.
    assert len(queries) == 0
    assert "Judul baru" in client.get(f"/agreements/{changed.pk}/").text


def test_a_national_agreement_page_comes_from_the_cache_in_one_round_trip(client, cache_reads):
    agreement = make_published_agreement(kpu=make_kpu_office(slug="kpu-satu"))
    client.get(f"/agreements/{agreement.pk}/")
    asked = cache_reads(invalidation.counters())

    response = client.get(f"/agreements/{agreement.pk}/")

    assert response.status_code == 200
    # The page with the generations of the office it was stamped with, remembered from the first request.
    assert len(asked) == 1
    assert f"generation:office:{agreement.office_id}" in asked[0]


def test_a_national_agreement_page_whose_stamp_was_not_remembered_takes_two_round_trips(
    client, monkeypatch, cache_reads
):
    agreement = make_published_agreement(kpu=make_kpu_office(slug="kpu-satu"))
    client.get(f"/agreements/{agreement.pk}/")
    # As in another worker, which has not drawn or served this page yet.
    monkeypatch.setattr(caching, "stamped_scopes", {})
    asked = cache_reads(invalidation.counters())

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/agreements/{agreement.pk}/")

    assert response.status_code == 200
    assert (len(asked), len(queries)) == (2, 0)


def test_a_shared_record_changed_shows_on_every_offices_agreement_page(client, committed):
    with committed():
        agreement = make_published_agreement(kpu=make_kpu_office(slug="kpu-satu"))
    agency = second_party(agreement)
    client.get(f"/agreements/{agreement.pk}/")
    agency.short_name = "Dinas Baru"
    with committed():
        agency.save()

    assert "Dinas Baru" in client.get(f"/agreements/{agreement.pk}/").text


def test_an_agreement_moved_to_another_office_shows_at_once(client, committed):
    with committed():
        agreement = make_published_agreement(kpu=make_kpu_office(slug="kpu-satu"), title="Judul lama")
        elsewhere = make_kpu_office(slug="kpu-dua")
    client.get(f"/agreements/{agreement.pk}/")
    agreement.office, agreement.title = elsewhere, "Judul baru"
    with committed():
        agreement.save()

    assert "Judul baru" in client.get(f"/agreements/{agreement.pk}/").text


def test_an_agreement_moved_to_another_office_follows_that_offices_writes(client, committed):
    with committed():
        agreement = make_published_agreement(kpu=make_kpu_office(slug="kpu-satu"), title="Judul lama")
        elsewhere = make_kpu_office(slug="kpu-dua")
    client.get(f"/agreements/{agreement.pk}/")
    agreement.office = elsewhere
    with committed():
        agreement.save()
    client.get(f"/agreements/{agreement.pk}/")

    # Kept again under its new office's generations, not the old office's: this write moves only the new.
    agreement.title = "Judul baru"
    with committed():
        agreement.save()

    assert "Judul baru" in client.get(f"/agreements/{agreement.pk}/").text


def test_a_write_in_an_office_shows_on_its_own_cached_pages_once_committed(client, committed):
    with committed():
        agreement = make_published_agreement(kpu=make_kpu_office(slug="kpu-satu"), title="Judul lama")
    client.get("/kpu-satu/agreements/")
    agreement.title = "Judul baru"
    with committed():
        agreement.save()

    assert "Judul baru" in client.get("/kpu-satu/agreements/").text
