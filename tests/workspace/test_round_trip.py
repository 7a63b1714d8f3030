"""Export → import gives the same commitments back."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import Commitment, ElectionStage, FocusArea
from tests.factories import make_agreement, make_commitment, make_organisation
from tests.workspace.spreadsheet_helpers import confirm, upload

FIELDS = [
    "agreement_id",
    "responsible_id",
    "focus_area_id",
    "title",
    "description",
    "is_example",
    "weight",
    "is_not_applicable",
    "not_applicable_reason",
    "due_kind",
    "due_date",
    "due_stage_id",
    "due_anchor",
    "due_offset_days",
    "due_on",
    "order",
]


@pytest.fixture
def commitments(db):
    kpu = make_organisation(slug="kpu-bantul", kind="election_commission")
    first = make_agreement(kpu=kpu, agency=make_organisation(slug="dukcapil"))
    second = make_agreement(kpu=kpu, agency=make_organisation(slug="kesbangpol"))
    stage = ElectionStage.objects.get(election__slug="pilkada-2024", name="Masa kampanye")
    make_commitment(first, title="Tetap", due_kind="fixed", due_date="2024-09-01", weight=3, order=1)
    make_commitment(
        first,
        title="Menjelang kampanye",
        description="Baris satu\nbaris dua, dengan koma; dan titik koma",
        due_kind="stage",
        due_stage=stage,
        due_anchor="start",
        due_offset_days=-14,
        focus_area=FocusArea.objects.get(slug="sosialisasi"),
    )
    make_commitment(first, title="=Tanpa tanggal", responsible=kpu, is_example=True)
    make_commitment(second, title="Tidak berlaku", is_not_applicable=True, not_applicable_reason="Dibatalkan")
    return sorted(Commitment.objects.values_list(*FIELDS), key=str)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_imports_an_export_as_the_same_commitments(staff_client, commitments, fmt):
    export = staff_client.get(reverse("admin:agreements_commitment_export", args=[fmt]))
    Commitment.objects.all().delete()

    preview = upload(staff_client, SimpleUploadedFile(f"kewajiban.{fmt}", export.content))
    assert preview.context["check"].is_valid, [row.errors for row in preview.context["check"].rows]
    confirm(staff_client, preview)

    assert sorted(Commitment.objects.values_list(*FIELDS), key=str) == commitments
