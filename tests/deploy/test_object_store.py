"""FILE_STORAGE=s3 with django-storages against a stand-in S3 (moto, in memory): no network, no server.

What the settings promise, on the real storage class: uploads under PREFIX/private/ with names of their own,
served only through the views (a missing object is a 404), and the open data files under PREFIX/open-data/.
"""

import pytest
from django.urls import reverse

from kpu_coop.file_storage import file_storages
from public import open_data_files
from tests.factories import (
    PDF_BYTES,
    make_commitment,
    make_document,
    make_evidence,
    make_published_agreement,
    make_report,
    make_user,
)

boto3 = pytest.importorskip("boto3", reason="django-storages[s3] is in requirements.txt: `make install-dev`")
moto = pytest.importorskip("moto", reason="moto is in requirements-dev.txt: `make install-dev`")

BUCKET = "kpu-coop-berkas"
S3_ENVIRONMENT = {
    "S3_BUCKET": BUCKET,
    "S3_REGION": "ap-southeast-3",
    "S3_ACCESS_KEY_ID": "KUNCI",
    "S3_SECRET_ACCESS_KEY": "rahasia",
    "S3_PREFIX": "kpu-bantul",
}


@pytest.fixture
def bucket(settings, monkeypatch):
    for name, value in S3_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    with moto.mock_aws():
        s3 = boto3.client("s3", region_name="ap-southeast-3")
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-3"})
        settings.STORAGES = {
            **settings.STORAGES,
            **file_storages("s3", private_root=None, open_data_root=None),
        }
        yield s3


def stored_keys(s3):
    return sorted(item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []))


@pytest.fixture
def liaison_and_commitment(db):
    commitment = make_commitment(make_published_agreement())
    return make_user(organisation=commitment.responsible), commitment


def test_evidence_is_stored_under_the_private_folder_with_a_name_of_its_own(bucket, liaison_and_commitment):
    liaison, commitment = liaison_and_commitment
    first = make_evidence(make_report(commitment, author=liaison), name="bukti.pdf")
    second = make_evidence(make_report(commitment, author=liaison), name="bukti.pdf")

    assert first.file.name != second.file.name
    assert stored_keys(bucket) == sorted(f"kpu-bantul/private/{e.file.name}" for e in (first, second))


def test_evidence_downloads_through_the_view(bucket, liaison_and_commitment, client):
    liaison, commitment = liaison_and_commitment
    evidence = make_evidence(make_report(commitment, author=liaison))
    client.force_login(liaison)

    response = client.get(reverse("portal:evidence", args=[evidence.pk]))

    assert b"".join(response.streaming_content) == PDF_BYTES


def test_evidence_missing_from_the_bucket_is_not_found(bucket, liaison_and_commitment, client):
    liaison, commitment = liaison_and_commitment
    evidence = make_evidence(make_report(commitment, author=liaison))
    bucket.delete_object(Bucket=BUCKET, Key=f"kpu-bantul/private/{evidence.file.name}")
    client.force_login(liaison)

    assert client.get(reverse("portal:evidence", args=[evidence.pk])).status_code == 404


def test_a_public_document_downloads_through_the_view(bucket, client, db):
    document = make_document(make_published_agreement())

    response = client.get(reverse("public:document_download", args=[document.pk]))

    assert b"".join(response.streaming_content) == PDF_BYTES


def test_the_open_data_files_are_built_into_the_bucket_and_served_from_it(bucket, client, db):
    make_published_agreement(title="Perjanjian di bucket")

    response = client.get(reverse("public:agreements_csv"))

    assert "Perjanjian di bucket" in b"".join(response.streaming_content).decode()
    assert "kpu-bantul/open-data/manifest.json" in stored_keys(bucket)


def test_a_rebuild_replaces_the_manifest_and_keeps_the_files_of_the_last_two_builds(bucket, db):
    manifests = []
    for title in ["Pertama", "Kedua", "Ketiga"]:
        make_published_agreement(title=title)
        manifests.append(open_data_files.open_data_refresh(force=True))

    kept = {"manifest.json"}
    for manifest in manifests[1:]:
        for entry in manifest["files"].values():
            kept.update((entry["file"], entry["gzip_file"]))
    assert stored_keys(bucket) == sorted(f"kpu-bantul/open-data/{name}" for name in kept)
    assert open_data_files.read_manifest() == manifests[-1]
