"""A request's uploads for rows that never committed are deleted when it ends (kpu_coop.stored_files); an
upload a row names stays. An admin save run again after a refusal or a deadlock:
test_constraint_race_uploads."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError

from kpu_coop import stored_files
from tests.factories import PDF_BYTES, make_agreement, make_document, make_upload

pytestmark = pytest.mark.django_db


def files_in(folder):
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def test_a_file_no_row_names_is_deleted_when_the_request_ends(private_files):
    stored_files.start_noting()
    default_storage.save("dokumen/lepas.pdf", ContentFile(PDF_BYTES))

    stored_files.delete_unreferenced()

    assert files_in(private_files) == []


def test_a_file_a_row_names_stays(private_files):
    stored_files.start_noting()
    document = make_document(make_agreement())

    stored_files.delete_unreferenced()

    assert files_in(private_files) == [document.file.name]


def test_a_file_replaced_in_the_same_request_is_deleted(private_files):
    stored_files.start_noting()
    document = make_document(make_agreement())
    document.file = make_upload("pengganti.pdf")
    document.save()

    stored_files.delete_unreferenced()

    assert files_in(private_files) == [document.file.name]


def test_nothing_is_deleted_when_the_database_cannot_tell(private_files, monkeypatch):
    stored_files.start_noting()
    name = default_storage.save("dokumen/lepas.pdf", ContentFile(PDF_BYTES))

    def unavailable(names):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(stored_files, "referenced", unavailable)
    stored_files.delete_unreferenced()

    assert files_in(private_files) == [name]


def test_files_stored_outside_a_request_are_left_alone(private_files):
    stored_files.delete_unreferenced()  # no request running: nothing was noted
    name = default_storage.save("dokumen/lepas.pdf", ContentFile(PDF_BYTES))

    stored_files.delete_unreferenced()

    assert files_in(private_files) == [name]
