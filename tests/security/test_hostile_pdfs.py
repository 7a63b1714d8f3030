"""PDFs that act on their own are refused however they are written; ordinary PDFs, links included, pass."""

import zlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from pypdf import PdfWriter

from agreements.models import ProgressReport
from agreements.uploads import validate_upload
from security import pdf
from tests.factories import make_agreement, make_commitment, make_organisation, make_upload, make_user
from tests.pdfs import CATALOGUE, PAGE, build_pdf

URI_ACTION = b"<< /S /URI /URI (https://example.org/track) >>"
JAVASCRIPT_ACTION = b"<< /S /JavaScript /JS (app.alert(1)) >>"
LINK_ANNOTATION = b"<< /Type /Annot /Subtype /Link /Rect [0 0 50 50] /A " + URI_ACTION + b" >>"


@pytest.fixture(autouse=True)
def english():
    """Messages in English, so assertions read like the msgids."""
    with translation.override("en"):
        yield


def catalogue_with(entries):
    return CATALOGUE[:-2] + b" " + entries + b" >>"


def page_with(entries):
    return PAGE[:-2] + b" " + entries + b" >>"


# Each hostile construct sits in a compressed object stream, where no byte scan can read it.
HOSTILE = {
    "javascript-open-action": {1: catalogue_with(b"/OpenAction 4 0 R"), 4: JAVASCRIPT_ACTION},
    "javascript-name-tree": {
        1: catalogue_with(b"/Names << /JavaScript 4 0 R >>"),
        4: b"<< /Names [(a) 5 0 R] >>",
    },
    "javascript-hex-escaped": {1: catalogue_with(b"/OpenAction << /S /J#61vaScript /J#53 (x) >>")},
    "javascript-in-link-annotation": {
        3: page_with(b"/Annots [4 0 R]"),
        4: b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A " + JAVASCRIPT_ACTION + b" >>",
    },
    "javascript-in-form-field": {
        1: catalogue_with(b"/AcroForm << /Fields [4 0 R] >>"),
        4: b"<< /FT /Tx /T (nama) /AA << /K " + JAVASCRIPT_ACTION + b" >> >>",
    },
    "open-action-uri": {1: catalogue_with(b"/OpenAction " + URI_ACTION)},
    "open-action-chained-to-uri": {
        1: catalogue_with(b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next [4 0 R] >>"),
        4: URI_ACTION,
    },
    "open-action-remote-file": {
        1: catalogue_with(b"/OpenAction << /S /GoToR /F (\\\\\\\\evil\\\\x.pdf) /D [0 /Fit] >>")
    },
    "launch": {1: catalogue_with(b"/OpenAction << /S /Launch /F (cmd.exe) >>")},
    "launch-on-click": {
        3: page_with(b"/Annots [4 0 R]"),
        4: b"<< /Subtype /Link /A << /S /Launch /F (a.exe) >> >>",
    },
    "submit-form-in-form-field": {
        1: catalogue_with(b"/AcroForm << /Fields [4 0 R] >>"),
        4: b"<< /FT /Btn /T (kirim) /A << /S /SubmitForm /F << /FS /URL /F (https://example.org/) >> >> >>",
    },
    "page-additional-action-uri": {3: page_with(b"/AA << /O " + URI_ACTION + b" >>")},
    "document-additional-action-import-data": {
        1: catalogue_with(b"/AA << /WC << /S /ImportData /F (d.fdf) >> >>")
    },
    "embedded-file": {
        1: catalogue_with(b"/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>"),
        4: b"<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>",
    },
    "rich-media": {3: page_with(b"/Annots [<< /Subtype /RichMedia /Rect [0 0 9 9] >>]")},
    "xfa-form": {1: catalogue_with(b"/AcroForm << /Fields [] /XFA 4 0 R >>"), 4: b"<< >>"},
    # Reachable from nothing: only a walk over every object finds it.
    "javascript-in-orphan-object": {4: JAVASCRIPT_ACTION},
}


def compressed(objects):
    return build_pdf(objects, compressed=sorted(objects))


@pytest.mark.parametrize("objects", HOSTILE.values(), ids=HOSTILE.keys())
def test_it_refuses_an_active_pdf_construct_hidden_in_an_object_stream(objects):
    content = compressed(objects)
    assert b"/S " not in content and b"JavaScript" not in content
    with pytest.raises(ValidationError) as refused:
        validate_upload(make_upload("laporan.pdf", content), max_bytes=10_000_000)
    assert refused.value.code == "pdf_active"


def test_it_refuses_javascript_in_an_object_stream_object_the_cross_reference_data_does_not_list():
    content = build_pdf({4: b"<< >>", 5: JAVASCRIPT_ACTION}, compressed=[4], unlisted=[5])
    with pytest.raises(ValidationError) as refused:
        validate_upload(make_upload("laporan.pdf", content), max_bytes=10_000_000)
    assert refused.value.code == "pdf_active"


@pytest.mark.parametrize(
    ("objects", "message"),
    [
        (HOSTILE["javascript-open-action"], "contains scripts (JavaScript)"),
        (HOSTILE["launch"], "tries to start a program"),
        (HOSTILE["submit-form-in-form-field"], "a form that sends data"),
        (HOSTILE["embedded-file"], "other files or media embedded"),
        (HOSTILE["open-action-uri"], "opens a web address or another file by itself"),
    ],
    ids=["script", "launch", "submit", "embedded", "automatic"],
)
def test_it_says_what_was_found(objects, message):
    with pytest.raises(ValidationError) as refused:
        validate_upload(make_upload("laporan.pdf", compressed(objects)), max_bytes=10_000_000)
    assert message in refused.value.messages[0]


CLEAN = {
    "minimal": build_pdf(),
    "compressed": build_pdf(compressed=[1, 2, 3]),
    "link-clicked-by-the-reader": compressed({3: page_with(b"/Annots [4 0 R]"), 4: LINK_ANNOTATION}),
    "opens-at-a-page": build_pdf({1: catalogue_with(b"/OpenAction [3 0 R /Fit]")}),
    "plain-form-field": compressed(
        {1: catalogue_with(b"/AcroForm << /Fields [4 0 R] >>"), 4: b"<< /FT /Tx /T (a) >>"}
    ),
}


@pytest.mark.parametrize("content", CLEAN.values(), ids=CLEAN.keys())
def test_it_accepts_an_ordinary_pdf(content):
    validate_upload(make_upload("laporan.pdf", content), max_bytes=10_000_000)


def test_it_accepts_a_pdf_written_by_pypdf_with_a_web_link():
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_uri(0, "https://kpu.go.id/", [0, 0, 50, 50])
    writer.add_metadata({"/Title": "Laporan"})
    upload = make_upload("laporan.pdf", b"")
    writer.write(upload.file)
    upload.size = upload.file.tell()
    validate_upload(upload, max_bytes=10_000_000)


def test_it_refuses_an_encrypted_pdf():
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("", "pemilik", algorithm="RC4-128")
    upload = make_upload("laporan.pdf", b"")
    writer.write(upload.file)
    upload.size = upload.file.tell()
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload, max_bytes=10_000_000)
    assert refused.value.code == "pdf_encrypted"
    assert "password-protected or encrypted" in refused.value.messages[0]


