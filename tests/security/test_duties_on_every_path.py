"""Separation of duties on the paths around the verification itself: nobody raises their own rights or
verifies their own side's work by first moving a membership row to another account, by using an
administrator's role of one office in another where they are only staff, or by moving or closing the agency
whose report waits (docs/domain.md, "Separation of duties")."""

import contextlib

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from agencies.models import Membership, User
from agreements.models import ProgressReport
from agreements.services_reports import ReportError, report_accept
from tests.admin_forms import change_form_data
from tests.conftest import logged_in
from tests.factories import make_kpu_office, make_kpu_staff, make_user


def membership_rows(data, prefix="memberships"):
    """{membership pk: the row's index} in a change form's posted data."""
    count = int(data[f"{prefix}-TOTAL_FORMS"])
    return {int(data[f"{prefix}-{i}-id"]): i for i in range(count) if data.get(f"{prefix}-{i}-id")}


def post_change(client, url, **changes):
    page = client.get(url)
    assert page.status_code == 200
    data = change_form_data(page)
    data.update(changes)
    return client.post(url, data)


def verify_refused(reviewer, report):
    """``reviewer`` tries to accept ``report``: whether it was refused (the report still awaits review)."""
    reviewer = User.objects.get(pk=reviewer.pk)  # their memberships read afresh
    with contextlib.suppress(PermissionDenied, ReportError):
        report_accept(report=report, reviewer=reviewer)
    report.refresh_from_db()
    return report.status == ProgressReport.Status.SUBMITTED


def in_queue(reviewer, report):
    reviewer = User.objects.get(pk=reviewer.pk)
    return ProgressReport.objects.verifiable_by(reviewer).filter(pk=report.pk).exists()


@pytest.fixture
def staff_of_agency_a(world):
    """KPU staff who is still a liaison of agency A (a liaison made staff, say)."""
    user = make_kpu_staff("staf_dinas_a", office=world.a.draft.office)
    Membership.objects.create(user=user, organisation=world.a.agency, role=Membership.Role.LIAISON)
    return user


# A membership row given to another account ends where it was: that needs the right to change it there.


def test_nobody_hands_their_own_agency_membership_to_another_account_on_the_agency_page(
    world, staff_of_agency_a
):
    own = Membership.objects.get(user=staff_of_agency_a, organisation=world.a.agency)
    # An account of their own making (no membership yet: theirs to manage through User.invited_by).
    spare = make_user("akun_cadangan", invited_by=staff_of_agency_a)
    client = logged_in(staff_of_agency_a)
    url = reverse("admin:agencies_organisation_change", args=[world.a.agency.pk])
    data = change_form_data(client.get(url))
    row = membership_rows(data)[own.pk]
    data[f"memberships-{row}-user"] = str(spare.pk)
    client.post(url, data)
    own.refresh_from_db()
    # "Nobody changes their own rights": the row still makes them a member of agency A, so that its
    # reports stay someone else's to verify.
    assert own.user_id == staff_of_agency_a.pk
    assert verify_refused(staff_of_agency_a, world.a.report)


def test_staff_do_not_move_the_agency_membership_of_a_colleague_they_may_not_manage(world, staff_of_agency_a):
    """The same row, changed by another staff member: staff_of_agency_a is staff, whose rights (and
    memberships) only an administrator changes; moving their row away lets them verify agency A's reports."""
    row_of_colleague = Membership.objects.get(user=staff_of_agency_a, organisation=world.a.agency)
    spare = make_user("akun_lain", invited_by=world.staff)
    client = logged_in(world.staff)
    url = reverse("admin:agencies_organisation_change", args=[world.a.agency.pk])
    data = change_form_data(client.get(url))
    data[f"memberships-{membership_rows(data)[row_of_colleague.pk]}-user"] = str(spare.pk)
    client.post(url, data)
    row_of_colleague.refresh_from_db()
    assert row_of_colleague.user_id == staff_of_agency_a.pk


# An administrator's powers hold in the offices they administer, not where they are only staff.


