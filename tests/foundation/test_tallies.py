"""Each office's tallies always equal a full recount of its published commitments per election stage, per
focus area and per responsible organisation, and of its published agreements' links and parties, whatever
wrote them; the election pages, a stage's page, a focus area's page and the agency list read them."""

import importlib
import threading
from collections import Counter, defaultdict

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from agreements.models import (
    Agreement,
    AgreementParty,
    Commitment,
    ElectionTally,
    FocusArea,
    FocusAreaTally,
    OfficeTotal,
    OrganisationTally,
    ProgressReport,
    StageTally,
)
from agreements.models.tallies import recounts_deferred
from agreements.services import agreement_publish, agreement_unpublish
from agreements.services_reports import report_accept
from tests.concurrency import wait_for_a_lock_wait
from tests.factories import (
    make_agreement,
    make_commitment,
    make_election,
    make_kpu_office,
    make_kpu_staff,
    make_organisation,
    make_published_agreement,
    make_report,
    make_stage,
)


def stored(tallies=StageTally.objects):
    key = tallies.model.KEY
    rows = tallies.values_list(
        "office_id", f"{key}_id", "count", "done_count", "applicable_weight", "done_weight"
    )
    return {(office, key): tuple(figures) for office, key, *figures in rows}


def recounted(field="due_stage_id"):
    """The same figures counted in Python from every commitment, as the public site selects them, by stage
    or by ``field``."""
    figures = defaultdict(Counter)
    for commitment in Commitment.objects.select_related("agreement"):
        if not (commitment.agreement.is_published and getattr(commitment, field)):
            continue
        tally = figures[(commitment.agreement.office_id, getattr(commitment, field))]
        applies = not commitment.is_not_applicable
        done = applies and commitment.status == Commitment.Status.DONE
        tally.update(
            count=1,
            done_count=int(done),
            applicable=commitment.weight if applies else 0,
            done_weight=commitment.weight if done else 0,
        )
    return {
        key: (tally["count"], tally["done_count"], tally["applicable"], tally["done_weight"])
        for key, tally in figures.items()
    }


def linked():
    rows = FocusAreaTally.objects.filter(agreement_count__gt=0)
    return {(row.office_id, row.focus_area_id): row.agreement_count for row in rows}


def relinked(relation="focus_areas"):
    """Each office's published agreements per focus area (or election), counted in Python from every
    agreement."""
    counts = Counter()
    for agreement in Agreement.objects.prefetch_related(relation):
        if agreement.is_published:
            counts.update((agreement.office_id, link.pk) for link in getattr(agreement, relation).all())
    return dict(counts)


def elected():
    return {(row.office_id, row.election_id): row.agreement_count for row in ElectionTally.objects.all()}


def parties():
    rows = OrganisationTally.objects.filter(agreement_count__gt=0)
    return {(row.office_id, row.organisation_id): row.agreement_count for row in rows}


def reparties():
    """Each office's published agreements per party, counted in Python from every party."""
    counts = Counter()
    for party in AgreementParty.objects.select_related("agreement"):
        if party.agreement.is_published:
            counts[(party.agreement.office_id, party.organisation_id)] += 1
    return dict(counts)


def totals():
    rows = OfficeTotal.objects.values_list(
        "office_id", "count", "done_count", "applicable_weight", "done_weight", "agreement_count"
    )
    return {office: tuple(figures) for office, *figures in rows}


def retotalled():
    """Each office's figures over all its published commitments, and its published agreements, in Python."""
    figures = defaultdict(Counter)
    for (office, _stage), row in recounted("agreement_id").items():
        figures[office].update(
            dict(zip(("count", "done_count", "applicable", "done_weight"), row, strict=True))
        )
    for agreement in Agreement.objects.filter(is_published=True):
        figures[agreement.office_id].update(agreements=1)
    return {
        office: tuple(
            row[name] for name in ("count", "done_count", "applicable", "done_weight", "agreements")
        )
        for office, row in figures.items()
    }


