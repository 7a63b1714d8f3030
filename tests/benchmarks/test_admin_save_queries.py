"""Saving a change form runs as many queries with 3N inline rows as with N, and so does the import's preview
with 3N stage-tied rows: each row's chosen records, its office's stages, its liaison's membership and its
uniqueness are checked for all the rows at once (or, for a row saved unchanged, left to the database)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.models import Membership
from agreements.models import (
    Agreement,
    Commitment,
    DueDateChange,
    ForceMajeureEvent,
    GrantTranche,
    ProgressReport,
    Witness,
)
from tests.admin_forms import change_form_data
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
    make_published_agreement,
    make_report,
    make_stage,
    make_user,
    second_party,
)
from tests.workspace.spreadsheet_helpers import csv_upload, row

pytestmark = pytest.mark.django_db


def saved_unchanged(client, url):
    """Post the change form back as a browser would, changing nothing, and count the queries."""
    data = change_form_data(client.get(url)) | {"_continue": "1"}
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    return len(captured)


def test_an_agreement_saved_with_3n_rows_of_each_inline_runs_the_queries_of_n(client):
    staff = make_kpu_staff()
    election = make_election()
    agreement = make_published_agreement(kind=Agreement.Kind.NPHD, grant_amount=1_000_000)
    agency = second_party(agreement)
    client.force_login(staff)

    def grow(rows):
        for _ in range(rows):
            n = agreement.witnesses.count()
            stage = make_stage(election)
            area = make_focus_area()
            agreement.focus_areas.add(area)
            commitment = make_commitment(
                agreement, focus_area=area, due_kind=Commitment.DueKind.STAGE, due_stage=stage
            )
            assign(commitment, make_user(organisation=agency))
            report = make_report(
                commitment, status=ProgressReport.Status.ACCEPTED, reviewer=staff, reviewed_at=timezone.now()
            )
            make_evidence(report)
            event = ForceMajeureEvent.objects.create(
                agreement=agreement, starts_on=date(2024, 2, 1), reason=f"Banjir {n}"
            )
            event.suspended_commitments.add(commitment)
            GrantTranche.objects.create(
                agreement=agreement,
                order=n + 1,
                planned_amount=1000,
                due_kind=GrantTranche.DueKind.STAGE,
                due_stage=stage,
            )
            Witness.objects.create(agreement=agreement, order=n, name=f"Saksi {n}", position="Kepala")

    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    small, large = at_n_and_3n(lambda: saved_unchanged(client, url), grow)
    assert small == large


def test_a_commitment_saved_with_3n_assigned_liaisons_runs_the_queries_of_n(client):
    commitment = make_commitment()
    client.force_login(make_kpu_staff())

    def grow(rows):
        for n in range(rows):
            assign(commitment, make_user(organisation=commitment.responsible))
            DueDateChange.objects.create(
                commitment=commitment,
                old_due_on=date(2024, 1, 1),
                new_due_on=date(2024, 1, 2 + n),
                reason=DueDateChange.Reason.CORRECTION,
                changed_at=timezone.now(),
            )

    url = reverse("admin:agreements_commitment_change", args=[commitment.pk])
    small, large = at_n_and_3n(lambda: saved_unchanged(client, url), grow)
    assert small == large


def test_an_agency_saved_with_3n_members_runs_the_queries_of_n(client):
    agency = make_organisation()
    make_agreement(agency=agency)
    client.force_login(make_kpu_staff(role=Membership.Role.ADMINISTRATOR))

    def grow(rows):
        for _ in range(rows):
            make_user(organisation=agency)

    url = reverse("admin:agencies_organisation_change", args=[agency.pk])
    small, large = at_n_and_3n(lambda: saved_unchanged(client, url), grow)
    assert small == large


def test_an_election_saved_with_3n_stages_runs_the_queries_of_n(client):
    staff = make_kpu_staff()
    election = make_election(office=staff.memberships.get().organisation)
    client.force_login(staff)

    def grow(rows):
        for _ in range(rows):
            make_stage(election)

    url = reverse("admin:agreements_election_change", args=[election.pk])
    small, large = at_n_and_3n(lambda: saved_unchanged(client, url), grow)
    assert small == large


def test_the_import_preview_of_3n_stage_tied_rows_runs_the_queries_of_n(client, settings):
    # The import page renders without the collected manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    agreement = make_agreement(agency=make_organisation(slug="dukcapil"))
    election = make_election(slug="pemilu-uji")
    stages = []
    client.force_login(make_kpu_staff())

    def grow(rows):
        for _ in range(rows):
            stages.append(make_stage(election, name=f"Tahapan {len(stages)}"))

    def previewed():
        lines = [
            row(
                agreement_id=agreement.pk,
                responsible="dukcapil",
                title=f"Kewajiban {n}",
                election="pemilu-uji",
                stage=stage.name,
                anchor="start",
                offset_days="-7",
            )
            for n, stage in enumerate(stages)
        ]
        with CaptureQueriesContext(connection) as captured:
            response = client.post(reverse("workspace:commitment_import"), {"file": csv_upload(lines)})
        assert response.context["check"].is_valid, [r.errors for r in response.context["check"].rows]
        return len(captured)

    small, large = at_n_and_3n(previewed, grow)
    assert small == large