def test_staff_of_an_office_who_administer_another_office_grant_no_administrator_role_in_the_first(world):
    office = world.a.draft.office
    staff = world.staff  # staff, not administrator, of ``office``
    elsewhere = make_kpu_office(short_name="KPU Lain", slug="kpu-lain-admin")
    Membership.objects.create(user=staff, organisation=elsewhere, role=Membership.Role.ADMINISTRATOR)
    client = logged_in(staff)
    # An account they create (its invitation goes to an address they choose) ...
    client.post(
        reverse("admin:agencies_user_add"),
        {"username": "akun_kedua", "first_name": "", "last_name": "", "email": "kedua@example.org"},
    )
    second = User.objects.get(username="akun_kedua")
    # ... made administrator of ``office``, where they are only staff.
    client.post(
        reverse("admin:agencies_membership_add"),
        {"user": second.pk, "organisation": office.pk, "role": "administrator", "is_active": "on"},
    )
    assert not Membership.objects.filter(user=second, organisation=office, role="administrator").exists()


def test_staff_of_an_office_who_administer_another_office_take_over_no_administrator_account_of_the_first(
    world, django_capture_on_commit_callbacks
):
    staff = world.staff  # staff, not administrator, of world.administrator's office
    elsewhere = make_kpu_office(short_name="KPU Lain", slug="kpu-lain-admin")
    Membership.objects.create(user=staff, organisation=elsewhere, role=Membership.Role.ADMINISTRATOR)
    client = logged_in(staff)
    victim = world.administrator
    url = reverse("admin:agencies_user_change", args=[victim.pk])
    assert client.get(url).status_code == 302  # not theirs to open
    client.post(url, {"username": victim.username, "email": "staf@example.org", "is_active": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:agencies_user_changelist"),
            {"action": "force_password_reset", "_selected_action": [victim.pk]},
        )
    victim.refresh_from_db()
    assert victim.email != "staf@example.org"
    assert victim.has_usable_password()


# Four eyes on an agency's report: its members do not verify it, whatever they change first.


def test_a_member_of_the_agency_does_not_verify_its_report_after_moving_the_commitment_to_another_party(
    world, staff_of_agency_a
):
    commitment, office = world.a.commitment, world.a.draft.office
    client = logged_in(staff_of_agency_a)
    post_change(
        client,
        reverse("admin:agreements_commitment_change", args=[commitment.pk]),
        responsible=str(office.pk),
    )
    commitment.refresh_from_db()
    assert commitment.responsible_id == office.pk  # the move itself is an ordinary edit
    # The report is still the one agency A's liaison filed on A's work.
    assert world.a.report.agency_id == world.a.agency.pk
    assert verify_refused(staff_of_agency_a, world.a.report)
    assert not in_queue(staff_of_agency_a, world.a.report)


def test_a_member_of_the_agency_does_not_verify_its_report_after_deactivating_the_agency(
    world, staff_of_agency_a
):
    agency = world.a.agency
    client = logged_in(staff_of_agency_a)
    url = reverse("admin:agencies_organisation_change", args=[agency.pk])
    data = change_form_data(client.get(url))
    data.pop("is_active", None)
    client.post(url, data)
    agency.refresh_from_db()
    assert not agency.is_active  # staff close an agency of theirs: an ordinary edit
    assert verify_refused(staff_of_agency_a, world.a.report)
    assert not in_queue(staff_of_agency_a, world.a.report)


def test_a_staff_membership_given_to_another_account_takes_the_staff_rights_along(world):
    """An administrator may move a staff row from one account to another; the first is no longer staff."""
    moved = Membership.objects.get(user=world.staff)
    newcomer = make_user("staf_baru", invited_by=world.administrator)
    client = logged_in(world.administrator)
    url = reverse("admin:agencies_membership_change", args=[moved.pk])
    response = post_change(client, url, user=str(newcomer.pk))
    assert response.status_code == 302
    assert (User.objects.get(pk=world.staff.pk).is_staff, User.objects.get(pk=newcomer.pk).is_staff) == (
        False,
        True,
    )
