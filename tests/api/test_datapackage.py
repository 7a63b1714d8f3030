"""/data/datapackage.json: a Frictionless Data Package whose every file validates against its Table Schema."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from frictionless import Package, system

from agencies.models import Region
from agreements.demo import load_demo
from agreements.models import Commitment, DueDateChange
from public.opendata import AGREEMENT_COLUMNS, COLUMNS, COMMITMENT_COLUMNS
from tests.factories import (
    make_commitment,
    make_document,
    make_kpu_office,
    make_published_agreement,
    make_report,
    make_staff,
)

pytestmark = pytest.mark.django_db
SMALL_SCALE = {"offices": 2, "agreements": 8, "commitments": 30, "reports": 20}


def download_package(client, folder, site="/"):
    """The descriptor and every file it names, saved side by side as a harvester would."""
    descriptor = json.loads(client.get(f"{site}data/datapackage.json").content)
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    for resource in descriptor["resources"]:
        (folder / resource["path"]).write_bytes(client.get(f"{site}data/{resource['path']}").getvalue())
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


def test_it_describes_every_dataset_in_each_variant(client):
    descriptor = client.get(reverse("public:datapackage")).json()

    resources = {r["name"]: r for r in descriptor["resources"]}
    for dataset, columns in COLUMNS.items():
        for name in (dataset, f"{dataset}-excel"):
            assert [field["name"] for field in resources[name]["schema"]["fields"]] == [
                c.name for c in columns
            ]
            assert resources[name]["schema"]["primaryKey"] == "id"
    assert resources["documents-excel"]["schema"]["foreignKeys"] == [
        {"fields": "agreement_id", "reference": {"resource": "agreements-excel", "fields": "id"}}
    ]
    assert resources["due_date_changes"]["schema"]["foreignKeys"] == [
        {"fields": "commitment_id", "reference": {"resource": "commitments", "fields": "id"}},
        {"fields": "agreement_id", "reference": {"resource": "agreements", "fields": "id"}},
    ]
    fields = {field["name"]: field for field in resources["due_date_changes"]["schema"]["fields"]}
    assert fields["reason"]["constraints"]["enum"] == DueDateChange.Reason.values
    assert fields["changed_at"]["type"] == "datetime"
    documents = {field["name"]: field for field in resources["documents"]["schema"]["fields"]}
    assert (documents["url"]["format"], documents["size"]["type"]) == ("uri", "integer")


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
    commitment = make_commitment(
        child, title='Data "kependudukan"', due_kind=Commitment.DueKind.FIXED, due_date=date(2024, 3, 1)
    )
    commitment.due_date, commitment.due_change_note = date(2024, 4, 1), "=Catatan; dengan titik koma"
    commitment.save()
    make_document(child, title="Naskah; ditandatangani")
    make_report(
        commitment,
        status="returned",
        reviewer=make_staff(),
        reviewed_at=timezone.now(),
        review_comment="Ulangi",
    )

    report = validate(download_package(client, tmp_path))

    assert errors_of(report) == []
    # Every file holds its rows: the foreign keys were checked against real ones.
    for name in (
        "documents.csv",
        "due_date_changes.csv",
        "documents-excel.csv",
        "due_date_changes-excel.csv",
    ):
        assert len((tmp_path / name).read_text(encoding="utf-8-sig").splitlines()) == 2, name


def test_it_validates_with_frictionless_on_the_demo(client, tmp_path):
    load_demo(password="pw")
    # The demo moves no deadline and attaches no file: one of each, on a published agreement of it.
    commitment = Commitment.objects.published().order_by("pk").first()
    commitment.due_kind, commitment.due_stage, commitment.due_date = (
        Commitment.DueKind.FIXED,
        None,
        date(2030, 1, 31),
    )
    commitment.due_change_reason = DueDateChange.Reason.ADDENDUM
    commitment.save()
    make_document(commitment.agreement)
    assert DueDateChange.objects.filter(commitment=commitment).exists()

    report = validate(download_package(client, tmp_path))

    assert errors_of(report) == []
    assert report.valid
    assert {task.name for task in report.tasks} >= {"documents", "due_date_changes", "documents-excel"}


def test_it_validates_with_frictionless_on_generated_data(client, tmp_path):
    call_command("generate_scale_data", **SMALL_SCALE, stdout=io.StringIO())

    report = validate(download_package(client, tmp_path))

    assert errors_of(report) == []


def test_it_finds_an_invalid_file(client, tmp_path):
    make_commitment(make_published_agreement())
    path = download_package(client, tmp_path)
    (tmp_path / "commitments.csv").write_text("id,agreement_id\nx,99999\n")

    assert not validate(path).valid


def test_it_types_the_office_columns_as_text_the_office_required(client):
    descriptor = client.get(reverse("public:datapackage")).json()

    agreements = next(r for r in descriptor["resources"] if r["name"] == "agreements")
    fields = {field["name"]: field for field in agreements["schema"]["fields"]}
    office_columns = ("office", "office_name", "office_region_code")
    assert [fields[name]["type"] for name in office_columns] == ["string"] * 3
    assert fields["office"]["constraints"] == {"required": True}
    assert "constraints" not in fields["office_region_code"]


def test_it_validates_region_codes_that_look_like_numbers(client, tmp_path):
    bantul = make_kpu_office(slug="kpu-bantul", region=Region.objects.get(code="34.02"))
    make_commitment(make_published_agreement(kpu=bantul))
    make_commitment(make_published_agreement())

    report = validate(download_package(client, tmp_path))

    assert errors_of(report) == []


def test_an_office_site_has_a_package_of_its_own_files(client, tmp_path):
    bantul = make_kpu_office(slug="kpu-bantul", region=Region.objects.get(code="34.02"))
    make_commitment(make_published_agreement(kpu=bantul, title="PKS Bantul"))
    make_commitment(make_published_agreement(title="PKS lain"))

    path = download_package(client, tmp_path, site="/kpu-bantul/")

    assert errors_of(validate(path)) == []
    assert "PKS lain" not in (tmp_path / "agreements.csv").read_text()


def test_an_office_s_package_names_the_office_and_answers_a_harvester_asking_again_with_304(client):
    make_kpu_office(slug="kpu-bantul", name="KPU Kabupaten Bantul", region=Region.objects.get(code="34.02"))
    first = client.get("/kpu-bantul/data/datapackage.json")

    again = client.get("/kpu-bantul/data/datapackage.json", headers={"If-None-Match": first["ETag"]})

    descriptor = json.loads(first.content)
    assert (descriptor["name"], descriptor["title"]) == (
        "kpu-coop-kpu-bantul",
        "Perjanjian kerja sama KPU Kabupaten Bantul",
    )
    # Read when asked for, it has no build time: as the time of the answer, it changed on every request.
    assert "created" not in descriptor
    assert again.status_code == 304
