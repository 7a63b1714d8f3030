"""Each KPU office has its own public site at /<office-slug>/, beside the national one (public.sites)."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agencies.models import Organisation, Region
from agencies.offices import OfficeLevel
from agreements.models import Agreement, Commitment
from tests.factories import (
    make_agreement,
    make_commitment,
    make_document,
    make_focus_area,
    make_kpu_office,
    make_organisation,
    make_published_agreement,
    national_kpu_office,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices():
    """Two regency offices of one province, under its provincial office, each with one published agreement."""
    province = Region.objects.get(code="34")
    national = national_kpu_office()
    provincial = make_kpu_office(
        slug="kpu-diy",
        name="KPU Daerah Istimewa Yogyakarta",
        office_level=OfficeLevel.PROVINCE,
        region=province,
    )
    bantul = make_kpu_office(
        slug="kpu-bantul",
        name="KPU Kabupaten Bantul",
        region=Region.objects.get(code="34.02"),
        parent=provincial,
    )
    training = make_kpu_office(
        slug="kpu-contoh", name="KPU Kabupaten Contoh — data latihan", short_name="KPU Contoh (latihan)"
    )
    own = make_published_agreement(kpu=bantul, title="PKS Bantul", agency=make_organisation(slug="dukcapil"))
    make_commitment(own, status=Commitment.Status.DONE)
    make_commitment(own)
    other = make_published_agreement(kpu=training, title="PKS Contoh latihan")
    make_commitment(other)
    return {"national": national, "bantul": bantul, "training": training, "own": own, "other": other}


def test_the_national_landing_page_lists_offices_by_province_with_count_and_progress(client, offices):
    response = client.get("/")

    groups = [
        (
            str(title),
            [(office.slug, office.agreement_count, str(office.progress)) for office in members],
        )
        for title, members in response.context["provinces"]
    ]
    assert groups == [
        ("Daerah Istimewa Yogyakarta", [("kpu-bantul", 1, "50%")]),
        ("Kantor tanpa wilayah tercatat", [("kpu-contoh", 1, "0%")]),
    ]


def test_the_landing_page_says_each_office_s_count_and_progress_in_the_visitor_s_language(client, offices):
    assert "1 perjanjian · 50% selesai terverifikasi" in client.get("/").text
    assert "1 agreement · 50% verified done" in client.get("/en/").text


def test_focus_areas_count_the_site_s_published_agreements(client, offices):
    area = make_focus_area(slug="bidang-uji")
    area.agreements.add(offices["own"], offices["other"], make_agreement(kpu=offices["bantul"]))

    def counted(path):
        return {each.slug: each.agreement_count for each in client.get(path).context["focus_areas"]}

    assert counted("/focus-areas/")["bidang-uji"] == 2
    assert counted("/kpu-bantul/focus-areas/")["bidang-uji"] == 1
    assert counted("/kpu-bantul/")["bidang-uji"] == 1


def test_the_landing_page_links_each_office_site(client, offices):
    assert 'href="/kpu-bantul/"' in client.get("/").text


def test_an_office_site_lists_only_its_own_agreements(client, offices):
    page = client.get("/kpu-bantul/agreements/").text

    assert "PKS Bantul" in page and "PKS Contoh latihan" not in page


def test_an_office_site_names_the_office_in_the_header(client, offices):
    page = client.get("/kpu-bantul/agreements/").text

    assert '<span class="brand-owner">KPU Kabupaten Bantul</span>' in page


def test_an_office_site_links_stay_on_the_office_site(client, offices):
    page = client.get("/kpu-bantul/").text

    assert f'href="/kpu-bantul/agreements/{offices["own"].pk}/"' in page
    assert 'href="/kpu-bantul/agencies/"' in page


def test_another_office_agreement_is_not_found_on_an_office_site(client, offices):
    assert client.get(f"/kpu-bantul/agreements/{offices['other'].pk}/").status_code == 404


def test_an_agency_of_another_office_is_not_found_on_an_office_site(client, offices):
    assert client.get("/kpu-contoh/agencies/dukcapil/").status_code == 404


def test_a_document_of_another_office_is_not_found_on_an_office_site(client, offices):
    document = make_document(offices["own"], is_public=True)

    own_site = client.get(f"/kpu-bantul/documents/{document.pk}/")
    b"".join(own_site.streaming_content)  # read to the end, which closes the file

    assert client.get(f"/kpu-contoh/documents/{document.pk}/").status_code == 404
    assert own_site.status_code == 200


def test_an_unknown_office_is_not_found(client, offices):
    assert client.get("/kpu-tidak-ada/agreements/").status_code == 404


def test_an_inactive_office_has_no_site(client, offices):
    Organisation.objects.filter(pk=offices["bantul"].pk).update(is_active=False)

    assert client.get("/kpu-bantul/").status_code == 404


TRAINING_PAGES = ["", "agreements/", "agencies/", "focus-areas/", "elections/", "data/"]


@pytest.mark.parametrize("path", TRAINING_PAGES)
def test_a_training_office_says_data_latihan_on_every_page(client, offices, path):
    page = client.get(f"/kpu-contoh/{path}").text

    assert "KPU Kabupaten Contoh — data latihan" in page


def test_an_office_site_has_its_english_address(client, offices):
    response = client.get("/en/kpu-bantul/agreements/")

    assert response.status_code == 200 and 'href="/kpu-bantul/agreements/"' in response.text


def test_an_office_site_switches_language_to_its_own_english_page(client, offices):
    assert 'href="/en/kpu-bantul/agreements/"' in client.get("/kpu-bantul/agreements/").text


def test_a_single_office_installation_keeps_todays_home_page(client, offices, settings):
    settings.SINGLE_OFFICE = True

    assert client.get("/").context["provinces"] is None


def test_a_single_office_installation_has_no_office_addresses(client, offices, settings):
    settings.SINGLE_OFFICE = True

    assert client.get("/kpu-bantul/agreements/").status_code == 404


def rows_of(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_an_office_open_data_file_holds_only_its_agreements(client, offices):
    rows = rows_of(client.get("/kpu-bantul/data/agreements.csv"))

    assert [row["title"] for row in rows] == ["PKS Bantul"]


def test_an_office_commitments_file_holds_only_its_commitments(client, offices):
    rows = rows_of(client.get("/kpu-bantul/data/commitments.csv"))

    assert {row["agreement_id"] for row in rows} == {str(offices["own"].pk)}


def test_national_open_data_names_the_office_and_its_region_code(client, offices):
    rows = rows_of(client.get("/data/agreements.csv?q=Bantul"))

    assert [(row["office"], row["office_name"], row["office_region_code"]) for row in rows] == [
        ("kpu-bantul", "KPU Kabupaten Bantul", "34.02")
    ]


def test_national_commitments_name_their_office(client, offices):
    rows = rows_of(client.get("/data/commitments.csv?q=latihan"))

    assert {(row["office"], row["office_region_code"]) for row in rows} == {("kpu-contoh", "")}


def test_an_office_feed_holds_only_its_agreements(client, offices):
    feed = client.get("/kpu-bantul/feeds/agreements/").text

    assert "PKS Bantul" in feed and "PKS Contoh latihan" not in feed
    assert f"/kpu-bantul/agreements/{offices['own'].pk}/" in feed


def test_an_office_home_page_counts_only_its_commitments(client, offices):
    response = client.get(reverse("public:office:home", args=["kpu-bantul"]))

    assert response.context["totals"]["count"] == 2


RESERVED = [
    "admin",
    "agreements",
    "agencies",
    "data",
    "portal",
    "workspace",
    "static",
    "accounts",
    "en",
    "healthz",
]


@pytest.mark.parametrize("slug", RESERVED)
def test_an_office_slug_may_not_take_one_of_the_sites_own_addresses(offices, slug):
    office = offices["training"]
    office.slug = slug

    with pytest.raises(ValidationError) as refused:
        office.full_clean()

    assert f"(/{slug}/)" in refused.value.message_dict["slug"][0]


def test_an_office_slug_of_its_own_is_accepted(offices):
    office = offices["training"]
    office.slug = "kpu-contoh-baru"

    office.full_clean()


def test_an_agency_may_use_any_slug(offices):
    make_organisation(slug="data").full_clean()


def test_an_office_site_speaks_indonesian_by_default(client, offices):
    assert "Semua kantor KPU" in client.get("/kpu-bantul/").text


def test_an_office_site_speaks_english_under_en(client, offices):
    assert "All KPU offices" in client.get("/en/kpu-bantul/").text


def test_an_office_open_data_page_says_its_files_are_read_at_each_download(client, offices):
    page = client.get("/en/kpu-bantul/data/").text

    assert "read from the current data at each download" in page
    assert 'href="/en/kpu-bantul/data/agreements.csv"' in page


def test_an_office_open_data_page_gives_examples_that_read_its_own_records(client, offices):
    # Followed as written, the examples gave a Bantul reader the national data.
    page = client.get("/kpu-bantul/data/").text

    assert "<code>/kpu-bantul/data/commitments.csv?agency=dukcapil&amp;status=active</code>" in page
    assert "GET /api/v1/agreements/?office=kpu-bantul&amp;" in page
    assert "office=" not in client.get("/data/").text


def test_a_national_agreement_page_links_the_site_of_its_office(client, offices):
    page = client.get(f"/agreements/{offices['own'].pk}/").text

    assert '<a href="/kpu-bantul/">KPU Kabupaten Bantul</a>' in page


def test_a_closed_office_s_agreement_names_the_office_without_a_link_to_its_gone_site(client, offices):
    Organisation.objects.filter(pk=offices["bantul"].pk).update(is_active=False)
    page = client.get(f"/agreements/{offices['own'].pk}/").text

    assert "KPU Kabupaten Bantul" in page
    assert 'href="/kpu-bantul/"' not in page
    assert client.get("/kpu-bantul/").status_code == 404


def test_an_office_open_data_file_answers_304_until_the_office_s_data_changes(client, offices, committed):
    address = "/kpu-bantul/data/agreements.csv"
    with committed():
        pass  # The offices' own creation, committed before the first download.
    first = client.get(address)
    etag = first["ETag"]
    assert rows_of(first)

    unchanged = client.get(address, headers={"If-None-Match": etag})
    assert (unchanged.status_code, unchanged["ETag"]) == (304, etag)
    # Another office's change leaves it as it was.
    with committed():
        make_commitment(Agreement.objects.get(pk=offices["other"].pk))
    assert client.get(address, headers={"If-None-Match": etag}).status_code == 304

    with committed():
        own = Agreement.objects.get(pk=offices["own"].pk)
        own.title = "PKS Bantul (perubahan)"
        own.save()
    changed = client.get(address, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert [row["title"] for row in rows_of(changed)] == ["PKS Bantul (perubahan)"]
