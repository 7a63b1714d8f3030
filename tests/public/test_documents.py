"""Public documents of published agreements download as attachments; nothing else does."""

import pytest
from django.urls import reverse

from tests.factories import PDF_BYTES, make_document, make_published_agreement

pytestmark = pytest.mark.django_db


def test_it_sends_a_public_document_as_an_attachment_that_is_never_sniffed(client):
    document = make_document(make_published_agreement(), name="naskah-pks.pdf")

    response = client.get(reverse("public:document_download", args=[document.pk]))

    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"] == 'attachment; filename="naskah-pks.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_answers_404_for_a_document_not_marked_public(client):
    document = make_document(make_published_agreement(), is_public=False)

    assert client.get(reverse("public:document_download", args=[document.pk])).status_code == 404


def test_it_answers_404_when_the_file_is_missing_from_storage(client):
    document = make_document(make_published_agreement())
    document.file.storage.delete(document.file.name)

    assert client.get(reverse("public:document_download", args=[document.pk])).status_code == 404


def test_it_lists_only_public_documents_on_the_agreement_page(client):
    agreement = make_published_agreement()
    make_document(agreement, title="Naskah terbuka")
    make_document(agreement, title="Catatan internal", is_public=False)

    text = client.get(reverse("public:agreement_detail", args=[agreement.pk])).text

    assert "Naskah terbuka" in text
    assert "Catatan internal" not in text
