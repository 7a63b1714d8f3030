"""Staff recover deleted records from their history."""

from datetime import date

import pytest
from django.urls import reverse

from agreements.models import (
    Agreement,
    AgreementParty,
    Commitment,
    Document,
    ForceMajeureEvent,
    GrantTranche,
    Witness,
)
from kpu_coop.change_reasons import reason_text
from tests.factories import (
    make_agreement,
    make_commitment,
    make_document,
    make_election,
    make_focus_area,
    make_published_agreement,
    make_report,
)
from tests.foundation.test_tallies import assert_tallies_match, elected, parties


def restore(client, key, row):
    return client.post(reverse("workspace:restore", args=[key, row.history_id]), follow=True)


def deletion_row(model, pk):
    return model.history.get(id=pk, history_type="-")


@pytest.fixture
def agreement(db):
    agreement = make_agreement(title="PKS Dukcapil")
    make_commitment(agreement, title="Menyediakan data")
    make_document(agreement, title="Naskah PKS")
    return agreement


def test_a_restored_published_agreement_counts_again_in_its_offices_tallies(staff_client):
    agreement = make_published_agreement()
    agreement.focus_areas.add(make_focus_area())
    agreement.elections.add(make_election())
    make_commitment(agreement, weight=2)
    pk, counted = agreement.pk, (parties(), elected())
    agreement.delete()
    assert (parties(), elected()) == ({}, {})

    restore(staff_client, "agreement", deletion_row(Agreement, pk))

    assert (parties(), elected()) == counted
    assert_tallies_match()


def test_it_lists_a_deleted_agreement_with_who_deleted_it(staff_client, staff, agreement):
    agreement._history_user = staff
    agreement.delete()
    response = staff_client.get(reverse("workspace:deleted_records"))
    group = next(g for g in response.context["groups"] if g.key == "agreement")
    assert [row.label for row in group.rows] == ["PKS Dukcapil"]
    assert "PKS Dukcapil" in response.content.decode()


def test_it_restores_an_agreement_with_the_records_deleted_along_with_it(staff_client, agreement):
    pk, created_at = agreement.pk, agreement.created_at
    agreement.delete()
    response = restore(staff_client, "agreement", deletion_row(Agreement, pk))
    restored = Agreement.objects.get(pk=pk)
    assert restored.title == "PKS Dukcapil"
    assert restored.created_at == created_at
    assert restored.parties.count() == 2
    assert list(restored.commitments.values_list("title", flat=True)) == ["Menyediakan data"]
    assert restored.documents.get().title == "Naskah PKS"
    assert "4 records deleted with it were restored too." in response.content.decode()


def test_it_restores_an_agreement_with_its_elections_and_focus_areas(staff_client, agreement):
    pemilu, pilkada, gone = (make_election(slug=slug) for slug in ("pemilu", "pilkada", "dihapus"))
    area = make_focus_area(slug="bidang-uji-pulih")
    agreement.elections.set([pemilu, pilkada, gone])
    agreement.focus_areas.add(area)
    pk = agreement.pk
    agreement.delete()
    gone.delete()

    restore(staff_client, "agreement", deletion_row(Agreement, pk))

    restored = Agreement.objects.get(pk=pk)
    assert sorted(restored.elections.values_list("slug", flat=True)) == ["pemilu", "pilkada"]
    assert list(restored.focus_areas.all()) == [area]


def test_it_records_the_restore_in_the_history_with_who_did_it(staff_client, staff, agreement):
    pk = agreement.pk
    agreement.delete()
    restore(staff_client, "agreement", deletion_row(Agreement, pk))
    latest = Agreement.objects.get(pk=pk).history.latest()
    assert (latest.history_type, latest.history_user, reason_text(latest.history_change_reason)) == (
        "+",
        staff,
        "Restored from the history",
    )


def test_it_no_longer_lists_a_restored_record(staff_client, agreement):
    pk = agreement.pk
    agreement.delete()
    restore(staff_client, "agreement", deletion_row(Agreement, pk))
    groups = staff_client.get(reverse("workspace:deleted_records")).context["groups"]
    assert all(not group.rows for group in groups)


