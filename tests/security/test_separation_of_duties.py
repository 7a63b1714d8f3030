"""Nobody raises their own rights, sets another person's password or verifies their own report.

Each escalation found with an ordinary (non-superuser) staff account is tried here and must be refused.
"""

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import Membership, User
from agencies.roles import Role, role_of
from agreements.models import ProgressReport
from agreements.services_reports import ReportRejected, report_accept, report_submit
from tests.conftest import TwoFactorClient
from tests.factories import (
    make_agreement,
    make_commitment,
    make_kpu_office,
    make_kpu_staff,
    make_organisation,
    make_staff,
    make_totp_device,
    make_user,
)
from tests.security.conftest import choose_english

RIGHTS_FIELDS = {"is_superuser", "is_staff", "groups", "user_permissions", "password"}


@pytest.fixture
def office(db):
    return make_kpu_office(short_name="KPU Uji", slug="kpu-uji")


@pytest.fixture
def agency(office):
    agency = make_organisation(short_name="Dinas Uji", slug="dinas-uji")
    make_agreement(kpu=office, agency=agency)  # the office's agency: its staff manage its liaisons
    return agency


@pytest.fixture
def staff(office):
    return make_kpu_staff("staf", office=office)


@pytest.fixture
def administrator(office):
    return make_kpu_staff("admin", office=office, role=Membership.Role.ADMINISTRATOR)


@pytest.fixture
def liaison(agency):
    return make_user("penghubung", organisation=agency, email="penghubung@example.org")


def logged_in(user):
    client = choose_english(TwoFactorClient())
    client.force_login(user)
    return client


def change_url(user):
    return reverse("admin:agencies_user_change", args=[user.pk])


def form_fields(response):
    return set(response.context["adminform"].form.fields)


def test_it_gives_each_account_its_role(staff, administrator, liaison):
    assert role_of(liaison) == Role.LIAISON
    assert role_of(staff) == Role.STAFF
    assert role_of(administrator) == Role.ADMINISTRATOR
    assert role_of(make_staff()) == Role.SUPERUSER


def test_it_never_shows_rights_fields_to_staff(staff, liaison):
    response = logged_in(staff).get(change_url(liaison))
    assert response.status_code == 200
    # No email either: the liaison has set a password (tests/security/test_account_email.py).
    assert form_fields(response) == {"username", "first_name", "last_name", "is_active"}


def test_it_never_shows_rights_fields_to_an_administrator(administrator, liaison):
    response = logged_in(administrator).get(change_url(liaison))
    assert not form_fields(response) & RIGHTS_FIELDS


def test_it_shows_rights_fields_to_a_superuser_only(liaison):
    response = logged_in(make_staff()).get(change_url(liaison))
    assert {"is_superuser", "is_staff", "groups", "user_permissions"} <= form_fields(response)
    assert "password" not in form_fields(response)


