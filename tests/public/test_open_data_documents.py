"""The documents files list the public documents of published agreements, as their pages do; never another."""

import pytest
from django.urls import reverse

from agreements.models import Document
from agreements.services import agreement_unpublish
from tests.factories import make_agreement, make_document, make_published_agreement
from tests.public.test_open_data import read_csv, read_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents():
    agreement = make_published_agreement(title="PKS Dukcapil")
    public = make_document(agreement, title="Naskah PKS", kind=Document.Kind.SIGNED_AGREEMENT)
    annex = make_document(agreement, title="Lampiran I", kind=Document.Kind.ANNEX)
    make_document(agreement, title="Draf internal", is_public=False)
    make_document(make_agreement(title="PKS belum terbit"), title="Naskah belum terbit")
    return agreement, public, annex


def test_it_lists_only_public_documents_of_published_agreements(client, documents):
    agreement, public, _annex = documents

    rows = read_csv(client.get(reverse("public:documents_csv")))

    assert [row["title"] for row in rows] == ["Naskah PKS", "Lampiran I"]
    assert rows[0] == {
        "id": str(public.pk),
        "agreement_id": str(agreement.pk),
        "office": agreement.office.slug,
        "office_name": agreement.office.name,
        "office_region_code": agreement.office.region.code if agreement.office.region else "",
        "kind": "signed",
        "title": "Naskah PKS",
        "size": str(public.size),
        "url": rows[0]["url"],
    }
    assert public.size > 0
    # The whole files name the site's own address (SITE_URL).
    assert rows[0]["url"].startswith("http") and rows[0]["url"].endswith(f"/documents/{public.pk}/")


def test_it_gives_the_same_documents_as_json_and_for_excel(client, documents):
    _agreement, public, annex = documents

    body = read_json(client.get(reverse("public:documents_json")))
    excel = client.get(reverse("public:documents_excel")).getvalue().decode("utf-8-sig")

    assert body["count"] == 2
    assert [item["id"] for item in body["documents"]] == [public.pk, annex.pk]
    assert body["documents"][1]["kind"] == "annex"
    assert body["documents"][1]["size"] == annex.size
    assert "Draf internal" not in excel and "belum terbit" not in excel
    assert excel.splitlines()[0].startswith("id;agreement_id;office;")


def test_its_download_addresses_serve_the_files(client, documents):
    _agreement, _public, _annex = documents

    # Filtered, the addresses are the request's own.
    url = read_json(client.get(reverse("public:documents_json"), {"q": "Dukcapil"}))["documents"][0]["url"]

    assert url.startswith("http://testserver/")
    response = client.get(url.removeprefix("http://testserver"))
    response.close()

    assert response.status_code == 200


def test_a_filtered_download_holds_the_documents_of_the_selected_agreements(client, documents):
    _agreement, _public, _annex = documents
    other = make_published_agreement(title="PKS lain")
    make_document(other, title="Naskah lain")

    rows = read_csv(client.get(reverse("public:documents_csv"), {"q": "Dukcapil"}))

    assert {row["title"] for row in rows} == {"Naskah PKS", "Lampiran I"}


def test_a_document_made_private_or_an_agreement_withdrawn_leaves_the_files(
    client, documents, django_capture_on_commit_callbacks
):
    agreement, _public, annex = documents
    annex.is_public = False
    with django_capture_on_commit_callbacks(execute=True):
        annex.save()

    assert [row["title"] for row in read_csv(client.get(reverse("public:documents_csv")))] == ["Naskah PKS"]

    agreement_unpublish(agreement=agreement)

    # A filtered download reads the current data (the whole file follows at its rebuild).
    assert read_csv(client.get(reverse("public:documents_csv"), {"q": "Dukcapil"})) == []
