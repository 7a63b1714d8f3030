"""A form with a large upload, run again after losing a race to a constraint or after a deadlock, still finds
its upload: the first run moved Django's spooled copy into storage (kpu_coop.constraint_races.KeptUploads)."""

import pytest
from django.contrib import admin
from django.core.files.storage import FileSystemStorage
from django.db import IntegrityError, OperationalError
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from agreements.models import Document
from kpu_coop.constraint_races import rerun_on_integrity_error
from kpu_coop.deadlocks import DEADLOCK
from tests.factories import PDF_BYTES, make_agreement, make_staff, make_upload

CONTENT = b"%PDF-1.4 " + b"x" * 4096


@pytest.fixture
def spooled(settings, tmp_path):
    """Every upload spooled to disk, as Django does past FILE_UPLOAD_MAX_MEMORY_SIZE; returns that folder."""
    folder = tmp_path / "upload-temp"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    return folder


def posted_with_a_file(tmp_path):
    upload = tmp_path / "laporan.pdf"
    upload.write_bytes(CONTENT)
    with upload.open("rb") as file:
        return RequestFactory().post("/admin/x/add/", {"file": file})


def storing_view(storage, refusals):
    """Stores the upload, then is refused by the database ``refusals`` times."""
    runs = []

    def view(request):
        runs.append(storage.save("bukti/laporan.pdf", request.FILES["file"]))
        if len(runs) <= refusals:
            raise IntegrityError("duplicate key value violates unique constraint")
        with storage.open(runs[-1]) as stored:
            return HttpResponse(stored.read())

    return view, runs


def test_a_run_again_after_a_refusal_stores_the_whole_upload_and_leaves_no_spooled_copy(spooled, tmp_path):
    storage = FileSystemStorage(location=tmp_path / "private")
    view, runs = storing_view(storage, refusals=1)
    request = posted_with_a_file(tmp_path)

    response = rerun_on_integrity_error(view)(request)
    request.close()

    assert response.content == CONTENT
    assert len(runs) == 2
    assert list(spooled.iterdir()) == []


def test_where_the_folder_has_no_hard_links_a_copy_is_kept_instead(spooled, tmp_path, monkeypatch):
    def no_links(source, target):
        raise OSError("Operation not permitted")

    monkeypatch.setattr("kpu_coop.constraint_races.os.link", no_links)
    view, _runs = storing_view(FileSystemStorage(location=tmp_path / "private"), refusals=1)
    request = posted_with_a_file(tmp_path)

    response = rerun_on_integrity_error(view)(request)
    request.close()

    assert response.content == CONTENT
    assert list(spooled.iterdir()) == []


def test_a_second_refusal_stands_and_leaves_no_spooled_copy(spooled, tmp_path):
    view, runs = storing_view(FileSystemStorage(location=tmp_path / "private"), refusals=2)
    request = posted_with_a_file(tmp_path)

    with pytest.raises(IntegrityError):
        rerun_on_integrity_error(view)(request)
    request.close()

    assert len(runs) == 2
    assert list(spooled.iterdir()) == []


def test_a_form_without_uploads_runs_again_as_before(spooled):
    answers = iter([IntegrityError("duplicate key"), HttpResponse("ok")])

    def view(request):
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    request = RequestFactory().post("/admin/x/add/", {"name": "a"})
    assert rerun_on_integrity_error(view)(request).content == b"ok"


class DeadlockCause(Exception):
    sqlstate = DEADLOCK


def add_document_failing_once(client, monkeypatch, error):
    """Post a new document in the admin, whose first save raises ``error`` after storing its file."""
    agreement = make_agreement()
    client.force_login(make_staff())
    document_admin = type(admin.site.get_model_admin(Document))
    save_related, failed = document_admin.save_related, []

    def failing_once(self, *args, **kwargs):
        save_related(self, *args, **kwargs)
        if not failed:
            failed.append(True)
            raise error

    monkeypatch.setattr(document_admin, "save_related", failing_once)
    response = client.post(
        reverse("admin:agreements_document_add"),
        {"agreement": agreement.pk, "kind": "signed", "title": "Naskah", "file": make_upload("naskah.pdf")},
    )
    assert response.status_code == 302
    assert failed
    return Document.objects.get()


def stored_files_in(folder):
    return [path for path in folder.rglob("*") if path.is_file()]


@pytest.mark.django_db(transaction=True)
def test_an_admin_upload_saved_again_after_a_deadlock_is_stored_whole(
    client, private_files, spooled, monkeypatch
):
    """PostgreSQL broke a deadlock by rolling back the first save, after its file was stored."""
    deadlock = OperationalError("deadlock detected")
    deadlock.__cause__ = DeadlockCause()

    document = add_document_failing_once(client, monkeypatch, deadlock)

    with document.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES
    assert list(spooled.iterdir()) == []
    # The first save's file, rolled back with its row, is gone (kpu_coop.stored_files).
    assert stored_files_in(private_files) == [private_files / document.file.name]


@pytest.mark.django_db
def test_an_admin_upload_saved_again_after_a_refusal_leaves_one_file(client, private_files, monkeypatch):
    """The database refused the first save after its file was stored; the form ran again."""
    document = add_document_failing_once(
        client, monkeypatch, IntegrityError("duplicate key value violates unique constraint")
    )

    assert stored_files_in(private_files) == [private_files / document.file.name]
