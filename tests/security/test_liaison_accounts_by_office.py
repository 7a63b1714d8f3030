"""Liaison accounts belong to offices: an agency's liaisons are managed, and its members read, only by the
office the agency belongs to (its region's, or for an agency with no region the offices with no region it has
an agreement with), so that no office can make an account of its own a liaison of another office's agency
and read that agency's tasks there. The world: office "kpu-uji" with agencies A and B; office "kpu-lain"
below a province, with agency C (tests/security/conftest.py)."""

from datetime import date

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.urls import reverse
from django.utils.translation import override

from agencies.invitations import invited_by_from_admin_log
from agencies.models import Membership, Region, User
from agencies.roles import membership_grant_error
from agreements.models import ReminderLog
from tests.conftest import logged_in
from tests.factories import make_agreement, make_commitment, make_organisation, make_user
from tests.security.conftest import choose_english, client_for

ANOTHER_OFFICE_S_AGENCY = "This agency belongs to another KPU office, whose staff manage its liaisons."


def user_pages(client, liaison):
    """What the account pages show of ``liaison``: found in the list, its change page, the user search."""
    listing = client.get(reverse("admin:agencies_user_changelist")).content.decode()
    change = client.get(reverse("admin:agencies_user_change", args=[liaison.pk])).status_code
    query = {
        "term": liaison.username,
        "app_label": "agencies",
        "model_name": "membership",
        "field_name": "user",
    }
    found = client.get(reverse("admin:autocomplete"), query).json()["results"]
    return {
        "listed": f"/{liaison.pk}/change/" in listing,
        "change page": change,
        "searched": any(result["id"] == str(liaison.pk) for result in found),
    }


def membership_pages(client, membership):
    listing = client.get(reverse("admin:agencies_membership_changelist")).content.decode()
    agency_page = client.get(reverse("admin:agencies_organisation_change", args=[membership.organisation_id]))
    return {
        "listed": f"/{membership.pk}/change/" in listing,
        "on the agency's page": membership.phone in agency_page.content.decode(),
    }


@pytest.fixture
def liaison_c(offices):
    membership = Membership.objects.get(user=offices["side"].liaison)
    membership.phone = "0812-3456-7890"
    membership.save()
    return membership


@pytest.mark.parametrize("role", ["staff", "administrator"])
def test_another_office_s_liaisons_are_not_found(world, offices, liaison_c, role):
    client = client_for(role, world)
    assert user_pages(client, liaison_c.user) == {"listed": False, "change page": 302, "searched": False}
    assert membership_pages(client, liaison_c) == {"listed": False, "on the agency's page": False}


def test_their_own_office_finds_and_manages_them(offices, liaison_c):
    client = logged_in(offices["other_staff"])
    assert user_pages(client, liaison_c.user) == {"listed": True, "change page": 200, "searched": True}
    assert membership_pages(client, liaison_c) == {"listed": True, "on the agency's page": True}


def test_the_province_reads_its_regencies_agencies_members_but_manages_no_account(offices, liaison_c):
    client = logged_in(offices["province_staff"])
    assert membership_pages(client, liaison_c)["listed"]
    assert user_pages(client, liaison_c.user)["change page"] == 302


def test_nobody_makes_their_account_a_liaison_of_another_office_s_agency(world, offices):
    agency_c, own_account = offices["side"].agency, world.a.liaison
    with override("en"):
        for actor in (world.staff, world.administrator):
            error = membership_grant_error(
                actor=actor, user=own_account, organisation=agency_c, role="liaison"
            )
            assert error == ANOTHER_OFFICE_S_AGENCY
        own = membership_grant_error(
            actor=offices["other_staff"], user=make_user(), organisation=agency_c, role="liaison"
        )
    assert own in (None, "You may not change this person's rights.")