def assert_tallies_match():
    assert stored() == recounted()
    assert totals() == retotalled()
    assert stored(FocusAreaTally.objects.filter(count__gt=0)) == recounted("focus_area_id")
    assert linked() == relinked()
    assert stored(OrganisationTally.objects.filter(count__gt=0)) == recounted("responsible_id")
    assert parties() == reparties()
    assert elected() == relinked("elections")
    # A row counts something: commitments, linked agreements or parties, or both.
    assert not FocusAreaTally.objects.filter(count=0, agreement_count=0).exists()
    assert not OrganisationTally.objects.filter(count=0, agreement_count=0).exists()


@pytest.fixture
def stages():
    election = make_election()
    return make_stage(election), make_stage(election)


def due_in(stage, agreement, **fields):
    """A commitment due in ``stage``, in a focus area of that stage's own unless ``fields`` say otherwise."""
    fields.setdefault("focus_area", area_of(stage))
    return make_commitment(
        agreement, due_kind=Commitment.DueKind.STAGE, due_stage=stage, due_offset_days=0, **fields
    )


def area_of(stage):
    return FocusArea.objects.get_or_create(slug=f"bidang-tahapan-{stage.pk}", defaults={"name": stage.name})[
        0
    ]


@pytest.mark.django_db
def test_commitments_of_published_agreements_are_tallied_as_they_are_written(stages):
    agreement = make_published_agreement()
    due_in(stages[0], agreement, weight=2)
    due_in(stages[0], agreement, is_not_applicable=True, not_applicable_reason="Tidak ada")
    due_in(stages[1], make_agreement())  # not published: not on the public timeline

    assert stored() == {(agreement.office_id, stages[0].pk): (2, 0, 2, 0)}
    assert_tallies_match()


@pytest.mark.django_db
def test_an_agreement_created_published_counts_in_its_office_total_before_it_has_commitments():
    agreement = make_published_agreement()
    make_agreement(office=agreement.office)  # a draft

    assert totals() == {agreement.office_id: (0, 0, 0, 0, 1)}
    assert_tallies_match()


@pytest.mark.django_db
def test_a_verification_a_stage_change_and_a_deletion_move_the_tallies(stages):
    agreement = make_published_agreement()
    first, second = due_in(stages[0], agreement, weight=3), due_in(stages[0], agreement)

    report_accept(report=make_report(first, claim=ProgressReport.Claim.DONE), reviewer=make_kpu_staff())
    assert_tallies_match()
    second.due_stage = stages[1]
    second.save()
    assert_tallies_match()
    second.delete()

    assert stored() == {(agreement.office_id, stages[0].pk): (1, 1, 3, 3)}
    assert_tallies_match()


@pytest.mark.django_db
def test_a_focus_area_change_moves_the_focus_area_tallies_and_none_is_in_none(stages):
    agreement = make_published_agreement()
    moved, unsorted = due_in(stages[0], agreement), due_in(stages[0], agreement, focus_area=None)

    moved.focus_area = area_of(stages[1])
    moved.save()

    assert stored(FocusAreaTally.objects) == {(agreement.office_id, area_of(stages[1]).pk): (1, 0, 1, 0)}
    assert_tallies_match()
    unsorted.delete()
    assert_tallies_match()


def two_focus_areas(stages):
    return area_of(stages[0]), area_of(stages[1])


