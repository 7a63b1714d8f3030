"""What the system says about a deadline it moved is composed in the reader's language, whoever moved it and
in whatever language they worked; what a person typed is shown as typed (docs/domain.md, "Timeliness")."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from agreements.models import Commitment, DueDateChange, ForceMajeureEvent
from agreements.services import addendum_apply
from agreements.services_force_majeure import force_majeure_end
from tests.factories import (
    make_agreement,
    make_commitment,
    make_published_agreement,
    make_stage,
    second_party,
)
from tests.public.test_open_data import read_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def pks():
    return make_published_agreement(term_start=date(2023, 1, 1), term_end=date(2025, 12, 31))


@pytest.fixture
def fixed(pks):
    return make_commitment(pks, due_kind=Commitment.DueKind.FIXED, due_date=date(2024, 2, 20))


def pages(client, pks):
    """The agreement's public page in Indonesian (the default) and in English."""
    indonesian = client.get(f"/agreements/{pks.pk}/").content.decode()
    english = client.get(f"/en/agreements/{pks.pk}/").content.decode()
    return indonesian, english


def stage_tied(pks):
    """A commitment of ``pks`` due at the end of the stage "Kampanye"."""
    stage = make_stage(name="Kampanye", start_date=date(2024, 5, 1), end_date=date(2024, 5, 31))
    return make_commitment(
        pks, due_kind=Commitment.DueKind.STAGE, due_stage=stage, due_anchor=Commitment.Anchor.END
    )


def end_flood(pks, commitment):
    """A staff member working in English ends a force majeure event that suspended ``commitment``."""
    event = ForceMajeureEvent.objects.create(
        agreement=pks, starts_on=date(2024, 2, 1), reason="Banjir bandang"
    )
    event.suspended_commitments.set([commitment])
    with translation.override("en"):
        force_majeure_end(event=event, ends_on=date(2024, 2, 10))
    return event


def test_a_stage_move_is_explained_in_each_page_s_language(client, pks):
    stage = stage_tied(pks).due_stage
    with translation.override("id"):  # staff working in the default language move the stage
        stage.end_date = date(2024, 6, 30)
        stage.save()

    indonesian, english = pages(client, pks)

    assert f"Tahapan “{stage.display_name}” digeser: tenggat mengikuti" in indonesian
    assert f"Stage “{stage.display_name}” moved: due date follows" in english
    assert "digeser: tenggat mengikuti" not in english


def test_a_force_majeure_end_is_explained_in_each_page_s_language_with_its_dates(client, pks, fixed):
    event = end_flood(pks, fixed)

    indonesian, english = pages(client, pks)

    assert (
        "Keadaan kahar “Banjir bandang” (1 Februari 2024 – 10 Februari 2024): diperpanjang 10 hari"
    ) in indonesian
    assert "Force majeure “Banjir bandang”" not in indonesian
    assert (
        "Force majeure “Banjir bandang” (1 February 2024 – 10 February 2024): extended by 10 days"
    ) in english
    assert f"(#{event.pk}" not in english  # a record number means nothing to a reader


def test_a_stage_tied_deadline_made_fixed_says_so_in_each_page_s_language(client, pks):
    tied = stage_tied(pks)
    stage = tied.due_stage
    end_flood(pks, tied)

    indonesian, english = pages(client, pks)

    assert f"tidak lagi mengikuti tahapan “{stage.display_name}”: kini tanggal tetap" in indonesian
    assert f"no longer tied to the stage “{stage.display_name}”: now a fixed date" in english


def test_an_addendum_is_explained_in_each_page_s_language(client, pks, fixed):
    kpu = pks.parties.get(role="first").organisation
    addendum = make_agreement(
        kind="addendum", parent=pks, title="Adendum I", kpu=kpu, agency=second_party(pks), is_published=True
    )
    with translation.override("en"):
        addendum_apply(addendum=addendum, redate={fixed: date(2024, 6, 1)})

    indonesian, english = pages(client, pks)

    assert "Adendum “Adendum I”" in indonesian
    assert "Addendum “Adendum I”" in english
    assert f"(#{addendum.pk})" not in english + indonesian  # a record number means nothing to a reader


def test_a_typed_note_is_shown_as_typed_in_both_languages(client, pks, fixed):
    fixed.due_date, fixed.due_change_reason, fixed.due_change_note = (
        date(2024, 3, 1),
        DueDateChange.Reason.CORRECTION,
        "Salah ketik pada naskah",
    )
    fixed.save()

    indonesian, english = pages(client, pks)

    assert fixed.due_date_changes.get().note == "Salah ketik pada naskah"
    assert ": Salah ketik pada naskah" in indonesian
    assert ": Salah ketik pada naskah" in english


def test_the_open_data_file_explains_in_indonesian(client, pks, fixed):
    end_flood(pks, fixed)

    with translation.override("en"):  # the file is one for every reader: the default language
        rows = read_csv(client.get(reverse("public:due_date_changes_csv")))

    assert [row["note"] for row in rows] == [
        "Keadaan kahar “Banjir bandang” (1 Februari 2024 – 10 Februari 2024): diperpanjang 10 hari"
    ]


def test_a_commitment_retired_by_an_addendum_records_its_reason_in_the_installation_s_language(pks, fixed):
    # A stored reason, not composed when shown: written in the installation's language, as the text typed
    # around it is, whichever language the staff member applying the addendum works in.
    kpu = pks.parties.get(role="first").organisation
    addendum = make_agreement(
        kind="addendum",
        parent=pks,
        title="Adendum I",
        kpu=kpu,
        agency=second_party(pks),
        is_published=True,
        date_signed=date(2024, 3, 5),
    )
    with translation.override("en"):
        addendum_apply(addendum=addendum, retire=[fixed])

    fixed.refresh_from_db()
    assert fixed.not_applicable_reason == "Dihapus oleh adendum “Adendum I”, 5 Maret 2024"
