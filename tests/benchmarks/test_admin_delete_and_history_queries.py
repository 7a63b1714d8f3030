"""The admin's history and delete confirmation pages run a fixed number of queries: the same with three times
the rows (versions, or rows the deletion takes with it) as with a few."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.models import Membership
from agreements.models import Agreement, Commitment, ProgressReport
from tests.benchmarks.growth import at_n_and_3n
from tests.factories import (
    assign,
    make_agreement,
    make_commitment,
    make_election,
    make_evidence,
    make_focus_area,
    make_kpu_staff,
    make_organisation,
    make_report,
    make_staff,
    make_stage,
    make_user,
    second_party,
)

pytestmark = pytest.mark.django_db


def queries(client, url, data=None):
    """The queries of a request (a GET, or a POST of ``data``) sent a second time: the first fills caches."""
    send = client.get if data is None else client.post
    send(url, data or {})
    with CaptureQueriesContext(connection) as captured:
        response = send(url, data or {})
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def grow_agreement(agreement, staff):
    """Adds rows to ``agreement`` of every kind its delete page lists and names through another row: linked
    elections and focus areas, commitments assigned to a liaison and reported on with evidence."""

    def grow(rows):
        for _ in range(rows):
            agreement.elections.add(make_election())
            agreement.focus_areas.add(make_focus_area())
            commitment = make_commitment(agreement)
            assign(commitment, make_user(organisation=second_party(agreement)))
            report = make_report(
                commitment, status=ProgressReport.Status.ACCEPTED, reviewer=staff, reviewed_at=timezone.now()
            )
            make_evidence(report)

    return grow


def test_the_agreement_history_page_reads_the_same_queries_for_three_times_the_versions(client):
    """Each version's linked elections and focus areas are read with every other version's, not apart."""
    staff = make_kpu_staff()
    agreement = make_agreement()
    client.force_login(staff)

    def edit(rows):
        for n in range(rows):
            agreement.elections.add(make_election())
            agreement.focus_areas.add(make_focus_area())
            agreement.title = f"Perjanjian diubah {agreement.history.count()}-{n}"
            agreement.save()

    url = reverse("admin:agreements_agreement_history", args=[agreement.pk])
    few, many = at_n_and_3n(lambda: queries(client, url), edit)
    assert few == many


def test_the_agreement_delete_page_reads_the_same_queries_for_three_times_the_rows(client):
    """The rows it lists are named (a liaison's assignment, a linked election) with the rows beside them."""
    staff = make_kpu_staff()
    agreement = make_agreement()
    client.force_login(staff)
    url = reverse("admin:agreements_agreement_delete", args=[agreement.pk])
    few, many = at_n_and_3n(lambda: queries(client, url), grow_agreement(agreement, staff))
    assert few == many


def test_the_commitment_delete_page_reads_the_same_queries_for_three_times_the_rows(client):
    """Its assignments and reports are named, and their office checked, with the others of their kind."""
    commitment = make_commitment()
    client.force_login(make_kpu_staff())

    def grow(rows):
        for _ in range(rows):
            assign(commitment, make_user(organisation=commitment.responsible))
            make_evidence(make_report(commitment))

    url = reverse("admin:agreements_commitment_delete", args=[commitment.pk])
    few, many = at_n_and_3n(lambda: queries(client, url), grow)
    assert few == many


def test_the_election_delete_page_reads_the_same_queries_for_three_times_the_stages(client):
    """Its stages are named with their election's office, and the commitments that follow them (which keep
    the election from being deleted) are checked against their agreements' offices, together."""
    staff = make_kpu_staff()
    election = make_election(office=staff.memberships.get().organisation)
    client.force_login(staff)

    def grow(rows):
        for _ in range(rows):
            make_commitment(due_kind=Commitment.DueKind.STAGE, due_stage=make_stage(election))

    url = reverse("admin:agreements_election_delete", args=[election.pk])
    few, many = at_n_and_3n(lambda: queries(client, url), grow)
    assert few == many


def test_the_organisation_delete_page_reads_the_same_queries_for_three_times_the_members(client):
    """Whether each membership may go (the last administrator, the right to change it) is read for all."""
    agency = make_organisation()
    make_agreement(agency=agency)
    client.force_login(make_kpu_staff(role=Membership.Role.ADMINISTRATOR))

    def grow(rows):
        for _ in range(rows):
            make_user(organisation=agency)

    url = reverse("admin:agencies_organisation_delete", args=[agency.pk])
    few, many = at_n_and_3n(lambda: queries(client, url), grow)
    assert few == many


def test_the_account_delete_page_reads_the_same_queries_for_three_times_the_memberships(client):
    """An account's memberships of several agencies and its assignments are named and checked together."""
    liaison = make_user()
    client.force_login(make_staff())

    def grow(rows):
        for _ in range(rows):
            agency = make_organisation()
            Membership.objects.create(user=liaison, organisation=agency)
            assign(make_commitment(make_agreement(agency=agency)), liaison)

    url = reverse("admin:agencies_user_delete", args=[liaison.pk])
    few, many = at_n_and_3n(lambda: queries(client, url), grow)
    assert few == many


def test_deleting_selected_agreements_asks_the_same_queries_for_three_times_the_selection(client):
    """The "delete selected" confirmation names every agreement's rows as the single delete page does."""
    staff = make_kpu_staff()
    client.force_login(staff)

    def grow(rows):
        for _ in range(rows):
            agreement = make_agreement()
            assign(make_commitment(agreement), make_user(organisation=second_party(agreement)))

    def count():
        selected = [str(pk) for pk in Agreement.objects.values_list("pk", flat=True)]
        data = {"action": "delete_selected", "_selected_action": selected, "index": 0}
        return queries(client, reverse("admin:agreements_agreement_changelist"), data)

    few, many = at_n_and_3n(count, grow)
    assert few == many


def queries_undone(client, url, data, *, leaving_out):
    """The queries of a POST that deletes rows, sent a second time, but for those starting ``leaving_out``;
    each is rolled back after (the first fills caches), so the rows are there for the next count."""
    for _ in range(2):
        with transaction.atomic():
            with CaptureQueriesContext(connection) as captured:
                response = client.post(url, data)
            assert response.status_code == 302, (url, response.status_code)
            transaction.set_rollback(True)
    return len([query for query in captured if not query["sql"].startswith(leaving_out)])


def test_deleting_selected_memberships_asks_the_same_queries_for_three_times_the_selection(client):
    """Whether each may go (the last administrator, the right to change it) is read for all of them at once,
    the security log's names of their accounts and organisations too, and their staff flags follow together.
    Only each row's history record is written on its own (simple_history's post_delete): left out here."""
    agency = make_organisation()
    make_agreement(agency=agency)
    client.force_login(make_kpu_staff(role=Membership.Role.ADMINISTRATOR))

    def grow(rows):
        for _ in range(rows):
            make_user(organisation=agency)

    def count():
        selected = list(Membership.objects.filter(organisation=agency).values_list("pk", flat=True))
        data = {"action": "delete_selected", "_selected_action": selected, "post": "yes"}
        url = reverse("admin:agencies_membership_changelist")
        return queries_undone(client, url, data, leaving_out='INSERT INTO "agencies_historicalmembership"')

    few, many = at_n_and_3n(count, grow)
    assert few == many
