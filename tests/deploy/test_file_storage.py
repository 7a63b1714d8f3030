"""FILE_STORAGE: the disk or an S3-compatible object store, built from settings; no network is used."""

import json
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kpu_coop.file_storage import S3_BACKEND, file_storages
from security.backup import BackupError, backup_create, backup_restore
from tests.deploy.servers import ROOT
from tests.factories import (
    PDF_BYTES,
    assign,
    make_commitment,
    make_document,
    make_published_agreement,
    make_user,
)

S3_ENVIRONMENT = {
    "S3_BUCKET": "kpu-coop-berkas",
    "S3_ENDPOINT_URL": "https://s3.example.org",
    "S3_REGION": "ap-southeast-3",
    "S3_ACCESS_KEY_ID": "KUNCI",
    "S3_SECRET_ACCESS_KEY": "rahasia",
}


@pytest.fixture
def s3_environment(monkeypatch):
    for name, value in S3_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)


def test_it_keeps_files_in_the_private_folder_on_disk(tmp_path):
    assert file_storages("disk", private_root=tmp_path) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tmp_path, "base_url": None},
    }


def test_it_puts_files_in_the_bucket_named_by_the_s3_settings(s3_environment, tmp_path):
    storage = file_storages("s3", private_root=tmp_path)
    assert storage["BACKEND"] == S3_BACKEND
    assert {name: storage["OPTIONS"][name] for name in ("bucket_name", "endpoint_url", "region_name")} == {
        "bucket_name": "kpu-coop-berkas",
        "endpoint_url": "https://s3.example.org",
        "region_name": "ap-southeast-3",
    }
    assert (storage["OPTIONS"]["access_key"], storage["OPTIONS"]["secret_key"]) == ("KUNCI", "rahasia")


def test_it_never_gives_stored_files_a_public_address(s3_environment, tmp_path):
    options = file_storages("s3", private_root=tmp_path)["OPTIONS"]
    assert options["custom_domain"] is None
    assert options["querystring_auth"] is True
    assert options["default_acl"] is None


def test_it_gives_a_second_upload_of_the_same_name_a_name_of_its_own(s3_environment, tmp_path):
    assert file_storages("s3", private_root=tmp_path)["OPTIONS"]["file_overwrite"] is False


def test_it_uses_the_machines_own_credentials_when_no_key_is_given(s3_environment, monkeypatch, tmp_path):
    monkeypatch.delenv("S3_ACCESS_KEY_ID")
    monkeypatch.delenv("S3_SECRET_ACCESS_KEY")
    options = file_storages("s3", private_root=tmp_path)["OPTIONS"]
    assert (options["access_key"], options["secret_key"]) == (None, None)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"S3_BUCKET": ""}, "S3_BUCKET"),
        ({"S3_SECRET_ACCESS_KEY": ""}, "go together"),
        ({"S3_ADDRESSING_STYLE": "sideways"}, "S3_ADDRESSING_STYLE"),
    ],
    ids=["no bucket", "a key without its secret", "an unknown addressing style"],
)
def test_it_refuses_incomplete_s3_settings_by_name(s3_environment, monkeypatch, tmp_path, change, message):
    for name, value in change.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        file_storages("s3", private_root=tmp_path)


def test_it_refuses_an_unknown_kind_of_storage(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="FILE_STORAGE='nfs'"):
        file_storages("nfs", private_root=tmp_path)


def test_the_settings_read_file_storage_from_the_environment():
    environment = {
        **os.environ,
        **S3_ENVIRONMENT,
        "FILE_STORAGE": "s3",
        "DJANGO_SETTINGS_MODULE": "kpu_coop.settings",
    }
    program = "import json; from django.conf import settings; print(json.dumps(settings.STORAGES['default']))"
    output = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    ).stdout
    default = json.loads(output)
    assert default["BACKEND"] == S3_BACKEND
    assert default["OPTIONS"]["bucket_name"] == "kpu-coop-berkas"


# Uploads and downloads use the storage API only: a storage with no files on disk serves them as well.
@pytest.fixture
def object_store(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def test_evidence_goes_in_and_out_of_a_storage_without_files_on_disk(object_store, client, db):
    agreement = make_published_agreement()
    commitment = make_commitment(agreement)
    liaison = make_user(organisation=commitment.responsible)
    assign(commitment, liaison)
    client.force_login(liaison)
    response = client.post(
        reverse("portal:report_create", args=[commitment.pk]),
        {
            "summary": "Sudah.",
            "claim": "in_progress",
            "last_report": 0,
            "files": SimpleUploadedFile("bukti.pdf", PDF_BYTES),
        },
    )
    assert response.status_code == 302
    evidence = commitment.reports.get().evidence.get()
    download = client.get(reverse("portal:evidence", args=[evidence.pk]))
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_a_public_document_downloads_from_a_storage_without_files_on_disk(object_store, client, db):
    document = make_document(make_published_agreement())
    response = client.get(reverse("public:document_download", args=[document.pk]))
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_backup_is_refused_when_the_files_are_in_an_object_store(object_store, db, tmp_path):
    with pytest.raises(BackupError, match="FILE_STORAGE=s3"):
        backup_create(output=tmp_path / "cadangan.tar.gz")
    assert list(tmp_path.iterdir()) == []


def test_a_restore_is_refused_when_the_files_are_in_an_object_store(object_store, db, tmp_path):
    with pytest.raises(BackupError, match="FILE_STORAGE=s3"):
        backup_restore(archive=tmp_path / "cadangan.tar.gz")
