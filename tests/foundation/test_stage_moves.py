"""Moving an election stage re-dates the commitments tied to it, and their history says so."""

from datetime import date

import pytest
from django.db import transaction

from agreements.models import Commitment
from agreements.stage_moves import stage_commitments_redate
from kpu_coop.change_reasons import reason_text
from tests.factories import default_kpu_office, make_agreement, make_commitment, make_kpu_staff, make_stage

pytestmark = pytest.mark.django_db

START, END = Commitment.Anchor.START, Commitment.Anchor.END


def tied_to(stage, anchor=END, offset=0, agreement=None):
    return make_commitment(
        agreement,
        due_kind=Commitment.DueKind.STAGE,
        due_stage=stage,
        due_anchor=anchor,
        due_offset_days=offset,
    )


def move(stage, *, start_date=None, end_date=None, user=None):
    stage.start_date = start_date or stage.start_date
    stage.end_date = end_date or stage.end_date
    if user is not None:
        stage._history_user = user
    stage.save()


def due_on(commitment):
    commitment.refresh_from_db()
    return commitment.due_on


def moves_of(commitment):
    """The history rows the stage moves wrote for this commitment."""
    return list(commitment.history.filter(history_type="~").order_by("history_id"))


@pytest.fixture
def stage():
    return make_stage(start_date=date(2024, 5, 31), end_date=date(2024, 9, 23))


@pytest.mark.parametrize(
    ("anchor", "offset", "new_dates", "due"),
    [
        (END, -3, {"end_date": date(2024, 9, 30)}, date(2024, 9, 27)),
        (START, 10, {"start_date": date(2024, 6, 10)}, date(2024, 6, 20)),
        # Across a month and a year end, backwards.
        (START, -45, {"start_date": date(2025, 1, 2)}, date(2024, 11, 18)),
    ],
)
def test_it_counts_the_due_date_from_the_moved_anchor(stage, anchor, offset, new_dates, due):
    commitment = tied_to(stage, anchor, offset)
    move(stage, **new_dates)
    assert due_on(commitment) == due


def test_it_clears_a_start_anchored_due_date_when_the_start_is_removed(stage):
    commitment = tied_to(stage, START, 0)
    stage.start_date = None
    stage.save()
    assert due_on(commitment) is None


def test_it_gives_a_due_date_again_when_the_start_is_set(stage):
    stage.start_date = None
    stage.save()
    commitment = tied_to(stage, START, 2)
    move(stage, start_date=date(2024, 6, 1))
    assert due_on(commitment) == date(2024, 6, 3)


def test_it_leaves_fixed_dates_and_other_stages_alone(stage):
    fixed = make_commitment(due_kind=Commitment.DueKind.FIXED, due_date=date(2024, 3, 1))
    elsewhere = tied_to(make_stage(end_date=date(2024, 9, 23)), END, 0)
    move(stage, end_date=date(2024, 12, 31))
    assert (due_on(fixed), due_on(elsewhere), len(moves_of(fixed)), len(moves_of(elsewhere))) == (
        date(2024, 3, 1),
        date(2024, 9, 23),
        0,
        0,
    )


def test_it_agrees_with_the_due_date_a_save_computes(stage):
    commitments = [
        tied_to(stage, anchor, offset) for anchor in (START, END) for offset in (-400, -1, 0, 7, 730)
    ]
    move(stage, start_date=date(2024, 2, 29), end_date=date(2028, 2, 29))
    for commitment in Commitment.objects.filter(pk__in=[c.pk for c in commitments]).select_related(
        "due_stage"
    ):
        assert commitment.due_on == commitment.compute_due_on()


def test_it_moves_the_changed_commitments_updated_at(stage):
    commitment = tied_to(stage, END, 0)
    before = Commitment.objects.get(pk=commitment.pk).updated_at
    move(stage, end_date=date(2024, 10, 1))
    assert Commitment.objects.get(pk=commitment.pk).updated_at > before


def test_it_writes_one_history_row_per_changed_commitment_with_user_and_reason(stage):
    staff = make_kpu_staff()
    agreement = make_agreement()
    moved = [tied_to(stage, END, offset, agreement) for offset in (0, 5)]
    unmoved = tied_to(stage, START, 0, agreement)
    move(stage, end_date=date(2024, 10, 1), user=staff)
    rows = [moves_of(commitment) for commitment in [*moved, unmoved]]
    assert [len(row) for row in rows] == [1, 1, 0]
    assert {(row.history_user, reason_text(row.history_change_reason)) for row in rows[0] + rows[1]} == {
        (staff, f"Tahapan “{stage.name}” digeser: tenggat mengikuti")
    }


def tracked_values(record):
    return {
        field.attname: getattr(record, field.attname) for field in Commitment.history.model.tracked_fields
    }