def test_it_ignores_rights_posted_by_staff(staff, liaison):
    response = logged_in(staff).post(
        change_url(liaison),
        {
            "username": "penghubung",
            "email": "penghubung@example.org",
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    liaison.refresh_from_db()
    assert not liaison.is_superuser
    assert not liaison.is_staff


def test_it_does_not_let_staff_open_their_own_account_in_the_admin(staff):
    # The admin answers an object outside its queryset with a redirect to its index ("does not exist").
    assert logged_in(staff).get(change_url(staff)).status_code == 302


def test_it_hides_other_staff_accounts_from_staff(staff, administrator):
    client = logged_in(staff)
    page = client.get(reverse("admin:agencies_user_changelist")).text
    assert "admin</a>" not in page
    assert client.get(change_url(administrator)).status_code == 302


def test_it_hides_superusers_from_administrators(administrator):
    root = make_staff("root")
    assert logged_in(administrator).get(change_url(root)).status_code == 302


def test_it_serves_no_page_to_set_another_persons_password(liaison):
    with pytest.raises(NoReverseMatch):
        reverse("admin:auth_user_password_change", args=[liaison.pk])
    response = logged_in(make_staff()).get(f"/admin/agencies/user/{liaison.pk}/password/")
    assert response.status_code in (302, 404)


def test_it_creates_an_account_without_a_password_and_invites_it_once_committed(
    staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as on_commit:
        response = logged_in(staff).post(
            reverse("admin:agencies_user_add"),
            {"username": "baru", "first_name": "Sri", "last_name": "Lestari", "email": "baru@example.org"},
        )
    assert response.status_code == 302
    created = User.objects.get(username="baru")
    assert not created.has_usable_password()
    assert not created.is_staff
    # Not before the commit: a save refused after it would have invited someone to no account.
    assert mail.outbox == []
    for callback in on_commit:
        callback()
    [invitation] = mail.outbox
    assert invitation.to == ["baru@example.org"]


def membership_inline(prefix="memberships", **row):
    data = {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-0-position": "",
        f"{prefix}-0-phone": "",
        f"{prefix}-0-is_active": "on",
    }
    data.update({f"{prefix}-0-{key}": value for key, value in row.items()})
    return data


def user_form(user):
    return {"username": user.username, "email": user.email, "is_active": "on"}


def test_it_refuses_staff_making_a_liaison_staff(staff, liaison, office):
    response = logged_in(staff).post(
        change_url(liaison),
        {**user_form(liaison), **membership_inline(organisation=office.pk, role="staff")},
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(user=liaison, organisation=office).exists()
    liaison.refresh_from_db()
    assert not liaison.is_staff


def test_it_refuses_staff_making_themselves_administrator(staff, office):
    response = logged_in(staff).post(
        reverse("admin:agencies_membership_add"),
        {"user": staff.pk, "organisation": office.pk, "role": "administrator", "is_active": "on"},
    )
    assert response.status_code == 200
    assert role_of(User.objects.get(pk=staff.pk)) == Role.STAFF


def test_it_refuses_an_administrator_raising_their_own_rights(administrator, office):
    other_office = make_kpu_office()
    response = logged_in(administrator).post(
        reverse("admin:agencies_membership_add"),
        {
            "user": administrator.pk,
            "organisation": other_office.pk,
            "role": "administrator",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "Nobody changes their own rights" in response.text
    assert not Membership.objects.filter(user=administrator, organisation=other_office).exists()


def test_it_refuses_staff_removing_an_administrators_membership(staff, administrator, office):
    membership = administrator.memberships.get()
    client = logged_in(staff)
    assert client.get(reverse("admin:agencies_membership_delete", args=[membership.pk])).status_code == 403
    client.post(reverse("admin:agencies_membership_delete", args=[membership.pk]), {"post": "yes"})
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_it_refuses_staff_demoting_an_administrator_from_the_office_page(staff, administrator, office):
    membership = administrator.memberships.get()
    data = {
        "kind": office.kind,
        "name": office.name,
        "short_name": office.short_name,
        "slug": office.slug,
        "is_active": "on",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "1",
        "memberships-0-id": membership.pk,
        "memberships-0-organisation": office.pk,
        "memberships-0-user": administrator.pk,
        "memberships-0-role": "liaison",
        "memberships-0-is_active": "on",
    }
    response = logged_in(staff).post(reverse("admin:agencies_organisation_change", args=[office.pk]), data)
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.role == "administrator"


def test_it_lets_an_administrator_appoint_staff(administrator, liaison, office):
    response = logged_in(administrator).post(
        change_url(liaison),
        {**user_form(liaison), **membership_inline(organisation=office.pk, role="staff")},
    )
    assert response.status_code == 302
    liaison.refresh_from_db()
    assert liaison.is_staff
    assert role_of(liaison) == Role.STAFF


def test_it_keeps_the_last_administrator(administrator, office):
    other = make_kpu_staff("admin2", office=office, role=Membership.Role.ADMINISTRATOR)
    other_membership = other.memberships.get()
    client = logged_in(administrator)
    client.post(reverse("admin:agencies_membership_delete", args=[other_membership.pk]), {"post": "yes"})
    assert not Membership.objects.filter(pk=other_membership.pk).exists()
    own = administrator.memberships.get()
    assert (
        logged_in(make_staff()).get(reverse("admin:agencies_membership_delete", args=[own.pk])).status_code
        == 403
    )


def action(client, name, users):
    return client.post(
        reverse("admin:agencies_user_changelist"),
        {"action": name, "_selected_action": [user.pk for user in users]},
    )


def test_it_lets_an_administrator_force_a_password_reset_that_ends_sessions(
    administrator, liaison, django_capture_on_commit_callbacks
):
    victim = logged_in(liaison)
    assert victim.get(reverse("portal:tasks")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        action(logged_in(administrator), "force_password_reset", [liaison])
    liaison.refresh_from_db()
    assert not liaison.has_usable_password()
    assert victim.get(reverse("portal:tasks")).status_code == 302
    assert [message.to for message in mail.outbox] == [["penghubung@example.org"]]


def reset_messages(administrator, users):
    client = logged_in(administrator)
    response = client.post(
        reverse("admin:agencies_user_changelist"),
        {"action": "force_password_reset", "_selected_action": [user.pk for user in users]},
        follow=True,
    )
    return [str(message) for message in response.context["messages"]]


def test_a_forced_reset_names_who_was_emailed_and_warns_of_who_cannot_be(administrator, liaison, agency):
    # A reset of an account without an email address locks it out with no link: said, not a bare success.
    unreachable = make_user("tanpa-surel", organisation=agency)
    assert reset_messages(administrator, [liaison, unreachable]) == [
        f"Password reset, sessions ended and a link to set a new one emailed: {liaison.username}.",
        "Password reset and sessions ended, but no link was sent (no email address): tanpa-surel. "
        "Give each an email address, then invite them.",
    ]
    unreachable.refresh_from_db()
    assert not unreachable.has_usable_password()


def test_it_does_not_let_staff_force_a_password_reset(staff, liaison):
    password = liaison.password
    response = action(logged_in(staff), "force_password_reset", [liaison])
    liaison.refresh_from_db()
    assert liaison.password == password
    assert response.status_code in (200, 302, 403)


def test_it_lets_only_an_administrator_remove_a_two_factor_device(staff, administrator, liaison, caplog):
    make_totp_device(liaison)
    action(logged_in(staff), "remove_two_factor", [liaison])
    assert TOTPDevice.objects.filter(user=liaison).exists()
    with caplog.at_level("WARNING", logger="security"):
        action(logged_in(administrator), "remove_two_factor", [liaison])
    assert not TOTPDevice.objects.filter(user=liaison).exists()
    assert any('"event": "mfa_reset"' in line and '"actor": "admin"' in line for line in caplog.messages)


def test_it_ends_sessions_only_of_the_reset_user(administrator, liaison, agency):
    other = make_user("lain", organisation=agency)
    bystander = logged_in(other)
    action(logged_in(administrator), "force_password_reset", [liaison])
    assert bystander.get(reverse("portal:tasks")).status_code == 200
    assert Session.objects.exists()


def test_it_keeps_history_append_only_for_staff(staff):
    assert staff.has_perm("agreements.view_historicalagreement")
    for action_name in ("add", "change", "delete"):
        assert not staff.has_perm(f"agreements.{action_name}_historicalagreement")
        assert not staff.has_perm(f"agencies.{action_name}_historicalmembership")
    assert make_staff().has_perm("agreements.delete_historicalagreement")


def test_it_gives_staff_no_rights_over_groups_or_permissions(staff):
    assert not staff.has_perm("auth.change_group")
    assert not staff.has_perm("auth.change_permission")
    assert not staff.has_perm("agencies.delete_user")


# Four eyes on progress


def test_it_refuses_staff_accepting_their_own_report(staff):
    commitment = make_commitment()
    report = report_submit(commitment=commitment, author=staff, summary="Sudah", claim="done")
    with pytest.raises(ReportRejected) as refused:
        report_accept(report=report, reviewer=staff)
    assert refused.value.code == "own_report"
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED


def test_it_lets_another_staff_member_accept_it_and_records_who(staff, office):
    colleague = make_kpu_staff(office=office)
    commitment = make_commitment()
    report = report_submit(commitment=commitment, author=staff, summary="Sudah", claim="done")
    accepted = report_accept(report=report, reviewer=colleague)
    assert accepted.reviewer == colleague
    commitment.refresh_from_db()
    assert commitment.is_done


def test_it_refuses_a_self_verified_report_in_the_database(staff):
    report = report_submit(commitment=make_commitment(), author=staff, summary="Sudah", claim="done")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReport.objects.filter(pk=report.pk).update(
            status="accepted", reviewer=staff, reviewed_at=report.submitted_at
        )


def assert_accept_refused(client, report, *, status):
    """Accepting ``report`` through the portal answers ``status`` and leaves it awaiting review."""
    response = client.post(
        reverse("portal:report", args=[report.pk]),
        {"decision": "accept", "version": report.version, "comment": ""},
    )
    assert response.status_code == status
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED


def test_it_offers_no_decision_on_their_own_report_in_the_portal(staff):
    report = report_submit(commitment=make_commitment(), author=staff, summary="Sudah", claim="done")
    client = logged_in(staff)
    page = client.get(reverse("portal:report", args=[report.pk])).text
    assert 'value="accept"' not in page
    assert "another KPU staff member must verify it" in page
    assert_accept_refused(client, report, status=400)


@pytest.fixture
def member_of_agency(office, agency):
    """KPU staff who is still a liaison of the agency (a liaison made staff, say)."""
    user = make_kpu_staff("staf-dinas", office=office)
    Membership.objects.create(user=user, organisation=agency, role=Membership.Role.LIAISON)
    return user


@pytest.fixture
def agency_report(office, agency, liaison):
    commitment = make_commitment(make_agreement(kpu=office, agency=agency))
    return report_submit(commitment=commitment, author=liaison, summary="Selesai", claim="done")


def test_it_refuses_staff_accepting_a_report_of_an_agency_they_are_a_member_of(
    member_of_agency, agency_report, staff
):
    with pytest.raises(PermissionDenied):
        report_accept(report=agency_report, reviewer=member_of_agency)
    agency_report.refresh_from_db()
    assert agency_report.status == ProgressReport.Status.SUBMITTED
    assert list(ProgressReport.objects.verifiable_by(member_of_agency)) == []
    # A colleague who is no member of the agency verifies it.
    assert list(ProgressReport.objects.verifiable_by(staff)) == [agency_report]
    assert report_accept(report=agency_report, reviewer=staff).reviewer == staff


def test_it_tells_a_member_of_the_agency_in_the_portal_and_refuses_the_decision(
    member_of_agency, agency_report, staff
):
    title = agency_report.commitment.title
    assert title in logged_in(staff).get(reverse("portal:verify")).text
    client = logged_in(member_of_agency)
    assert title not in client.get(reverse("portal:verify")).text
    page = client.get(reverse("portal:report", args=[agency_report.pk])).text
    assert 'value="accept"' not in page
    assert "You are a member of Dinas Uji" in page
    assert_accept_refused(client, agency_report, status=403)


def test_it_lets_staff_verify_their_office_s_own_commitments_and_other_agencies(office, agency, staff):
    """Only the agency they are a member of is refused: the office's own commitments and others' are not."""
    other_agency = make_organisation(short_name="Dinas Lain", slug="dinas-lain")
    Membership.objects.create(user=staff, organisation=other_agency, role=Membership.Role.LIAISON)
    agreement = make_agreement(kpu=office, agency=agency)
    colleague = make_kpu_staff(office=office)
    reports = [
        report_submit(
            commitment=make_commitment(agreement, responsible=party),
            author=colleague,
            summary="Sudah",
            claim="done",
        )
        for party in (office, agency)
    ]
    assert set(ProgressReport.objects.verifiable_by(staff)) == set(reports)
    for report in reports:
        assert report_accept(report=report, reviewer=staff).reviewer == staff


def test_it_keeps_an_administrator_when_all_are_deleted_at_once(administrator, office):
    other = make_kpu_staff("admin2", office=office, role=Membership.Role.ADMINISTRATOR)
    memberships = [administrator.memberships.get(), other.memberships.get()]
    logged_in(make_staff()).post(
        reverse("admin:agencies_membership_changelist"),
        {"action": "delete_selected", "_selected_action": [m.pk for m in memberships], "post": "yes"},
    )
    assert Membership.objects.filter(pk__in=[m.pk for m in memberships]).count() == 2


def delete_selected(memberships):
    return logged_in(make_staff()).post(
        reverse("admin:agencies_membership_changelist"),
        {"action": "delete_selected", "_selected_action": [m.pk for m in memberships], "post": "yes"},
    )


def two_administrators(office):
    return [
        make_kpu_staff(office=office, role=Membership.Role.ADMINISTRATOR).memberships.get() for _ in range(2)
    ]


def test_it_deletes_none_of_a_selection_that_would_leave_one_of_its_offices_without_an_administrator(office):
    """The selection is checked as a whole: one office keeping an administrator lets no other lose all."""
    emptied, kept = two_administrators(office), two_administrators(make_kpu_office(slug="kpu-lain"))
    delete_selected([*emptied, kept[0]])
    assert Membership.objects.filter(pk__in=[m.pk for m in [*emptied, kept[0]]]).count() == 3


def test_it_deletes_a_selection_that_leaves_each_office_an_administrator(office):
    first, second = two_administrators(office), two_administrators(make_kpu_office(slug="kpu-lain"))
    delete_selected([first[0], second[0]])
    assert not Membership.objects.filter(pk__in=[first[0].pk, second[0].pk]).exists()