def two_elections(stages):
    return stages[0].election, make_election()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("relation", "two_of_them", "tallied"),
    [("focus_areas", two_focus_areas, linked), ("elections", two_elections, elected)],
)
def test_an_agreements_links_are_tallied_from_either_side_of_the_link(stages, relation, two_of_them, tallied):
    agreement, draft = make_published_agreement(), make_agreement()
    first, other = two_of_them(stages)
    links = getattr(agreement, relation)

    links.add(first, other)
    getattr(draft, relation).add(first)  # not published: in no tally
    assert tallied() == {(agreement.office_id, first.pk): 1, (agreement.office_id, other.pk): 1}
    assert_tallies_match()
    links.remove(other)
    assert_tallies_match()
    other.agreements.add(agreement, draft)
    assert_tallies_match()
    first.agreements.clear()
    assert tallied() == {(agreement.office_id, other.pk): 1}
    assert_tallies_match()
    agreement_unpublish(agreement=agreement)
    assert tallied() == {}
    agreement_publish(agreement=agreement)
    agreement.office = make_kpu_office()
    agreement.save()
    assert tallied() == {(agreement.office_id, other.pk): 1}
    assert_tallies_match()
    links.clear()
    assert tallied() == {}
    links.add(first)
    agreement.delete()
    assert tallied() == {}
    assert_tallies_match()


@pytest.mark.django_db
def test_an_organisations_published_agreements_are_tallied_as_parties_join_change_and_leave():
    agreement, draft = make_published_agreement(), make_agreement()
    agency = agreement.parties.get(role=AgreementParty.Role.SECOND)
    assert parties() == {
        (agreement.office_id, agreement.office_id): 1,
        (agreement.office_id, agency.organisation_id): 1,
    }
    assert_tallies_match()

    replacement = make_organisation()
    agency.organisation = replacement
    agency.save()
    assert (agreement.office_id, replacement.pk) in parties()
    assert_tallies_match()
    agency.signatory_name = "Kepala Dinas"
    with CaptureQueriesContext(connection) as renamed:
        agency.save()
    assert tally_queries(renamed.captured_queries) == []
    draft.parties.filter(role=AgreementParty.Role.SECOND).update(organisation=replacement)
    assert_tallies_match()  # a draft's parties are in no tally
    agency.delete()
    assert parties() == {(agreement.office_id, agreement.office_id): 1}
    assert_tallies_match()


@pytest.mark.django_db
def test_a_commitment_given_to_another_party_moves_the_organisation_tallies(stages):
    agreement = make_published_agreement()
    commitment = due_in(stages[0], agreement, weight=2)

    commitment.responsible = agreement.office
    commitment.save()

    assert stored(OrganisationTally.objects.filter(count__gt=0)) == {
        (agreement.office_id, agreement.office_id): (1, 0, 2, 0)
    }
    assert_tallies_match()


@pytest.mark.django_db
def test_a_linked_agreement_published_moved_and_deleted_moves_its_focus_area_counts(stages):
    agreement = make_agreement()
    agreement.focus_areas.add(area_of(stages[0]))
    due_in(stages[0], agreement)

    agreement_publish(agreement=agreement)
    assert linked() == {(agreement.office_id, area_of(stages[0]).pk): 1}
    agreement.office = make_kpu_office()
    agreement.save()
    assert linked() == {(agreement.office_id, area_of(stages[0]).pk): 1}
    assert_tallies_match()
    agreement_unpublish(agreement=agreement)
    assert linked() == {}
    agreement_publish(agreement=agreement)
    agreement.delete()
    assert FocusAreaTally.objects.count() == 0


@pytest.mark.django_db
def test_publishing_moving_and_deleting_an_agreement_move_the_tallies(stages):
    agreement = make_agreement()
    due_in(stages[0], agreement)
    due_in(stages[1], agreement)

    agreement_publish(agreement=agreement)
    assert len(stored()) == 2
    assert_tallies_match()
    agreement.office = make_kpu_office()
    agreement.save()
    assert {office for office, _stage in stored()} == {agreement.office_id}
    assert_tallies_match()
    agreement_unpublish(agreement=agreement)
    assert stored() == {}
    agreement_publish(agreement=agreement)
    agreement.delete()

    assert stored() == {}
    assert_tallies_match()


@pytest.mark.django_db
def test_a_commitment_moved_to_another_offices_agreement_leaves_the_first_offices_tally(stages):
    here, there = make_published_agreement(), make_published_agreement(office=make_kpu_office())
    commitment = due_in(stages[0], here)

    commitment.agreement = there
    commitment.save()

    assert set(stored()) == {(there.office_id, stages[0].pk)}
    assert_tallies_match()


