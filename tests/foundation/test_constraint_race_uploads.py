"""A form with a large upload, run again after losing a race to a constraint, still finds its upload: the
first run moved Django's spooled copy into storage (kpu_coop.constraint_races.KeptUploads)."""

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import IntegrityError
from django.http import HttpResponse
from django.test import RequestFactory

from kpu_coop.constraint_races import rerun_on_integrity_error

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
