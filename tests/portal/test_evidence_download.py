from django.urls import reverse

from tests.factories import PDF_BYTES, make_evidence, make_report


def test_it_sends_evidence_as_an_attachment_with_nosniff(client, liaison, commitment):
    evidence = make_evidence(make_report(commitment, author=liaison), name="Berita acara.pdf")
    client.force_login(liaison)
    response = client.get(reverse("portal:evidence", args=[evidence.pk]))
    body = b"".join(response.streaming_content)
    assert body == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Berita acara.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_it_answers_404_when_the_file_is_gone_from_storage(client, liaison, commitment):
    evidence = make_evidence(make_report(commitment, author=liaison))
    evidence.file.storage.delete(evidence.file.name)
    client.force_login(liaison)
    assert client.get(reverse("portal:evidence", args=[evidence.pk])).status_code == 404


def test_it_serves_no_evidence_file_at_its_storage_path(client, liaison, commitment):
    evidence = make_evidence(make_report(commitment, author=liaison))
    client.force_login(liaison)
    for path in [evidence.file.url, f"/{evidence.file.name}", f"/media/{evidence.file.name}"]:
        assert client.get(path).status_code == 404, path