def test_it_refuses_an_aes_encrypted_pdf_as_encrypted_not_as_damaged():
    aes = b"/Encrypt << /Filter /Standard /V 5 /R 6 /P -4 /CF << /StdCF << /CFM /AESV3 >> >> /StmF /StdCF >>"
    content = build_pdf(compressed=[3], trailer=aes)
    with pytest.raises(ValidationError) as refused:
        validate_upload(make_upload("laporan.pdf", content), max_bytes=10_000_000)
    assert refused.value.code == "pdf_encrypted"


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\nnothing else",
        build_pdf()[:-40],
        build_pdf({1: b"<< /Pages 2 0 R >>"}).replace(b"/Root 1 0 R", b""),
        build_pdf({1: b"<< /Type /Catalog /Pages 2 0 R /Deep " + b"[" * 5000 + b"]" * 5000 + b" >>"}),
    ],
    ids=["garbage", "truncated", "no-catalogue", "nested-too-deep"],
)
def test_it_refuses_a_pdf_it_cannot_read_with_a_clear_message(content):
    with pytest.raises(ValidationError) as refused:
        validate_upload(make_upload("laporan.pdf", content), max_bytes=10_000_000)
    assert refused.value.code in ("pdf_unreadable", "pdf_too_complex")
    assert "PDF" in refused.value.messages[0]


