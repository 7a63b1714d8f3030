"""Hostile files are refused by validate_upload, wherever they come in, and leave nothing on disk."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements.models import Document, ProgressReport
from agreements.uploads import validate_upload
from security.uploads import CHUNK
from tests.factories import (
    PDF_BYTES,
    PNG_BYTES,
    make_agreement,
    make_commitment,
    make_organisation,
    make_staff,
    make_upload,
    make_user,
)
from tests.pdfs import build_pdf

JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
ZIP_TAIL = b"PK\x05\x06" + b"\x00" * 18
HOSTILE = {
    # Over both limits: 10 MB for evidence, 20 MB for documents.
    "oversize": ("besar.pdf", PDF_BYTES + b"0" * 20_000_001, "size"),
    "fake-pdf": ("laporan.pdf", b"MZ\x90\x00" + b"\x00" * 64, "content"),
    "pdf-html-polyglot": ("laporan.pdf", PDF_BYTES + b"<html><body><script>alert(1)</script>", "polyglot"),
    "png-script-polyglot": ("foto.png", PNG_BYTES + b"<script>fetch('/admin/')</script>", "polyglot"),
    "jpeg-php-polyglot": ("foto.jpg", JPEG_BYTES + b"<?php system($_GET['c']); ?>", "polyglot"),
    "svg-with-script": (
        "logo.svg",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>1</script></svg>",
        "extension",
    ),
    "svg-renamed-pdf": ("logo.pdf", b"%PDF-<svg onload='alert(1)'/>", "polyglot"),
    "pdf-with-zip-appended": ("laporan.pdf", PDF_BYTES + ZIP_TAIL, "zip"),
    "zip": ("arsip.zip", b"PK\x03\x04" + b"\x00" * 26 + ZIP_TAIL, "extension"),
    "zip-renamed-pdf": ("arsip.pdf", b"PK\x03\x04" + b"\x00" * 26 + ZIP_TAIL, "content"),
    "pdf-javascript": ("laporan.pdf", PDF_BYTES + b"<< /S /JavaScript /JS (app.alert(1)) >>", "pdf_active"),
    "pdf-javascript-escaped": ("laporan.pdf", PDF_BYTES + b"<< /S /J#61vaScript >>", "pdf_active"),
    "pdf-launch": ("laporan.pdf", PDF_BYTES + b"<< /S /Launch /F (cmd.exe) >>", "pdf_active"),
    # Compressed: only a PDF parser sees it (more constructs in test_hostile_pdfs.py).
    "pdf-javascript-in-object-stream": (
        "laporan.pdf",
        build_pdf(
            {1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", 4: b"<< /S /JavaScript /JS (1) >>"},
            compressed=[1, 4],
        ),
        "pdf_active",
    ),
    "pdf-encrypted": (
        "laporan.pdf",
        build_pdf(trailer=b"/Encrypt << /Filter /Standard /V 1 /R 2 >>"),
        "pdf_encrypted",
    ),
    "double-extension-exe": ("laporan.pdf.exe", b"MZ" + b"\x00" * 64, "extension"),
    "double-extension-php": ("invoice.php.pdf", PDF_BYTES, "double_extension"),
    "double-extension-html": ("foto.html.png", PNG_BYTES, "double_extension"),
    "path-traversal": ("..\\..\\settings.pdf", PDF_BYTES, "path"),
    "windows-drive": ("C:laporan.pdf", PDF_BYTES, "path"),
    "hidden-dotfile": (".htaccess.pdf", PDF_BYTES, "path"),
    "right-to-left-override": ("laporan\u202efdp.exe.pdf", PDF_BYTES, "name"),
}


# Django's upload parser already cuts a browser-sent name down to its last part, so over HTTP these arrive
# as a plain "settings.pdf"; validate_upload still refuses them from any other caller.
PATH_NAMES = {"path-traversal", "windows-drive"}
OVER_HTTP = {key: case for key, case in HOSTILE.items() if key not in PATH_NAMES}


@pytest.mark.parametrize("case", HOSTILE.values(), ids=HOSTILE.keys())
def test_it_refuses_a_hostile_file(case):
    name, content, code = case
    with pytest.raises(ValidationError) as refused:
        validate_upload(make_upload(name, content), max_bytes=20_000_000)
    assert refused.value.code == code


def test_it_finds_markup_split_between_two_chunks():
    content = PDF_BYTES + b"0" * (CHUNK - len(PDF_BYTES) - 3) + b"<script>"
    with pytest.raises(ValidationError) as refused:
        validate_upload(make_upload("laporan.pdf", content), max_bytes=10_000_000)
    assert refused.value.code == "polyglot"


@pytest.mark.parametrize(
    ("name", "content"),
    [("Laporan 2024.v2.pdf", PDF_BYTES), ("foto kegiatan.jpg", JPEG_BYTES), ("bagan.png", PNG_BYTES)],
)
def test_it_accepts_honest_files(name, content):
    validate_upload(make_upload(name, content), max_bytes=10_000_000)


def files_in(folder):
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


@pytest.fixture
def upload_temp(settings, tmp_path):
    """Large uploads are spooled to disk by Django: that folder must be empty after a refusal too."""
    folder = tmp_path / "upload-temp"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


@pytest.mark.django_db
@pytest.mark.parametrize("case", OVER_HTTP.values(), ids=OVER_HTTP.keys())
def test_it_refuses_hostile_evidence_in_the_portal_and_keeps_nothing(
    client, private_files, upload_temp, case
):
    name, content, _ = case
    agency = make_organisation()
    liaison = make_user(organisation=agency)
    commitment = make_commitment(make_agreement(agency=agency))
    client.force_login(liaison)
    response = client.post(
        reverse("portal:report_create", args=[commitment.pk]),
        {"summary": "Bukti.", "claim": "done", "last_report": 0, "files": [make_upload(name, content)]},
    )
    assert response.status_code == 400
    assert not ProgressReport.objects.exists()
    assert files_in(private_files) == []
    assert files_in(upload_temp) == []


@pytest.mark.django_db
@pytest.mark.parametrize("case", OVER_HTTP.values(), ids=OVER_HTTP.keys())
def test_it_refuses_hostile_documents_in_the_admin_and_keeps_nothing(
    client, private_files, upload_temp, case
):
    name, content, _ = case
    agreement = make_agreement()
    client.force_login(make_staff())
    response = client.post(
        reverse("admin:agreements_document_add"),
        {"agreement": agreement.pk, "kind": "signed", "title": "Naskah", "file": make_upload(name, content)},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"]
    assert not Document.objects.exists()
    assert files_in(private_files) == []
    assert files_in(upload_temp) == []


@pytest.mark.django_db
def test_it_keeps_only_the_last_part_of_a_path_sent_as_a_file_name(client, private_files):
    agency = make_organisation()
    commitment = make_commitment(make_agreement(agency=agency))
    client.force_login(make_user(organisation=agency))
    client.post(
        reverse("portal:report_create", args=[commitment.pk]),
        {
            "summary": "Bukti.",
            "claim": "done",
            "last_report": 0,
            "files": [make_upload("../../../etc/x.pdf")],
        },
    )
    from agreements.models import Evidence

    evidence = Evidence.objects.get()
    assert evidence.original_name == "x.pdf"
    assert (private_files / evidence.file.name).resolve().is_relative_to(private_files.resolve())