@pytest.mark.django_db
def test_a_commitment_moved_between_published_and_unpublished_agreements_moves_the_tallies(stages):
    published, draft = make_published_agreement(), make_agreement(office=make_kpu_office())
    commitment = due_in(stages[0], published)

    commitment.agreement = draft
    commitment.save()
    assert stored() == {}
    commitment.agreement = published
    commitment.save()
    assert_tallies_match()


def tally_queries(
    queries, models=(StageTally, FocusAreaTally, OrganisationTally, OfficeTotal, ElectionTally)
):
    tables = [model._meta.db_table for model in models]
    return [query["sql"] for query in queries if any(table in query["sql"] for table in tables)]


@pytest.mark.django_db
def test_a_save_that_changes_nothing_counted_recounts_nothing(stages):
    agreement = make_published_agreement()
    commitment = Commitment.objects.get(pk=due_in(stages[0], agreement).pk)

    with CaptureQueriesContext(connection) as saved:
        commitment.title = "Judul baru"
        commitment.save()
        agreement.title = "Perjanjian baru"
        agreement.save()
    assert tally_queries(saved.captured_queries) == []
    # The agreement's own save leaves its derived figures out (Agreement.save); a recount sets them.
    updates = [query["sql"] for query in saved.captured_queries if query["sql"].startswith("UPDATE")]
    progress_recounts = [sql for sql in updates if '"commitment_count" =' in sql]
    assert progress_recounts == []
    assert_tallies_match()


@pytest.mark.django_db
def test_a_stale_full_save_keeps_the_status_written_since_and_the_figures_that_count_it(stages):
    agreement = make_published_agreement()
    stale = Commitment.objects.get(pk=due_in(stages[0], agreement).pk)
    fresh = Commitment.objects.get(pk=stale.pk)
    fresh.status = Commitment.Status.DONE
    fresh.save()

    stale.title = "Judul baru"
    stale.save()

    stale.refresh_from_db()
    assert (stale.title, stale.status) == ("Judul baru", Commitment.Status.DONE)
    agreement.refresh_from_db()
    assert (agreement.commitment_count, agreement.done_count) == (1, 1)
    assert_tallies_match()


@pytest.mark.django_db
def test_deleting_an_agreement_recounts_its_office_once_not_once_per_commitment(stages):
    agreement = make_published_agreement()
    for _ in range(3):
        due_in(stages[0], agreement)

    with CaptureQueriesContext(connection) as deleted:
        agreement.delete()

    deletes = [sql for sql in tally_queries(deleted.captured_queries) if sql.startswith("DELETE")]
    assert len(deletes) == 5  # each kind of the office's tallies once; its parties' deletes recount nothing
    assert stored() == {}
    assert_tallies_match()


# Each recount in its own connection: only PostgreSQL runs them truly side by side.
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers and hides the race")
def test_two_transactions_writing_one_office_take_turns_at_its_tallies(stages):
    # Two agreements: one agreement's writers already queue on its progress recount.
    agreement, other = make_published_agreement(), make_published_agreement()
    due_in(stages[0], agreement)
    first_wrote, go_on, errors = threading.Event(), threading.Event(), []

    def write(pause):
        try:
            with transaction.atomic():
                due_in(stages[0], agreement if pause else other)
                if pause:
                    first_wrote.set()
                    go_on.wait(timeout=20)
        except Exception as error:  # reported below, whatever it is
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=write, args=(True,))
    second = threading.Thread(target=write, args=(False,))
    first.start()
    assert first_wrote.wait(timeout=20)
    second.start()
    wait_for_a_lock_wait()
    go_on.set()
    first.join(timeout=30)
    second.join(timeout=30)

    assert errors == []
    assert stored() == {(agreement.office_id, stages[0].pk): (3, 0, 3, 0)}
    assert_tallies_match()