def test_it_refuses_an_object_stream_that_inflates_beyond_the_limit():
    # About 25 kB that inflate to more than 25 MB.
    content = build_pdf(
        compressed=[1], pack=lambda data: zlib.compress(data + b" " * pdf.MAX_DECOMPRESSED_BYTES, 9)
    )
    with pytest.raises(ValidationError) as refused:
        validate_upload(make_upload("laporan.pdf", content), max_bytes=10_000_000)
    assert refused.value.code == "pdf_too_complex"


def test_it_refuses_a_pdf_with_more_objects_than_it_will_walk(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_OBJECTS", 3)
    with pytest.raises(ValidationError) as refused:
        validate_upload(make_upload("laporan.pdf", build_pdf({4: b"<< >>"})), max_bytes=10_000_000)
    assert refused.value.code == "pdf_too_complex"


def test_it_stops_walking_when_the_time_is_up(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_SECONDS", -1)
    with pytest.raises(ValidationError) as refused:
        validate_upload(make_upload("laporan.pdf", build_pdf()), max_bytes=10_000_000)
    assert refused.value.code == "pdf_too_complex"


@pytest.mark.django_db
def test_it_shows_the_refusal_on_the_report_form_without_an_error_page(client, settings):
    settings.LANGUAGE_CODE = "en"
    agency = make_organisation()
    commitment = make_commitment(make_agreement(agency=agency))
    client.force_login(make_user(organisation=agency))
    response = client.post(
        reverse("portal:report_create", args=[commitment.pk]),
        {
            "summary": "Sosialisasi di 17 kapanewon.",
            "claim": "done",
            "last_report": 0,
            "files": [make_upload("undangan.pdf", compressed(HOSTILE["open-action-uri"]))],
        },
    )
    assert response.status_code == 400
    assert "undangan.pdf: " in response.text
    assert "Sosialisasi di 17 kapanewon." in response.text
    assert not ProgressReport.objects.exists()


def test_it_stops_inflating_object_streams_when_the_budget_is_spent(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_TOTAL_DECOMPRESSED_BYTES", 10)
    with pytest.raises(ValidationError) as refused:
        validate_upload(make_upload("laporan.pdf", build_pdf(compressed=[1, 2, 3])), max_bytes=10_000_000)
    assert refused.value.code == "pdf_too_complex"


@pytest.mark.django_db
def test_it_reads_each_pdf_once_although_the_form_and_the_service_both_check_it(client, monkeypatch):
    from security import uploads

    read = []
    check_pdf = uploads.check_pdf
    monkeypatch.setattr(uploads, "check_pdf", lambda upload: read.append(upload.name) or check_pdf(upload))
    agency = make_organisation()
    commitment = make_commitment(make_agreement(agency=agency))
    client.force_login(make_user(organisation=agency))
    response = client.post(
        reverse("portal:report_create", args=[commitment.pk]),
        {
            "summary": "Dua berkas.",
            "claim": "done",
            "last_report": 0,
            "files": [make_upload("a.pdf"), make_upload("b.pdf")],
        },
    )
    assert response.status_code == 302
    assert read == ["a.pdf", "b.pdf"]