def test_the_admin_refuses_it_with_that_message(world, offices):
    client = choose_english(client_for("staff", world))
    data = {"user": world.a.liaison.pk, "organisation": offices["side"].agency.pk, "role": "liaison"}
    response = client.post(reverse("admin:agencies_membership_add"), {**data, "is_active": "on"})
    assert response.status_code == 200
    assert ANOTHER_OFFICE_S_AGENCY in response.content.decode()
    assert not Membership.objects.filter(user=world.a.liaison, organisation=offices["side"].agency).exists()


def test_staff_change_only_their_own_office_s_agencies(world, offices):
    agency_c = offices["side"].agency
    url = reverse("admin:agencies_organisation_change", args=[agency_c.pk])
    assert client_for("staff", world).post(url, {"short_name": "Diganti"}).status_code == 403
    page = logged_in(offices["other_staff"]).get(url)
    assert page.context["has_change_permission"]


@pytest.fixture
def regions(world, offices):
    """The other office and agency C in one regency (Bantul); office "kpu-uji" and agencies A and B in another
    (Sleman)."""
    bantul, sleman = Region.objects.get(code="34.02"), Region.objects.get(code="34.04")
    for record, region in [
        (offices["other"], bantul),
        (offices["side"].agency, bantul),
        (world.a.published.office, sleman),
        (world.a.agency, sleman),
        (world.b.agency, sleman),
    ]:
        record.region = region
        record.save()


@pytest.mark.usefixtures("regions")
def test_a_regency_s_agency_belongs_to_its_office_not_to_whoever_signs_with_it(world, offices):
    agency_c = offices["side"].agency
    make_agreement(kpu=world.a.published.office, agency=agency_c)  # kpu-uji makes C a party
    with override("en"):
        error = membership_grant_error(
            actor=world.staff, user=world.a.liaison, organisation=agency_c, role="liaison"
        )
    assert error == ANOTHER_OFFICE_S_AGENCY
    assert user_pages(logged_in(offices["other_staff"]), offices["side"].liaison)["listed"]


def test_an_agency_with_no_region_belongs_to_the_offices_with_no_region_it_signs_with(world, offices):
    """As KPU RI's national bodies, or a training office's invented ones (the world's offices have none)."""
    agency = make_organisation(short_name="Dinas Tanpa Wilayah")
    liaison = make_user("liaison_tanpa_wilayah", organisation=agency)
    client = client_for("staff", world)
    assert not user_pages(client, liaison)["listed"]
    make_agreement(kpu=world.a.published.office, agency=agency)
    assert user_pages(client, liaison) == {"listed": True, "change page": 200, "searched": True}


@pytest.mark.usefixtures("regions")
def test_an_office_with_a_region_does_not_adopt_an_agency_with_no_region_by_signing_with_it(world, offices):
    """Else kpu-lain's agency with no region became kpu-uji's too, its liaisons theirs to manage."""
    agency = make_organisation(short_name="Dinas Tanpa Wilayah")
    liaison = make_user("liaison_tanpa_wilayah", organisation=agency)
    make_agreement(kpu=world.a.published.office, agency=agency)  # kpu-uji, in Sleman
    assert user_pages(client_for("staff", world), liaison) == {
        "listed": False,
        "change page": 302,
        "searched": False,
    }
    with override("en"):
        error = membership_grant_error(
            actor=world.staff, user=world.a.liaison, organisation=agency, role="liaison"
        )
    assert error == ANOTHER_OFFICE_S_AGENCY


def agency_form(region, **fields):
    return {
        "kind": "agency",
        "name": "Dinas Baru Kabupaten",
        "short_name": "Dinas Baru",
        "slug": "dinas-baru",
        "region": region.pk if region else "",
        "is_active": "on",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        **fields,
    }


@pytest.mark.usefixtures("regions")
@pytest.mark.parametrize("code, saved", [("34.02", True), ("34.04", False), (None, False)])
def test_staff_give_a_new_agency_their_own_office_s_region(offices, code, saved):
    """kpu-lain serves Bantul (34.02): an agency of Sleman, or of no region, is not theirs once saved."""
    region = Region.objects.get(code=code) if code else None
    client = choose_english(logged_in(offices["other_staff"]))
    response = client.post(reverse("admin:agencies_organisation_add"), agency_form(region))
    assert (response.status_code == 302) == saved
    if not saved:
        assert (
            "Give the agency your office's region" in response.context["adminform"].form.errors["region"][0]
        )


