"""Importing commitments: a preview of every row's errors, and nothing written unless every row is valid."""

from secrets import token_hex

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Commitment, ElectionStage, OfficeTotal, OrganisationTally
from kpu_coop.change_reasons import reason_text
from tests.factories import PDF_BYTES, make_agreement, make_organisation, make_published_agreement
from tests.foundation.test_tallies import assert_tallies_match, tally_queries
from tests.workspace.spreadsheet_helpers import confirm, csv_upload, row, upload, xlsx_upload
from workspace.commitment_sheet import REQUIRED
from workspace.views.imports import FORM_ROOM


@pytest.fixture
def agreement(db):
    return make_agreement(agency=make_organisation(slug="dukcapil"), title="PKS Dukcapil")


@pytest.fixture
def stage(db):
    """From the reference data: the 2024 campaign started on 28 November 2023."""
    return ElectionStage.objects.get(election__slug="pemilu-2024", name="Masa kampanye")


def valid_rows(agreement):
    return [
        row(
            agreement_id=agreement.pk, responsible="dukcapil", title="Menyediakan data", due_date="2024-01-15"
        ),
        row(
            agreement_id=agreement.pk,
            responsible="dukcapil",
            title="Sosialisasi",
            election="pemilu-2024",
            stage="Masa kampanye",
            anchor="start",
            offset_days="-7",
        ),
    ]


def test_it_previews_valid_rows_without_writing_anything(staff_client, agreement, stage):
    response = upload(staff_client, csv_upload(valid_rows(agreement)))
    assert response.status_code == 200
    assert response.context["check"].is_valid
    assert "All 2 rows are valid. Nothing has been written yet." in response.content.decode()
    assert "15 January 2024" in response.content.decode()
    assert not Commitment.objects.exists()


def test_it_writes_every_row_once_confirmed(staff_client, agreement, stage):
    response = confirm(staff_client, upload(staff_client, csv_upload(valid_rows(agreement))))
    assert "2 commitments imported." in response.content.decode()
    fixed, tied = Commitment.objects.order_by("pk")
    assert (fixed.due_kind, str(fixed.due_on)) == ("fixed", "2024-01-15")
    assert (tied.due_stage, tied.due_anchor, tied.due_offset_days, str(tied.due_on)) == (
        stage,
        "start",
        -7,
        "2023-11-21",
    )


def test_it_counts_the_rows_of_a_published_agreement_in_its_offices_tallies_once(staff_client, db):
    dukcapil = make_organisation(slug="dukcapil")
    agreement = make_published_agreement(agency=dukcapil, title="PKS Dukcapil")
    rows = [
        row(agreement_id=agreement.pk, responsible="dukcapil", title=f"Tugas {n}", due_date="2024-01-15")
        for n in range(6)
    ]
    preview = upload(staff_client, csv_upload(rows))
    with CaptureQueriesContext(connection) as queries:
        confirm(staff_client, preview)

    assert OfficeTotal.objects.get(office=agreement.office).count == 6
    assert OrganisationTally.objects.get(office=agreement.office, organisation=dukcapil).count == 6
    assert_tallies_match()
    # Recounted once for the file (recounts_deferred): one DELETE per tally table, not one per row.
    deletes = [sql for sql in tally_queries(queries) if sql.startswith("DELETE")]
    assert len(deletes) == 5


def test_it_records_who_imported_in_the_history(staff_client, staff, agreement, stage):
    confirm(staff_client, upload(staff_client, csv_upload(valid_rows(agreement))))
    entry = Commitment.objects.first().history.get()
    assert (entry.history_user, reason_text(entry.history_change_reason)) == (
        staff,
        "Imported from a spreadsheet",
    )


def test_it_reads_excel_files_and_semicolon_separated_csv(staff_client, agreement, stage):
    assert upload(staff_client, xlsx_upload(valid_rows(agreement))).context["check"].is_valid
    assert upload(staff_client, csv_upload(valid_rows(agreement), delimiter=";")).context["check"].is_valid


def test_it_shows_every_rows_errors_and_writes_nothing(staff_client, agreement, stage):
    rows = [
        *valid_rows(agreement),
        row(agreement_id=agreement.pk, responsible="dinsos", title="Agensi tak dikenal"),
        row(agreement_id="999999", responsible="dukcapil", title="Perjanjian tak dikenal"),
        row(agreement_id=agreement.pk, responsible="dukcapil", title="Tanggal salah", due_date="31/02/2024"),
        row(
            agreement_id=agreement.pk, responsible="dukcapil", title="Menyediakan data", due_date="2024-01-15"
        ),
        row(agreement_id=agreement.pk, responsible="dukcapil", title="Bobot", weight="berat"),
        row(
            agreement_id=agreement.pk,
            responsible="dukcapil",
            title="Tahap",
            election="pemilu-2024",
            stage="Tidak ada",
        ),
    ]
    response = upload(staff_client, csv_upload(rows))
    assert response.status_code == 400
    errors = {r.line: r.errors for r in response.context["check"].rows}
    assert errors[2] == errors[3] == []
    assert errors[4] == ["No organisation has the short code “dinsos”."]
    assert errors[5] == ["No agreement has the number 999999."]
    assert errors[6] == ["“31/02/2024” is not a date: write it as YYYY-MM-DD, e.g. 2024-02-14."]
    assert errors[7] == ["Same commitment as row 2."]
    assert errors[8] == ["“weight” must be a whole number, not “berat”."]
    assert errors[9] == ["pemilu-2024 has no stage named “Tidak ada”."]
    html = response.content.decode()
    assert "6 rows have errors. Nothing was written" in html
    assert "payload" not in html
    assert not Commitment.objects.exists()