def test_its_history_row_holds_the_whole_row_after_the_move(stage):
    commitment = tied_to(stage, END, -2)
    move(stage, end_date=date(2024, 10, 1))
    commitment.refresh_from_db()
    assert tracked_values(moves_of(commitment)[0]) == tracked_values(commitment)


def test_its_history_row_follows_the_row_before_with_the_new_due_date(stage):
    commitment = tied_to(stage, END, 0)
    move(stage, end_date=date(2024, 10, 1))
    row = moves_of(commitment)[0]
    assert (row.prev_record.due_on, row.due_on) == (date(2024, 9, 23), date(2024, 10, 1))


def test_it_takes_the_logged_in_user_from_the_request(client, stage):
    staff = make_kpu_staff()
    # Only the organising office's staff move a stage.
    stage.election.office = default_kpu_office()
    stage.election.save()
    commitment = tied_to(stage, END, 0)
    client.force_login(staff)
    response = client.post(
        f"/admin/agreements/electionstage/{stage.pk}/change/",
        {
            "election": stage.election_id,
            "order": 0,
            "name": stage.name,
            "name_en": "",
            "start_date": "2024-05-31",
            "end_date": "2024-10-01",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    assert [(row.history_user, row.due_on) for row in moves_of(commitment)] == [(staff, date(2024, 10, 1))]


def test_it_writes_nothing_when_no_due_date_changes(stage):
    commitment = tied_to(stage, END, 0)
    stage.name = "Tahapan berganti nama"
    stage.save()
    move(stage, start_date=date(2024, 6, 1))
    assert moves_of(commitment) == []


def test_it_accepts_a_reason_and_a_user_from_a_caller(stage):
    staff = make_kpu_staff()
    commitment = tied_to(stage, END, 0)
    stage.end_date = date(2024, 10, 1)
    stage.save(update_fields=["name"])
    changed = stage_commitments_redate(stage=stage, user=staff, reason="PKPU 2/2024 diubah")
    assert (changed, [(r.history_user, r.history_change_reason) for r in moves_of(commitment)]) == (
        1,
        [(staff, "PKPU 2/2024 diubah")],
    )


def test_it_keeps_the_whole_name_of_a_stage_with_a_long_name(stage):
    stage.name = "Tahapan " + "panjang " * 20
    commitment = tied_to(stage, END, 0)
    move(stage, end_date=date(2024, 10, 1))
    assert stage.name.strip() in reason_text(moves_of(commitment)[0].history_change_reason)


@pytest.mark.parametrize("count", [3, 30])
def test_it_moves_any_number_of_commitments_in_the_same_queries(django_assert_num_queries, stage, count):
    agreement = make_agreement()
    Commitment.objects.bulk_create(
        Commitment(
            agreement=agreement,
            responsible_id=agreement.parties.first().organisation_id,
            title=f"Kewajiban {n}",
            due_kind=Commitment.DueKind.STAGE,
            due_stage=stage,
            due_on=stage.end_date,
        )
        for n in range(count)
    )
    stage.end_date = date(2024, 10, 1)
    # Savepoint, the stage's UPDATE and history row, the due-date changes' INSERT, the commitments' UPDATE
    # and history INSERT, the grant tranches' UPDATE (none tied here), release.
    with django_assert_num_queries(8):
        stage.save()
    assert Commitment.objects.filter(due_on=date(2024, 10, 1)).count() == count


def test_it_rolls_back_with_the_stage(stage):
    commitment = tied_to(stage, END, 0)
    with pytest.raises(RuntimeError), transaction.atomic():
        move(stage, end_date=date(2024, 10, 1))
        raise RuntimeError
    stage.refresh_from_db()
    assert (stage.end_date, due_on(commitment), moves_of(commitment)) == (
        date(2024, 9, 23),
        date(2024, 9, 23),
        [],
    )


def test_a_failing_redate_leaves_the_stage_unmoved(monkeypatch, stage):
    from agreements import stage_moves

    def fail(**kwargs):
        raise RuntimeError

    monkeypatch.setattr(stage_moves, "stage_commitments_redate", fail)
    with pytest.raises(RuntimeError):
        move(stage, end_date=date(2024, 10, 1))
    stage.refresh_from_db()
    assert (stage.end_date, stage.history.count()) == (date(2024, 9, 23), 1)


def test_the_commitment_s_history_page_shows_the_moved_due_date(client, stage):
    commitment = tied_to(stage, END, 0)
    move(stage, end_date=date(2024, 10, 1))
    client.force_login(make_kpu_staff())

    page = client.get(f"/admin/agreements/commitment/{commitment.pk}/history/").text

    assert "23 September 2024" in page and "1 Oktober 2024" in page
