"""FILE_STORAGE: the disk or an S3-compatible object store, built from settings; no network is used."""

import json
import os
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from kpu_coop.file_storage import PRIVATE_S3_BACKEND, S3_BACKEND, file_storages
from public import open_data_files
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


def storages_for(kind, tmp_path):
    return file_storages(kind, private_root=tmp_path / "private", open_data_root=tmp_path / "open-data")


def test_it_keeps_files_in_their_folders_on_disk(tmp_path):
    assert storages_for("disk", tmp_path) == {
        "default": {
            "BACKEND": "kpu_coop.stored_files.DiskStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
        "opendata": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "open-data", "base_url": None},
        },
    }


def test_it_puts_files_in_the_bucket_named_by_the_s3_settings(s3_environment, tmp_path):
    storages = storages_for("s3", tmp_path)
    assert [storages[name]["BACKEND"] for name in ("default", "opendata")] == [PRIVATE_S3_BACKEND, S3_BACKEND]
    for storage in storages.values():
        options = storage["OPTIONS"]
        assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
            "kpu-coop-berkas",
            "https://s3.example.org",
            "ap-southeast-3",
        )
        assert (options["access_key"], options["secret_key"]) == ("KUNCI", "rahasia")


def test_it_keeps_uploads_and_open_data_in_folders_of_their_own_in_the_bucket(s3_environment, tmp_path):
    storages = storages_for("s3", tmp_path)
    assert (storages["default"]["OPTIONS"]["location"], storages["opendata"]["OPTIONS"]["location"]) == (
        "private",
        "open-data",
    )


def test_it_puts_the_folders_under_the_prefix_when_one_is_given(s3_environment, monkeypatch, tmp_path):
    monkeypatch.setenv("S3_PREFIX", "/kpu-bantul/")
    storages = storages_for("s3", tmp_path)
    assert (storages["default"]["OPTIONS"]["location"], storages["opendata"]["OPTIONS"]["location"]) == (
        "kpu-bantul/private",
        "kpu-bantul/open-data",
    )


def test_it_never_gives_stored_files_a_public_address(s3_environment, tmp_path):
    for storage in storages_for("s3", tmp_path).values():
        assert storage["OPTIONS"]["custom_domain"] is None
        assert storage["OPTIONS"]["querystring_auth"] is True
        assert storage["OPTIONS"]["default_acl"] is None


def test_it_gives_a_second_upload_of_the_same_name_a_name_of_its_own(s3_environment, tmp_path):
    assert storages_for("s3", tmp_path)["default"]["OPTIONS"]["file_overwrite"] is False


def test_it_replaces_the_open_data_manifest_in_place(s3_environment, tmp_path):
    assert storages_for("s3", tmp_path)["opendata"]["OPTIONS"]["file_overwrite"] is True


def test_it_uses_the_machines_own_credentials_when_no_key_is_given(s3_environment, monkeypatch, tmp_path):
    monkeypatch.delenv("S3_ACCESS_KEY_ID")
    monkeypatch.delenv("S3_SECRET_ACCESS_KEY")
    options = storages_for("s3", tmp_path)["default"]["OPTIONS"]
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
        storages_for("s3", tmp_path)


def test_it_refuses_an_unknown_kind_of_storage(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="FILE_STORAGE='nfs'"):
        storages_for("nfs", tmp_path)


def test_the_settings_read_file_storage_from_the_environment():
    environment = {
        **os.environ,
        **S3_ENVIRONMENT,
        "FILE_STORAGE": "s3",
        "DJANGO_SETTINGS_MODULE": "kpu_coop.settings",
    }
    program = "import json; from django.conf import settings; print(json.dumps(settings.STORAGES))"
    output = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    ).stdout
    storages = json.loads(output)
    assert [storages[name]["BACKEND"] for name in ("default", "opendata")] == [PRIVATE_S3_BACKEND, S3_BACKEND]
    assert storages["default"]["OPTIONS"]["bucket_name"] == "kpu-coop-berkas"


# Uploads, downloads and the open data files use the storage API only: storages with no files on disk serve
# them as well (the private one names a second upload apart, the open data one replaces its manifest, as S3).
@pytest.fixture
def object_store(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "opendata": {"BACKEND": "tests.deploy.object_store.ObjectStore"},
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


def test_the_open_data_files_are_built_into_an_object_store_and_served_from_it(object_store, client, db):
    make_published_agreement(title="Perjanjian di penyimpanan objek")

    response = client.get(reverse("public:agreements_csv"))

    assert "Perjanjian di penyimpanan objek" in b"".join(response.streaming_content).decode()
    assert open_data_files.storage().exists(open_data_files.MANIFEST)


def test_an_open_data_build_on_an_object_store_holds_a_lock_every_server_sees(object_store, db, monkeypatch):
    held, build = [], open_data_files.build

    def watched_build(folder):
        held.append(cache.get(open_data_files.LOCK_KEY))
        return build(folder)

    monkeypatch.setattr(open_data_files, "build", watched_build)
    open_data_files.open_data_refresh()

    assert held[0] is not None
    assert cache.get(open_data_files.LOCK_KEY) is None


def test_a_rebuild_in_an_object_store_keeps_only_the_files_of_the_last_two_builds(object_store, db):
    manifests = []
    for title in ["Pertama", "Kedua", "Ketiga"]:
        make_published_agreement(title=title)
        manifests.append(open_data_files.open_data_refresh(force=True))

    kept = {open_data_files.MANIFEST}
    for manifest in manifests[1:]:
        kept.update(
            name for entry in manifest["files"].values() for name in (entry["file"], entry["gzip_file"])
        )
    assert set(open_data_files.storage().listdir("")[1]) == kept
    assert open_data_files.read_manifest() == manifests[-1]


def test_the_backup_command_says_why_in_the_users_language(object_store, db, tmp_path):
    with pytest.raises(CommandError, match="penyimpanan objek"):
        call_command("backup", str(tmp_path / "cadangan.tar.gz"))
