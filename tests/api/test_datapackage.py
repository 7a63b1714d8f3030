"""/data/datapackage.json: a Frictionless Data Package whose every file validates against its Table Schema."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from frictionless import Package, system

from agreements.demo import load_demo
from public.opendata import AGREEMENT_COLUMNS, COMMITMENT_COLUMNS
from tests.factories import make_commitment, make_published_agreement

pytestmark = pytest.mark.django_db
SMALL_SCALE = {"offices": 2, "agreements": 8, "commitments": 30, "reports": 20}


def download_package(client, folder):
    """The descriptor and every file it names, saved side by side as a harvester would."""
    descriptor = json.loads(client.get(reverse("public:datapackage")).content)
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    for resource in descriptor["resources"]:
        (folder / resource["path"]).write_bytes(client.get(f"/data/{resource['path']}").getvalue())
    return folder / "datapackage.json"


def validate(path):
    # Trusted: the test wrote the files itself, and the package names them by relative path.
    with system.use_context(trusted=True):
        return Package(str(path)).validate()


def errors_of(report):
    return [error.message for task in report.tasks for error in task.errors] + [
        error.message for error in report.errors
    ]


def test_it_describes_every_column_of_both_files(client):
    descriptor = client.get(reverse("public:datapackage")).json()

    names = {r["name"]: [field["name"] for field in r["schema"]["fields"]] for r in descriptor["resources"]}
    assert names["agreements"] == [column.name for column in AGREEMENT_COLUMNS]
    assert names["commitments-excel"] == [column.name for column in COMMITMENT_COLUMNS]


def test_it_states_keys_licence_and_publisher(client, settings):
    settings.OPEN_DATA_LICENSE = "CC0-1.0"

    descriptor = client.get(reverse("public:datapackage")).json()

    commitments = next(r for r in descriptor["resources"] if r["name"] == "commitments")
    assert commitments["schema"]["primaryKey"] == "id"
    assert commitments["schema"]["foreignKeys"][0]["reference"] == {"resource": "agreements", "fields": "id"}
    assert descriptor["licenses"][0]["name"] == "CC0-1.0"
    assert descriptor["contributors"][0]["role"] == "publisher"


def test_it_validates_with_frictionless_on_made_data(client, tmp_path):
    parent = make_published_agreement(kind="mou", title="=MoU dengan formula")
    child = make_published_agreement(parent=parent, title="PKS; dengan titik koma")
    make_commitment(child, title='Data "kependudukan"')

    report = validate(download_package(client, tmp_path))

    assert errors_of(report) == []


def test_it_validates_with_frictionless_on_the_demo(client, tmp_path):
    load_demo(password="pw")

    report = validate(download_package(client, tmp_path))

    assert errors_of(report) == []
    assert report.valid


def test_it_validates_with_frictionless_on_generated_data(client, tmp_path):
    call_command("generate_scale_data", **SMALL_SCALE, stdout=io.StringIO())

    report = validate(download_package(client, tmp_path))

    assert errors_of(report) == []


def test_it_finds_an_invalid_file(client, tmp_path):
    make_commitment(make_published_agreement())
    path = download_package(client, tmp_path)
    (tmp_path / "commitments.csv").write_text("id,agreement_id\nx,99999\n")

    assert not validate(path).valid