def test_it_refuses_an_organisation_that_is_not_a_party(staff_client, agreement):
    make_organisation(slug="diskominfo")
    response = upload(
        staff_client, csv_upload([row(agreement_id=agreement.pk, responsible="diskominfo", title="X")])
    )
    assert response.context["check"].rows[0].errors == [
        "responsible: The responsible organisation must be one of the agreement's parties."
    ]


def test_it_refuses_a_commitment_the_agreement_already_has(staff_client, agreement):
    from tests.factories import make_commitment

    make_commitment(agreement, title="Menyediakan data")
    response = upload(
        staff_client,
        csv_upload([row(agreement_id=agreement.pk, responsible="dukcapil", title="menyediakan data")]),
    )
    assert response.context["check"].rows[0].errors == [
        "This agreement already has a commitment with this title."
    ]


def test_it_checks_the_agreement_title_when_given(staff_client, agreement):
    wrong = row(agreement_id=agreement.pk, agreement_title="PKS Lain", responsible="dukcapil", title="X")
    response = upload(staff_client, csv_upload([wrong]))
    assert response.context["check"].rows[0].errors == [
        f"Agreement {agreement.pk} is titled “PKS Dukcapil”, not “PKS Lain”."
    ]


def test_it_names_missing_and_unknown_columns(staff_client, agreement):
    response = upload(staff_client, csv_upload([["1", "x"]], headers=["agreement", "judul"]))
    assert response.status_code == 400
    assert response.context["check"].file_errors == [
        "Required columns are missing: agreement_id, responsible, title.",
        "Unknown columns: agreement, judul. The columns are listed on this page, under “Columns”.",
    ]


def test_it_refuses_a_file_over_the_size_limit(staff_client, db, tmp_path):
    big = tmp_path / "besar.csv"
    with big.open("wb") as out:
        out.truncate(50 * 1024 * 1024)
    with big.open("rb") as file:
        response = staff_client.post(reverse("workspace:commitment_import"), {"file": file})
    assert response.status_code == 400
    assert response.context["check"].file_errors == [
        "The file is 50.0 MB; at most 5 MB can be imported. Split it into smaller files."
    ]


def test_it_refuses_a_file_that_is_not_a_spreadsheet(staff_client, db):
    response = upload(staff_client, SimpleUploadedFile("laporan.pdf", PDF_BYTES))
    assert response.context["check"].file_errors == [
        "This is not a spreadsheet: choose a .csv or .xlsx file."
    ]


def test_it_refuses_binary_data_named_csv(staff_client, db):
    response = upload(staff_client, SimpleUploadedFile("data.csv", b"\x89PNG\r\n\x1a\n\x00\x00"))
    assert "it contains binary data" in response.context["check"].file_errors[0]


def test_it_refuses_a_damaged_excel_file(staff_client, db):
    response = upload(staff_client, SimpleUploadedFile("data.xlsx", b"PK\x03\x04 rusak"))
    assert response.context["check"].file_errors == [
        "This is not an Excel .xlsx file. Choose a .csv or .xlsx file."
    ]


def test_it_refuses_csv_in_another_encoding(staff_client, db):
    content = "agreement_id,responsible,title\n1,dukcapil,Pendaftaran pemilih \xe9\n".encode("latin-1")
    response = upload(staff_client, SimpleUploadedFile("data.csv", content))
    assert response.context["check"].file_errors == [
        "The CSV file is not in UTF-8. Save it as “CSV UTF-8” and try again."
    ]


def test_it_refuses_a_file_without_rows(staff_client, db):
    response = upload(staff_client, SimpleUploadedFile("data.csv", b"\n \n,,\n"))
    assert response.context["check"].file_errors == ["The file is empty."]
    response = upload(staff_client, SimpleUploadedFile("data.csv", b"agreement_id,responsible,title\n"))
    assert response.context["check"].file_errors == ["The file has column names but no rows."]


def test_it_writes_nothing_when_the_data_changed_after_the_preview(staff_client, agreement, stage):
    from tests.factories import make_commitment

    preview = upload(staff_client, csv_upload(valid_rows(agreement)))
    make_commitment(agreement, title="Sosialisasi")
    response = confirm(staff_client, preview)
    assert response.context["check"].rows[1].errors == [
        "This agreement already has a commitment with this title."
    ]
    assert Commitment.objects.count() == 1


def test_it_refuses_a_tampered_preview(staff_client, agreement, stage):
    preview = upload(staff_client, csv_upload(valid_rows(agreement)))
    response = staff_client.post(
        reverse("workspace:commitment_import"), {"payload": preview.context["payload"] + "x"}, follow=True
    )
    assert "The preview has expired. Upload the file again." in response.content.decode()
    assert not Commitment.objects.exists()