@pytest.mark.usefixtures("regions")
def test_staff_do_not_move_their_agency_to_another_office_s_region(offices):
    agency_c, sleman = offices["side"].agency, Region.objects.get(code="34.04")
    url = reverse("admin:agencies_organisation_change", args=[agency_c.pk])
    client = logged_in(offices["other_staff"])
    fields = {"name": agency_c.name, "short_name": "Diganti", "slug": agency_c.slug}
    assert client.post(url, agency_form(sleman, **fields)).status_code == 200
    assert client.post(url, agency_form(agency_c.region, **fields)).status_code == 302
    agency_c.refresh_from_db()
    assert (agency_c.short_name, agency_c.region.code) == ("Diganti", "34.02")


@override_settings(SINGLE_OFFICE=True)
@pytest.mark.usefixtures("regions")
def test_an_installation_of_one_office_gives_an_agency_any_region(offices):
    response = logged_in(offices["other_staff"]).post(
        reverse("admin:agencies_organisation_add"), agency_form(Region.objects.get(code="34.04"))
    )
    assert response.status_code == 302


def test_a_new_account_belongs_to_the_office_of_whoever_created_it(world, offices):
    client = client_for("staff", world)
    data = {"username": "baru", "first_name": "Akun", "last_name": "Baru", "email": "baru@example.org"}
    response = client.post(reverse("admin:agencies_user_add"), data)
    created = User.objects.get(username="baru")
    assert response.status_code == 302 and created.invited_by == world.staff
    assert user_pages(client_for("administrator", world), created)["change page"] == 200
    assert user_pages(logged_in(offices["other_staff"]), created) == {
        "listed": False,
        "change page": 302,
        "searched": False,
    }


def test_an_account_added_before_invited_by_belongs_to_whoever_the_admin_log_names(world, offices):
    """Migration agencies/0008: such an account, with no membership, was managed by no office."""
    old, unlogged = make_user("akun_lama"), make_user("akun_tanpa_catatan")
    LogEntry.objects.log_actions(user_id=world.staff.pk, queryset=[old], action_flag=ADDITION)
    client = client_for("staff", world)
    assert not user_pages(client, old)["listed"]
    assert invited_by_from_admin_log(User, LogEntry, ContentType) == 1
    assert user_pages(client, old) == {"listed": True, "change page": 200, "searched": True}
    assert not user_pages(logged_in(offices["other_staff"]), old)["listed"]
    assert User.objects.get(pk=unlogged.pk).invited_by is None


@override_settings(SINGLE_OFFICE=True)
def test_an_installation_of_one_office_keeps_every_agency(world, offices, liaison_c):
    client = client_for("staff", world)
    assert user_pages(client, liaison_c.user) == {"listed": True, "change page": 200, "searched": True}


@pytest.mark.usefixtures("regions")
def test_a_new_agency_is_offered_the_region_of_its_creator_s_office(offices):
    page = logged_in(offices["other_staff"]).get(reverse("admin:agencies_organisation_add"))
    assert page.context["adminform"].form.initial["region"] == Region.objects.get(code="34.02").pk


@pytest.mark.parametrize("page", ["history", "history version"])
def test_nor_is_their_membership_s_history(world, offices, liaison_c, page):
    url = reverse("admin:agencies_membership_history", args=[liaison_c.pk])
    if page == "history version":
        version = liaison_c.history.latest()
        url = reverse("admin:agencies_membership_simple_history", args=[liaison_c.pk, version.history_id])
    assert client_for("staff", world).get(url).status_code == 404
    assert logged_in(offices["other_staff"]).get(url).status_code == 200


