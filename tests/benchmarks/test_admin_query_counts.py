"""Every admin changelist runs a fixed number of queries, whether each model has 2 or 30 rows."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.models import Organisation
from agreements.models import Commitment, ProgressReport, ReminderLog
from tests.factories import (
    assign,
    make_agreement,
    make_commitment,
    make_document,
    make_evidence,
    make_focus_area,
    make_organisation,
    make_report,
    make_staff,
    make_stage,
    make_totp_device,
    make_user,
)

pytestmark = pytest.mark.django_db

# 3 queries for the session, the user and the 2FA device, 2 for the staff menu's count of reports awaiting
# review (the superuser's memberships, whose agencies' reports are not theirs to verify, and the count), then
# what each changelist reads: the filtered and total row counts, the rows (and any prefetched
# relations), the options of each filter on a related or free-text field and, with a date hierarchy, the
# date range and its dates.
# A newly registered model fails here until it is added.
EXPECTED = {
    "auth.Group": 8,
    "axes.AccessAttempt": 11,
    "axes.AccessLog": 11,
    "axes.AccessFailureLog": 11,
    # Its rows' memberships read with their organisations (those the user reads) in one query.
    "agencies.User": 10,
    "agencies.Organisation": 9,
    "agencies.Region": 8,
    "agencies.Membership": 9,
    "agreements.AgreementParty": 9,
    "agreements.Document": 8,
    # No total count and no date hierarchy (ProgressReportAdmin): 200,000 reports nationally.
    "agreements.ProgressReport": 8,
    "agreements.Evidence": 8,
    "agreements.CommitmentAssignment": 9,
    "agreements.ReminderLog": 10,
    "agreements.FocusArea": 8,
    # One more than a plain list: its organising offices' list filter.
    "agreements.Election": 9,
    "agreements.ElectionStage": 11,
    # One more than its filters' related lists: the KPU offices' list filter.
    "agreements.Agreement": 16,
    # No total count beside the filtered one (CommitmentAdmin.show_full_result_count), a due filter from a
    # fixed list instead of a date hierarchy.
    "agreements.Commitment": 10,
}

SMALL, LARGE = 2, 30


class World:
    """Rows of every registered model, each row on a new agency under one of two regional governments."""

    def __init__(self):
        self.staff = make_staff()
        self.kpu_offices = [make_organisation(kind=Organisation.Kind.ELECTION_COMMISSION) for _ in range(2)]
        self.governments = [make_organisation(kind=Organisation.Kind.REGIONAL_GOVERNMENT) for _ in range(2)]
        self.rows = 0

    def add_row(self):
        n, self.rows = self.rows, self.rows + 1
        agency = make_organisation(parent=self.governments[n % 2])
        liaison = make_user(organisation=agency)
        make_totp_device(liaison)

        agreement = make_agreement(kpu=self.kpu_offices[n % 2], agency=agency)
        stage = make_stage()
        area = make_focus_area()
        agreement.elections.add(stage.election)
        agreement.focus_areas.add(area)
        make_document(agreement)
        commitment = make_commitment(
            agreement, focus_area=area, due_kind=Commitment.DueKind.STAGE, due_stage=stage
        )
        assign(commitment, liaison)
        report = make_report(
            commitment,
            author=liaison,
            status=ProgressReport.Status.ACCEPTED,
            reviewer=self.staff,
            reviewed_at=timezone.now(),
        )
        make_evidence(report)
        ReminderLog.objects.create(
            recipient=liaison,
            commitment=commitment,
            threshold=ReminderLog.Threshold.DAYS_7,
            due_on=commitment.due_on,
            period=commitment.due_on,
        )

        Group.objects.create(name=f"Kelompok {n}")
        login = {"username": liaison.username, "ip_address": "192.0.2.1", "user_agent": "pytest"}
        AccessAttempt.objects.create(**login, get_data="", post_data="", failures_since_start=1)
        AccessLog.objects.create(**login)
        AccessFailureLog.objects.create(**login)

    def grow_to(self, rows):
        while self.rows < rows:
            self.add_row()
        return self


def changelist_urls():
    return {
        model._meta.label: reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    }


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def count_every_changelist(client):
    return {model: count_queries(client, url) for model, url in changelist_urls().items()}


def test_it_runs_the_same_queries_on_every_changelist_for_2_and_30_rows_of_each_model(client):
    world = World().grow_to(SMALL)
    client.force_login(world.staff)
    with_small = count_every_changelist(client)

    world.grow_to(LARGE)
    thin = [model._meta.label for model in admin.site._registry if model._default_manager.count() < LARGE]
    assert not thin, f"World.add_row() makes no row of {thin}: their changelists show no per-row queries"
    with_large = count_every_changelist(client)

    assert with_small == with_large == EXPECTED
