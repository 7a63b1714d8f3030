"""A history row keeps why it was written as what happened (kpu_coop.change_reasons): the admin's history
page says it in the reader's language, whoever wrote it in whichever language."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from agreements.models import Commitment
from agreements.services_timeliness import commitment_mark_not_carried_out
from kpu_coop.change_reasons import because, reason_text
from tests.factories import make_commitment, make_staff, make_stage
from tests.foundation.test_stage_moves import END, move, tied_to

pytestmark = pytest.mark.django_db


def history_page(client, commitment, language):
    client.cookies["django_language"] = language
    address = reverse("admin:agreements_commitment_history", args=[commitment.pk])
    return client.get(address).content.decode()


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff())
    return client


def test_a_stage_move_written_in_indonesian_reads_in_english_and_back(staff_client):
    stage = make_stage(name="Pemungutan suara")
    commitment = tied_to(stage, END, 0)
    with translation.override("id"):
        move(stage, end_date=date(2024, 10, 1))

    english = history_page(staff_client, commitment, "en")
    assert "Stage “Pemungutan suara” moved: due date follows" in english
    assert "digeser" not in english
    indonesian = history_page(staff_client, commitment, "id")
    assert "Tahapan “Pemungutan suara” digeser: tenggat mengikuti" in indonesian


def test_a_commitment_marked_not_carried_out_in_english_reads_in_indonesian(staff_client):
    commitment = make_commitment(due_kind=Commitment.DueKind.FIXED, due_date=date(2024, 1, 5))
    with translation.override("en"):
        commitment_mark_not_carried_out(commitment=commitment, reason="Anggaran tidak tersedia")

    assert "Ditandai tidak dilaksanakan" in history_page(staff_client, commitment, "id")
    assert "Marked not carried out" in history_page(staff_client, commitment, "en")


def test_a_reason_someone_typed_or_stored_as_a_sentence_before_reads_as_it_is():
    assert reason_text("PKPU 2/2024 diubah") == "PKPU 2/2024 diubah"
    assert reason_text('{"because":"no such code"}') == '{"because":"no such code"}'
    assert reason_text("[1, 2]") == "[1, 2]"
    assert reason_text(None) is None


def test_values_keep_their_own_words_in_either_language():
    stored = because("copied", title="PKS Sosialisasi", pk=7, election="Pemilu 2029")
    with translation.override("en"):
        assert reason_text(stored) == "Copied from “PKS Sosialisasi” (#7) for Pemilu 2029"
    with translation.override("id"):
        assert "“PKS Sosialisasi” (#7)" in reason_text(stored)
