"""Bad evidence files: each gets a clear message and leaves nothing in storage."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import Evidence, ProgressReport
from portal.forms import ReportForm
from tests.factories import PDF_BYTES, make_upload
from tests.pdfs import pdf_of_size

TEN_MB = 10_000_000


def post_files(client, commitment, files):
    data = {"summary": "Bukti terlampir.", "claim": "done", "last_report": 0, "files": files}
    return client.post(reverse("portal:report_create", args=[commitment.pk]), data)


def stored_files(folder):
    return [path for path in folder.rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (make_upload("besar.pdf", PDF_BYTES + b"0" * TEN_MB), "The file is too large: at most 10 MB."),
        (make_upload("catatan.docx", b"PK\x03\x04"), "This type of file is not accepted"),
        (make_upload("laporan.pdf", b"MZ\x90\x00" + b"\x00" * 64), "does not match its name (.pdf)"),
        (make_upload("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"), "not accepted"),
        (make_upload("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>"), "does not match its name"),
        (make_upload("kosong.pdf", b""), "The submitted file is empty."),
    ],
    ids=["oversize", "wrong-type", "renamed-exe", "svg", "svg-renamed-png", "empty"],
)
def test_it_rejects_a_bad_file_with_a_clear_message_and_stores_nothing(
    client, liaison, commitment, private_files, upload, message
):
    client.force_login(liaison)
    response = post_files(client, commitment, [make_upload("baik.pdf"), upload])
    assert response.status_code == 400
    assert f"{upload.name}: " in response.text
    assert message in response.text
    # The good file is not kept either, and the liaison is told to choose the files again.
    assert "choose your evidence files again" in response.text
    assert not ProgressReport.objects.exists()
    assert stored_files(private_files) == []


def test_it_accepts_a_file_of_exactly_10_mb(client, liaison, commitment):
    client.force_login(liaison)
    response = post_files(client, commitment, [make_upload("pas.pdf", pdf_of_size(TEN_MB))])
    assert response.status_code == 302
    assert Evidence.objects.get().size == TEN_MB


def test_it_refuses_more_than_ten_files(client, liaison, commitment, private_files):
    client.force_login(liaison)
    response = post_files(client, commitment, [make_upload(f"bukti-{n}.pdf") for n in range(11)])
    assert response.status_code == 400
    assert "Attach at most 10 files; you chose 11." in response.text
    assert stored_files(private_files) == []


def test_it_accepts_ten_files(client, liaison, commitment):
    client.force_login(liaison)
    assert (
        post_files(client, commitment, [make_upload(f"bukti-{n}.pdf") for n in range(10)]).status_code == 302
    )
    assert Evidence.objects.count() == 10


@pytest.mark.parametrize("name", ["..\\..\\laporan.pdf", "C:laporan.pdf", ".pdf"])
def test_it_rejects_a_file_name_with_a_path(name):
    form = ReportForm(
        {"summary": "x", "claim": "done", "last_report": 0},
        {"files": [SimpleUploadedFile(name, PDF_BYTES)]},
    )
    assert not form.is_valid()
    assert form.errors["files"] == [f"{name}: The file name must not contain a path."]


def test_it_stores_a_file_sent_with_a_path_under_a_random_name_inside_the_evidence_folder(
    client, liaison, commitment, private_files
):
    # Django's upload parser drops the directories a browser (or an attacker) sends; nothing can escape.
    boundary = "BoUnDaRy"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="summary"\r\n\r\nBukti\r\n'
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="claim"\r\n\r\ndone\r\n'
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="last_report"\r\n\r\n0\r\n'
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="files"; filename="../../../etc/laporan.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + PDF_BYTES
        + f"\r\n--{boundary}--\r\n".encode()
    )
    client.force_login(liaison)
    response = client.post(
        reverse("portal:report_create", args=[commitment.pk]),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.original_name == "laporan.pdf"
    assert evidence.file.name.startswith("evidence/") and "laporan" not in evidence.file.name
    assert [path.parent.name for path in stored_files(private_files)] == ["evidence"]


def test_it_keeps_the_files_facts(client, liaison, commitment):
    client.force_login(liaison)
    post_files(client, commitment, [make_upload("Berita Acara.PDF")])
    evidence = Evidence.objects.get()
    assert evidence.original_name == "Berita Acara.PDF"
    assert evidence.file.name.endswith(".pdf")
    assert evidence.size == len(PDF_BYTES)
    assert len(evidence.sha256) == 64


def test_it_removes_stored_files_when_a_later_file_fails_inside_the_service(
    liaison, commitment, private_files
):
    from agreements.services_reports import report_submit

    with pytest.raises(Exception, match="does not match"):
        report_submit(
            commitment=commitment,
            author=liaison,
            summary="x",
            claim="done",
            files=[make_upload("satu.pdf"), make_upload("dua.pdf", b"MZ")],
        )
    assert stored_files(private_files) == []