@pytest.mark.parametrize(
    "add_page", ["admin:agencies_membership_add", "admin:agreements_commitmentassignment_add"]
)
def test_an_add_page_does_not_name_another_office_s_liaison_by_id(world, liaison_c, add_page):
    response = client_for("staff", world).get(reverse(add_page), {"user": liaison_c.user_id})
    assert response.status_code == 200
    assert liaison_c.user.username not in response.content.decode()


def test_an_add_page_still_names_their_own_liaison(world):
    response = client_for("staff", world).get(
        reverse("admin:agencies_membership_add"), {"user": world.a.liaison.pk}
    )
    assert world.a.liaison.username in response.content.decode()


def test_the_account_list_names_only_memberships_they_read(world, liaison_c):
    shared = liaison_c.user  # a liaison of C (kpu-lain's) who also acts for A (kpu-uji's)
    Membership.objects.create(user=shared, organisation=world.a.agency, role="liaison")
    client = client_for("staff", world)
    url = reverse("admin:agencies_user_changelist")
    listing = client.get(url).content.decode()
    assert f"/{shared.pk}/change/" in listing and "Dinas C" not in listing
    by_agency = client.get(url, {"memberships__organisation__id__exact": liaison_c.organisation_id})
    assert by_agency.status_code == 302 and by_agency.url.endswith("?e=1")


def test_a_past_liaison_of_theirs_now_another_office_s_is_no_longer_theirs(world, liaison_c):
    Membership.objects.create(
        user=liaison_c.user, organisation=world.a.agency, role="liaison", is_active=False
    )
    assert user_pages(client_for("staff", world), liaison_c.user)["change page"] == 302
    liaison_c.is_active = False
    liaison_c.save()  # active nowhere now: the offices it worked for manage it
    assert user_pages(client_for("staff", world), liaison_c.user)["change page"] == 200


def test_an_account_created_by_a_former_colleague_is_not_theirs(world, offices):
    mover = offices["other_staff"]  # once staff of kpu-uji, now of kpu-lain
    Membership.objects.create(
        user=mover, organisation=world.a.published.office, role="staff", is_active=False
    )
    data = {"username": "baru_lain", "first_name": "Akun", "last_name": "Lain", "email": "lain@example.org"}
    assert logged_in(mover).post(reverse("admin:agencies_user_add"), data).status_code == 302
    created = User.objects.get(username="baru_lain")
    assert user_pages(client_for("staff", world), created)["listed"] is False


def test_the_reminder_log_is_not_searched_by_email(world, liaison_c):
    liaison_c.user.email = "rahasia.narahubung@dinas-c.example"
    liaison_c.user.save()
    due = date(2024, 1, 10)
    ReminderLog.objects.create(
        commitment=world.a.commitment, recipient=liaison_c.user, threshold="7d", due_on=due, period=due
    )
    url = reverse("admin:agreements_reminderlog_changelist")
    found = client_for("staff", world).get(url, {"q": "rahasia.narahubung"}).content.decode()
    assert liaison_c.user.username not in found


@pytest.mark.usefixtures("regions")
def test_a_party_s_liaison_from_another_region_is_assigned_but_not_managed(world, offices, liaison_c):
    """kpu-uji signs with agency C (kpu-lain's region): its staff may find and assign C's liaison to a
    commitment C is responsible for, and still not manage the account."""
    commitment = make_commitment(make_agreement(kpu=world.a.published.office, agency=offices["side"].agency))
    client = client_for("staff", world)
    query = {"term": "liaison_c", "app_label": "agreements", "model_name": "commitmentassignment"}
    found = client.get(reverse("admin:autocomplete"), {**query, "field_name": "user"}).json()["results"]
    assert [result["id"] for result in found] == [str(liaison_c.user_id)]
    data = {"commitment": commitment.pk, "user": liaison_c.user_id}
    assert client.post(reverse("admin:agreements_commitmentassignment_add"), data).status_code == 302
    assert commitment.assignees.get() == liaison_c.user
    assert user_pages(client, liaison_c.user) == {"listed": False, "change page": 302, "searched": False}