def test_it_reads_focus_areas_weights_and_flags(staff_client, agreement):
    values = row(
        agreement_id=agreement.pk,
        responsible="dukcapil",
        title="Sosialisasi",
        focus_area="sosialisasi",
        weight="3",
        not_applicable="yes",
        not_applicable_reason="Diganti",
        example="ya",
        order="2",
    )
    confirm(staff_client, upload(staff_client, csv_upload([values])))
    commitment = Commitment.objects.get()
    assert (
        commitment.focus_area.slug,
        commitment.weight,
        commitment.is_not_applicable,
        commitment.is_example,
    ) == (
        "sosialisasi",
        3,
        True,
        True,
    )


def test_it_accepts_the_documented_sample_file_against_the_demo_data(staff_client, db):
    """docs/samples/commitments-import-sample.csv, with agreement numbers as the demo gives them here."""
    import csv
    import io
    from pathlib import Path

    from django.conf import settings

    from agreements.demo import load_demo
    from agreements.models import Agreement

    load_demo(password=settings.DEMO_PASSWORD)
    sample = Path(settings.BASE_DIR, "docs", "samples", "commitments-import-sample.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(sample)))
    for values in rows:
        values["agreement_id"] = Agreement.objects.get(title=values["agreement_title"]).pk
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=rows[0].keys())
    writer.writeheader()
    writer.writerows(rows)
    preview = upload(staff_client, SimpleUploadedFile("sample.csv", out.getvalue().encode()))
    assert [row.errors for row in preview.context["check"].rows] == [[], [], [], []]
    confirm(staff_client, preview)
    assert Commitment.objects.filter(
        title__startswith="Contoh: menyerahkan data penduduk"
    ).get().due_stage.name == ("Penyerahan DP4")


def test_it_refuses_a_date_outside_the_planning_years(staff_client, agreement):
    # 9999-12-31 typed for "no deadline" would overflow the timeline's and the calendar's date arithmetic.
    far = row(agreement_id=agreement.pk, responsible="dukcapil", title="Tanpa batas", due_date="9999-12-31")
    response = upload(staff_client, csv_upload([far]))
    assert response.status_code == 400
    [checked] = response.context["check"].rows
    assert checked.errors == ["Give a date from 2000 to 2100."]


@pytest.mark.parametrize("number", ["²", "①", "9" * 30])
def test_it_names_an_agreement_number_no_record_can_have(staff_client, agreement, number):
    response = upload(staff_client, csv_upload([row(agreement_id=number, responsible="dukcapil", title="x")]))
    assert response.status_code == 400
    [checked] = response.context["check"].rows
    assert checked.errors == [f"No agreement has the number {number}."]


def test_it_says_at_the_preview_when_the_rows_are_too_much_to_send_back(staff_client, agreement, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = FORM_ROOM + 500
    rows = [
        row(
            agreement_id=agreement.pk,
            responsible="dukcapil",
            title=f"Kewajiban {n}",
            description=token_hex(500),
        )
        for n in range(2)
    ]
    response = upload(staff_client, csv_upload(rows))
    assert response.status_code == 400
    assert response.context["payload"] is None
    assert response.context["check"].file_errors == [
        "This file holds too much text to import at once: split its rows into two files and import each."
    ]


def test_it_reads_excel_s_unicode_text(staff_client, agreement, stage):
    text = (
        f"agreement_id\tresponsible\ttitle\tdue_date\n{agreement.pk}\tdukcapil\tData pemilih é\t2024-01-15\n"
    )
    response = upload(staff_client, SimpleUploadedFile("data.csv", text.encode("utf-16")))
    assert response.context["check"].is_valid
    assert confirm(staff_client, response).status_code == 200
    assert Commitment.objects.get().title == "Data pemilih é"


def test_it_names_no_repeated_column_for_columns_without_a_name(staff_client, db):
    response = upload(staff_client, csv_upload([["1", "x", "y", "", ""]], headers=[*REQUIRED, "", ""]))
    assert response.context["check"].file_errors == ["A column has no name in the first row."]


def test_it_asks_for_the_exact_name_of_a_stage_whose_name_differs_only_in_capitals(
    staff_client, agreement, stage
):
    ElectionStage.objects.create(
        election=stage.election,
        name="MASA KAMPANYE",
        start_date=stage.start_date,
        end_date=stage.end_date,
        order=stage.order + 1,
    )
    tied = {"election": "pemilu-2024", "anchor": "start", "responsible": "dukcapil"}
    rows = [
        row(agreement_id=agreement.pk, title="Kampanye", stage="masa kampanye", **tied),
        row(agreement_id=agreement.pk, title="Kampanye besar", stage="MASA KAMPANYE", **tied),
    ]
    check = upload(staff_client, csv_upload(rows)).context["check"]
    assert [row.errors for row in check.rows] == [
        ["pemilu-2024 has several stages named “masa kampanye” in other capitals: write the name as it is."],
        [],
    ]