def test_it_restores_a_single_commitment(staff_client, agreement):
    commitment = agreement.commitments.get()
    pk = commitment.pk
    commitment.delete()
    restore(staff_client, "commitment", deletion_row(Commitment, pk))
    assert Commitment.objects.get(pk=pk).title == "Menyediakan data"


def test_it_refuses_a_record_whose_agreement_is_still_deleted(staff_client, agreement):
    party_pk = agreement.parties.first().pk
    agreement.delete()
    response = restore(staff_client, "party", deletion_row(AgreementParty, party_pk))
    assert "Restore the agreement it belongs to first (agreement)." in response.content.decode()
    assert not AgreementParty.objects.filter(pk=party_pk).exists()


def test_it_refuses_to_restore_twice(staff_client, agreement):
    pk = agreement.pk
    agreement.delete()
    row = deletion_row(Agreement, pk)
    restore(staff_client, "agreement", row)
    response = restore(staff_client, "agreement", row)
    assert "already been restored" in response.content.decode()
    assert Agreement.objects.filter(pk=pk).count() == 1


def test_it_restores_a_document_with_its_stored_file(staff_client, agreement):
    document = agreement.documents.get()
    pk, name = document.pk, document.file.name
    document.delete()
    restore(staff_client, "document", deletion_row(Document, pk))
    restored = Document.objects.get(pk=pk)
    assert restored.file.name == name
    assert restored.file.storage.exists(name)


def test_it_restores_a_report_with_its_evidence(staff_client, agreement):
    from agreements.models import Evidence, ProgressReport
    from tests.factories import make_evidence

    report = make_report(agreement.commitments.get())
    make_evidence(report)
    pk = report.pk
    report.delete()
    restore(staff_client, "report", deletion_row(ProgressReport, pk))
    assert Evidence.objects.filter(report_id=pk).count() == 1


def test_it_needs_the_permission_to_add_the_record(client, agreement, monkeypatch):
    from agencies import roles
    from tests.factories import make_user

    # Every staff role may add agreements today; the restore must still ask the role, not assume it.
    monkeypatch.setattr(
        roles, "STAFF_DENIED_PERMISSIONS", {*roles.STAFF_DENIED_PERMISSIONS, "agreements.add_agreement"}
    )
    clerk = make_user("clerk", is_staff=True)
    client.force_login(clerk)
    pk = agreement.pk
    agreement.delete()
    response = client.post(
        reverse("workspace:restore", args=["agreement", deletion_row(Agreement, pk).history_id])
    )
    assert response.status_code == 403
    assert not Agreement.objects.filter(pk=pk).exists()


def test_it_answers_not_found_for_an_unknown_kind_of_record(staff_client, db):
    assert staff_client.post(reverse("workspace:restore", args=["user", 1])).status_code == 404


def test_it_restores_an_agreement_with_its_witnesses_tranches_and_force_majeure_events(staff_client):
    nphd = make_agreement(kind=Agreement.Kind.NPHD, grant_amount=1_000)
    commitment = make_commitment(nphd, title="Laporan penggunaan hibah")
    Witness.objects.create(agreement=nphd, name="Joko Purnomo", order=1)
    GrantTranche.objects.create(agreement=nphd, order=1, due_date=date(2023, 11, 24), planned_amount=400)
    event = ForceMajeureEvent.objects.create(agreement=nphd, starts_on=date(2024, 1, 1), reason="Banjir")
    event.suspended_commitments.add(commitment)
    pk = nphd.pk
    nphd.delete()
    restore(staff_client, "agreement", deletion_row(Agreement, pk))
    restored = Agreement.objects.get(pk=pk)
    assert [witness.name for witness in restored.witnesses.all()] == ["Joko Purnomo"]
    assert [tranche.planned_amount for tranche in restored.grant_tranches.all()] == [400]
    assert list(restored.force_majeure_events.get().suspended_commitments.all()) == [commitment]