@pytest.mark.django_db
def test_the_migration_counts_the_focus_area_tallies_of_records_made_before_it(stages):
    migration = importlib.import_module("agreements.migrations.0025_focus_area_tallies")
    agreement = make_published_agreement()
    agreement.focus_areas.add(area_of(stages[0]), area_of(stages[1]))
    due_in(stages[0], agreement, weight=2)
    due_in(stages[1], make_agreement())
    expected = (stored(FocusAreaTally.objects), linked())
    FocusAreaTally.objects.all().delete()

    migration.count_tallies(apps, None)

    assert (stored(FocusAreaTally.objects), linked()) == expected
    assert_tallies_match()


@pytest.mark.django_db
def test_the_migration_counts_the_office_totals_of_records_made_before_it(stages):
    migration = importlib.import_module("agreements.migrations.0026_office_totals")
    agreement = make_published_agreement()
    due_in(stages[0], agreement, weight=2)
    due_in(stages[1], agreement, focus_area=None)
    make_published_agreement(office=make_kpu_office())
    due_in(stages[1], make_agreement())
    expected = totals()
    OfficeTotal.objects.all().delete()

    migration.count_totals(apps, None)

    assert totals() == expected
    assert_tallies_match()


@pytest.mark.django_db
def test_the_migration_counts_the_organisation_tallies_of_records_made_before_it(stages):
    migration = importlib.import_module("agreements.migrations.0027_organisation_tallies")
    agreement = make_published_agreement()
    due_in(stages[0], agreement, weight=2)
    due_in(stages[1], agreement, responsible=agreement.office)
    make_published_agreement(office=make_kpu_office())
    due_in(stages[1], make_agreement())
    expected = (stored(OrganisationTally.objects), parties())
    OrganisationTally.objects.all().delete()

    migration.count_tallies(apps, None)

    assert (stored(OrganisationTally.objects), parties()) == expected
    assert_tallies_match()


@pytest.mark.django_db
def test_the_migration_counts_the_election_tallies_of_records_made_before_it(stages):
    migration = importlib.import_module("agreements.migrations.0029_election_tallies")
    agreement, other_office = make_published_agreement(), make_published_agreement(office=make_kpu_office())
    agreement.elections.add(stages[0].election, make_election())
    other_office.elections.add(stages[0].election)
    make_agreement().elections.add(stages[0].election)
    expected = elected()
    ElectionTally.objects.all().delete()

    migration.count_tallies(apps, None)

    assert elected() == expected
    assert len(expected) == 3
    assert_tallies_match()


@pytest.mark.django_db
def test_writes_inside_recounts_deferred_are_tallied_once_at_its_end(stages):
    moved_away = make_published_agreement()
    due_in(stages[0], moved_away)
    with CaptureQueriesContext(connection) as queries, recounts_deferred():
        agreement = make_published_agreement()
        due_in(stages[0], agreement, weight=2)
        due_in(stages[1], agreement)
        agreement_unpublish(agreement=make_published_agreement())
        # The office it leaves is recounted too, though no query would find it there at the end.
        moved_away.office = make_kpu_office()
        moved_away.save()
        assert tally_queries(queries) == []

    # One DELETE and one INSERT per tally model, for all the offices together.
    assert len([sql for sql in tally_queries(queries) if sql.startswith("DELETE")]) == 5
    assert_tallies_match()


@pytest.mark.django_db
def test_nothing_is_tallied_when_a_deferred_block_fails(stages):
    with pytest.raises(RuntimeError), recounts_deferred():
        due_in(stages[0], make_published_agreement())
        raise RuntimeError("the import fails half-way")

    assert stored() == {}
    due_in(stages[1], make_published_agreement())
    assert_tallies_match()


@pytest.mark.django_db
def test_a_deferred_block_inside_another_leaves_the_recount_to_the_outer_one(stages):
    with recounts_deferred():
        with recounts_deferred():
            agreement = make_published_agreement()
            due_in(stages[0], agreement)
        assert stored() == {}

    assert set(stored()) == {(agreement.office_id, stages[0].pk)}
    assert_tallies_match()
