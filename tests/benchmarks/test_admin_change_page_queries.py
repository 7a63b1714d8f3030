"""Every admin change page with rows in its inlines runs the same queries for 1 row of each inline as for 4:
the chosen value of an autocomplete field and the options of a select are read once for all the rows, not
once per row."""

from datetime import date

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.models import Membership
from agencies.offices import OfficeLevel
from agreements.models import (
    Agreement,
    Commitment,
    DueDateChange,
    ForceMajeureEvent,
    GrantTranche,
    ProgressReport,
    Witness,
)
from tests.benchmarks.growth import N, at_n_and_3n
from tests.factories import (
    assign,
    make_agreement,
    make_commitment,
    make_document,
    make_evidence,
    make_focus_area,
    make_kpu_office,
    make_kpu_staff,
    make_organisation,
    make_report,
    make_stage,
    make_user,
    second_party,
)

pytestmark = pytest.mark.django_db


class Pages:
    """One record of each kind with inlines, grown a row at a time in each inline."""

    def __init__(self):
        self.staff = make_kpu_staff()
        self.agreement = make_agreement(kind=Agreement.Kind.NPHD, grant_amount=1_000_000)
        self.stage = make_stage()
        self.commitment = make_commitment(self.agreement)
        self.report = make_report(
            self.commitment,
            status=ProgressReport.Status.ACCEPTED,
            reviewer=self.staff,
            reviewed_at=timezone.now(),
        )
        self.agency = second_party(self.agreement)
        self.member = make_user(organisation=self.agency)
        self.addendum = make_agreement(kind=Agreement.Kind.ADDENDUM, parent=self.agreement)
        self.rows = 0

    def add_row(self):
        n, self.rows = self.rows, self.rows + 1
        stage = make_stage(election=self.stage.election)
        commitment = make_commitment(
            self.agreement, focus_area=make_focus_area(), due_kind=Commitment.DueKind.STAGE, due_stage=stage
        )
        Witness.objects.create(agreement=self.agreement, order=n, name=f"Saksi {n}", position="Kepala")
        event = ForceMajeureEvent.objects.create(
            agreement=self.agreement, starts_on=date(2024, 2, 1), reason=f"Banjir {n}"
        )
        event.suspended_commitments.add(commitment)
        GrantTranche.objects.create(
            agreement=self.agreement,
            order=n + 1,
            planned_amount=1000,
            due_kind=GrantTranche.DueKind.STAGE,
            due_stage=stage,
        )
        make_document(self.agreement)
        make_agreement(kind=Agreement.Kind.ADDENDUM, parent=self.agreement)
        assign(self.commitment, make_user(organisation=self.agency))
        DueDateChange.objects.create(
            commitment=self.commitment,
            old_due_on=date(2024, 1, 1),
            new_due_on=date(2024, 1, 2 + n),
            reason=DueDateChange.Reason.CORRECTION,
            changed_at=timezone.now(),
        )
        make_evidence(self.report, name=f"bukti-{n}.pdf")
        make_user(organisation=self.agency)
        make_stage(election=self.stage.election)
        Membership.objects.create(user=self.member, organisation=make_organisation())
        make_commitment(self.agreement, added_by=self.addendum)
        make_commitment(self.agreement, retired_by=self.addendum)

    def urls(self):
        change = "admin:{}_change".format
        return {
            "agreement": reverse(change("agreements_agreement"), args=[self.agreement.pk]),
            "commitment": reverse(change("agreements_commitment"), args=[self.commitment.pk]),
            "report": reverse(change("agreements_progressreport"), args=[self.report.pk]),
            "organisation": reverse(change("agencies_organisation"), args=[self.agency.pk]),
            "election": reverse(change("agreements_election"), args=[self.stage.election_id]),
            "user": reverse(change("agencies_user"), args=[self.member.pk]),
            "addendum": reverse(change("agreements_agreement"), args=[self.addendum.pk]),
        }


def count_queries(client, url):
    client.get(url)  # Once before: what a first request caches is not what rows cost.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def has_inlines(model_admin):
    return bool(model_admin.inlines) or type(model_admin).get_inlines is not admin.ModelAdmin.get_inlines


def test_it_covers_every_model_admin_with_inlines():
    with_inlines = {
        model._meta.label for model, model_admin in admin.site._registry.items() if has_inlines(model_admin)
    }
    covered = {"agreements.Agreement", "agreements.Commitment", "agreements.ProgressReport"}
    covered |= {"agencies.Organisation", "agreements.Election", "agencies.User"}
    assert with_inlines == covered


def test_each_change_page_runs_as_many_queries_with_4_rows_in_each_inline_as_with_1(client):
    pages = Pages()
    client.force_login(pages.staff)
    pages.add_row()
    one = {name: count_queries(client, url) for name, url in pages.urls().items()}
    for _ in range(3):
        pages.add_row()
    four = {name: count_queries(client, url) for name, url in pages.urls().items()}
    assert four == one


@pytest.mark.parametrize("typed", ["abc", "1.5", "99999999999999999999999"])
def test_a_value_typed_into_an_inline_autocomplete_is_a_form_error_not_a_failure(client, typed):
    """Read together, one row's malformed value could have failed every row's: it names no record instead."""
    from tests.admin_forms import change_form_data

    agreement = make_agreement()
    make_commitment(agreement, focus_area=make_focus_area(name="Sosialisasi"))
    make_commitment(agreement)
    client.force_login(make_kpu_staff())
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    data = change_form_data(client.get(url)) | {"commitments-1-focus_area": typed}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["errors"] and "Sosialisasi" in response.text


def test_an_agreement_read_only_from_its_province_runs_as_many_queries_with_4_rows_as_with_1(client):
    """Read-only, an inline prints each row's related records instead of offering them in a widget."""
    pages = Pages()
    office = pages.agreement.office
    office.parent = make_kpu_office(office_level=OfficeLevel.PROVINCE)
    office.save()
    client.force_login(make_kpu_staff(office=office.parent))
    read_only = {name: url for name, url in pages.urls().items() if name in ("agreement", "commitment")}
    pages.add_row()
    one = {name: count_queries(client, url) for name, url in read_only.items()}
    for _ in range(3):
        pages.add_row()
    four = {name: count_queries(client, url) for name, url in read_only.items()}
    assert four == one
    assert client.get(read_only["agreement"]).context["has_change_permission"] is False


def test_an_agreement_page_listing_its_rows_choices_runs_the_queries_of_n_with_3n_rows(client):
    """Without JavaScript each row's autocomplete selects list their choices: read once for all the rows."""
    agreement = make_agreement()
    election = make_stage().election
    commitment = make_commitment(agreement)
    client.force_login(make_kpu_staff())

    def grow(rows):
        for _ in range(rows):
            make_commitment(
                agreement,
                focus_area=make_focus_area(),
                due_kind=Commitment.DueKind.STAGE,
                due_stage=make_stage(election=election),
            )
            assign(commitment, make_user(organisation=commitment.responsible))

    urls = {
        "agreement": reverse("admin:agreements_agreement_change", args=[agreement.pk]),
        "commitment": reverse("admin:agreements_commitment_change", args=[commitment.pk]),
    }
    small, large = at_n_and_3n(lambda: {name: count_queries(client, url) for name, url in urls.items()}, grow)
    assert small == large
    # Each row's focus area select lists every area, not only its own: all of the 3N + 1 rows list the last.
    page = client.get(urls["agreement"]).content.decode()
    assert page.count(f">{agreement.commitments.latest('pk').focus_area}</option>") >= 3 * N + 1
