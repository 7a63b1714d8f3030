"""The admin's history pages show past versions and never write one back: simple-history's "revert" saved an
old row whole (role, status, reviewer) after a view-permission check alone, past every rule a change passes
through. And another office's memberships and offices have no history page for its neighbours' staff."""

import pytest
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from agencies.models import Membership
from agencies.roles import Role, role_of
from agreements.models import Commitment, ProgressReport
from agreements.services_reports import report_accept
from kpu_coop.history_admin import HistoryAdmin
from tests.conftest import logged_in
from tests.factories import (
    make_agreement,
    make_commitment,
    make_kpu_office,
    make_kpu_staff,
    make_report,
    make_staff,
)

pytestmark = pytest.mark.django_db


def version_url(record, version):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_simple_history", args=[record.pk, version])


def first_version(record):
    return record.history.earliest().history_id


@pytest.fixture
def office():
    return make_kpu_office(slug="kpu-a", short_name="KPU A")


def test_every_history_admin_is_read_only():
    historied = [each for each in admin.site._registry.values() if isinstance(each, SimpleHistoryAdmin)]
    assert historied and all(isinstance(each, HistoryAdmin) for each in historied)
    assert all(each.revert_disabled(request=None) for each in historied)


def test_a_demoted_administrator_cannot_post_their_old_role_back(office):
    make_kpu_staff("ketua", office=office, role=Membership.Role.ADMINISTRATOR)
    former = make_kpu_staff("mantan", office=office, role=Membership.Role.ADMINISTRATOR)
    membership = Membership.objects.get(user=former)
    administrator_version = membership.history.latest().history_id
    membership.role = Membership.Role.STAFF
    membership.save()
    client = logged_in(former)
    url = version_url(membership, administrator_version)
    assert client.get(url).status_code == 200
    response = client.post(url, {"user": former.pk, "organisation": office.pk, "role": "administrator"})
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == Membership.Role.STAFF


def test_an_accepted_report_cannot_be_posted_back_to_awaiting_review(office):
    commitment = make_commitment(make_agreement(kpu=office))
    report = make_report(commitment, claim=ProgressReport.Claim.DONE)
    submitted = first_version(report)
    report_accept(report=report, reviewer=make_kpu_staff(office=office))
    response = logged_in(make_kpu_staff(office=office)).post(version_url(report, submitted), {})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.ACCEPTED


def test_a_superuser_cannot_post_a_verified_commitment_back_either(office):
    commitment = make_commitment(make_agreement(kpu=office))
    before = first_version(commitment)
    report_accept(
        report=make_report(commitment, claim=ProgressReport.Claim.DONE),
        reviewer=make_kpu_staff(office=office),
    )
    response = logged_in(make_staff()).post(version_url(commitment, before), {"title": commitment.title})
    assert response.status_code == 403
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.DONE


def test_another_office_s_membership_history_is_not_found(office):
    other = make_kpu_office(slug="kpu-b", short_name="KPU B")
    membership = Membership.objects.get(user=make_kpu_staff("rahasia", office=other))
    client = logged_in(make_kpu_staff(office=office))
    assert client.get(reverse("admin:agencies_membership_history", args=[membership.pk])).status_code == 404
    assert client.get(version_url(membership, first_version(membership))).status_code == 404


def test_a_deleted_membership_of_another_office_is_not_found_either(office):
    other = make_kpu_office(slug="kpu-b", short_name="KPU B")
    membership = Membership.objects.get(user=make_kpu_staff("rahasia", office=other))
    pk, version = membership.pk, first_version(membership)
    membership.delete()
    client = logged_in(make_kpu_staff(office=office))
    assert client.get(reverse("admin:agencies_membership_history", args=[pk])).status_code == 404
    url = reverse("admin:agencies_membership_simple_history", args=[pk, version])
    assert client.get(url).status_code == 404


def test_another_office_s_history_is_not_found(office):
    other = make_kpu_office(slug="kpu-b", short_name="KPU B")
    client = logged_in(make_kpu_staff(office=office))
    assert client.get(reverse("admin:agencies_organisation_history", args=[other.pk])).status_code == 404
    assert client.get(version_url(other, first_version(other))).status_code == 404


def test_staff_read_their_own_office_s_and_memberships_history(office):
    staff = make_kpu_staff(office=office)
    membership = Membership.objects.get(user=staff)
    client = logged_in(staff)
    assert client.get(reverse("admin:agencies_organisation_history", args=[office.pk])).status_code == 200
    assert client.get(reverse("admin:agencies_membership_history", args=[membership.pk])).status_code == 200
    assert role_of(staff) == Role.STAFF


@pytest.mark.parametrize("object_id, version", [("abc", "1"), ("1", "abc"), ("9" * 30, "1")])
def test_a_history_address_with_no_record_number_is_not_found(office, object_id, version):
    client = logged_in(make_staff())
    assert client.get(reverse("admin:agreements_agreement_history", args=[object_id])).status_code == 404
    version_page = reverse("admin:agreements_agreement_simple_history", args=[object_id, version])
    assert client.get(version_page).status_code == 404


def test_a_past_version_s_page_speaks_indonesian_and_offers_no_save(office, settings):
    settings.LANGUAGE_CODE = "id"
    staff = make_kpu_staff(office=office)
    membership = Membership.objects.get(user=staff)
    page = logged_in(staff).get(version_url(membership, first_version(membership))).content.decode()
    assert "Lihat keanggotaan" in page
    assert "Historical" not in page and ">Agencies<" not in page
    assert 'type="submit"' not in page.split('id="content"')[1]
