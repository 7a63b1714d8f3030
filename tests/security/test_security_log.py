"""The security log: one JSON object per line on the `security` logger."""

import json
import logging

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from agencies.models import Membership
from tests.factories import make_organisation, make_staff, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(caplog):
    caplog.set_level(logging.INFO, logger="security")

    def read(name=None):
        found = [json.loads(record.getMessage()) for record in caplog.records if record.name == "security"]
        return [event for event in found if name is None or event["event"] == name]

    return read


def test_it_logs_a_login_with_the_address(client, events):
    make_user("penghubung")
    client.post(reverse("login"), {"username": "penghubung", "password": "pw"}, REMOTE_ADDR="198.51.100.7")
    (event,) = events("login")
    assert event["username"] == "penghubung"
    assert event["ip"] == "198.51.100.7"


def test_it_logs_a_failed_login_without_the_password(client, events):
    make_user("penghubung")
    client.post(reverse("login"), {"username": "penghubung", "password": "rahasia-salah"})
    (event,) = events("login_failed")
    assert event["username"] == "penghubung"
    assert "rahasia-salah" not in json.dumps(events())


def test_it_logs_a_lockout(client, events, settings):
    make_user("penghubung")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "penghubung", "password": "salah"})
    (event,) = events("lockout")
    assert event["username"] == "penghubung"


def test_it_logs_a_refused_request(client, events, world):
    client.force_login(world.a.liaison)
    client.post(reverse("portal:report", args=[world.a.report.pk]), {"decision": "accept", "version": 1})
    (event,) = events("access_denied")
    assert event["actor"] == "liaison_a"
    assert event["path"] == reverse("portal:report", args=[world.a.report.pk])


def test_it_logs_staff_rights_given_in_the_admin_with_who_gave_them(client, events):
    admin_user = make_staff("admin_kpu")
    user = make_user("penghubung")
    client.force_login(admin_user)
    client.post(
        reverse("admin:agencies_user_change", args=[user.pk]),
        {
            "username": "penghubung",
            "is_active": "on",
            "is_staff": "on",
            "date_joined_0": "2024-01-01",
            "date_joined_1": "00:00:00",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    (event,) = events("user_flags_changed")
    assert event["username"] == "penghubung"
    assert event["changes"] == {"is_staff": [False, True]}
    assert event["actor"] == "admin_kpu"


def test_it_logs_superuser_changes_made_anywhere(events):
    user = make_user("penghubung")
    user.is_superuser = True
    user.save()
    assert events("user_flags_changed")[0]["changes"] == {"is_superuser": [False, True]}


def test_it_does_not_log_a_save_that_changes_no_rights(events):
    user = make_user("penghubung")
    user.first_name = "Sri"
    user.save()
    assert events("user_flags_changed") == []


def test_it_logs_groups_and_permissions(events):
    user = make_user("penghubung")
    group = Group.objects.create(name="Verifikator")
    permission = Permission.objects.get(codename="change_agreement")
    user.groups.add(group)
    user.user_permissions.add(permission)
    group.permissions.add(permission)
    assert events("user_groups_changed")[0]["items"] == ["Verifikator"]
    assert events("user_permissions_changed")[0]["username"] == "penghubung"
    assert events("group_permissions_changed")[0]["group"] == "Verifikator"


def test_it_does_not_log_giving_a_group_the_user_already_has(events):
    user = make_user("penghubung")
    group = Group.objects.create(name="Verifikator")
    user.groups.add(group)
    user.groups.add(group)
    assert len(events("user_groups_changed")) == 1


def test_it_logs_memberships_that_open_an_agencys_data(events):
    user = make_user("penghubung")
    membership = Membership.objects.create(user=user, organisation=make_organisation(short_name="Dukcapil"))
    membership.delete()
    assert events("membership_added")[0]["organisation"] == "Dukcapil"
    assert events("membership_removed")[0]["username"] == "penghubung"


def test_it_logs_two_factor_resets(events):
    from tests.factories import make_totp_device

    make_totp_device(make_staff("kpu"))
    call_command("reset_mfa", "kpu", stdout=__import__("io").StringIO())
    assert events("mfa_device_removed")[0]["username"] == "kpu"
    assert events("mfa_reset")[0]["devices"] == 1
