"""An office keeps one active administrator whatever the path (docs/domain.md, "The last active administrator
of an office cannot be removed or demoted"): unticking an account's "active" flag, deleting several accounts,
or removing several administrators in one save of the office."""

import threading

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import connection
from django.urls import reverse

from agencies.models import Membership, User
from tests.admin_forms import change_form_data
from tests.concurrency import admin_paused_before_saving, held_while_or_before, recorded
from tests.conftest import logged_in
from tests.factories import make_kpu_office, make_kpu_staff, make_staff


def deactivation(actor, account):
    """``actor``'s client, and the POST of ``account``'s page with "active" unticked."""
    client = logged_in(actor)
    url = reverse("admin:agencies_user_change", args=[account.pk])
    data = change_form_data(client.get(url))
    assert data.pop("is_active") == "on"
    return client, url, data


def active_administrators(office):
    return Membership.objects.filter(
        organisation=office, role="administrator", is_active=True, user__is_active=True
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers and hides the race")
def test_two_administrators_deactivating_each_other_at_once_leave_one(monkeypatch):
    """Each check counts the other still active: the second must wait for the first's save, then count."""
    office = make_kpu_office(short_name="KPU Balap", slug="kpu-balap")
    ani = make_kpu_staff("ani", office=office, role=Membership.Role.ADMINISTRATOR)
    budi = make_kpu_staff("budi", office=office, role=Membership.Role.ADMINISTRATOR)
    posts = {"first": deactivation(ani, budi), "second": deactivation(budi, ani)}
    holding, go_on = admin_paused_before_saving(monkeypatch, User)
    answers = {}

    def post():
        client, url, data = posts[threading.current_thread().name]
        return client.post(url, data).status_code

    waited = held_while_or_before(
        recorded(answers, post), recorded(answers, post), holding=holding, go_on=go_on
    )

    # The first save goes through; the second is refused, its form shown again.
    assert answers == {"first": 302, "second": 200}, (answers, waited)
    assert list(active_administrators(office).values_list("user__username", flat=True)) == ["ani"]


@pytest.mark.django_db
def test_a_superuser_cannot_deactivate_the_last_administrator():
    office = make_kpu_office(short_name="KPU Sendiri", slug="kpu-sendiri")
    ani = make_kpu_staff("ani", office=office, role=Membership.Role.ADMINISTRATOR)
    client, url, data = deactivation(make_staff("root"), ani)

    answer = client.post(url, data)

    assert answer.status_code == 200
    assert answer.context["adminform"].form.has_error(NON_FIELD_ERRORS, "not_allowed")
    assert active_administrators(office).count() == 1


@pytest.mark.django_db
def test_a_superuser_cannot_delete_both_administrators_accounts_at_once():
    """Each account's memberships alone may go (the delete page checks them one by one), not both."""
    office = make_kpu_office(short_name="KPU Dua", slug="kpu-dua")
    ani = make_kpu_staff("ani", office=office, role=Membership.Role.ADMINISTRATOR)
    budi = make_kpu_staff("budi", office=office, role=Membership.Role.ADMINISTRATOR)
    client = logged_in(make_staff("root"))
    data = {"action": "delete_selected", "_selected_action": [ani.pk, budi.pk], "post": "yes"}

    answer = client.post(reverse("admin:agencies_user_changelist"), data)

    assert answer.status_code == 403
    assert active_administrators(office).count() == 2


@pytest.mark.django_db
def test_deleting_accounts_of_several_offices_is_refused_when_one_office_would_lose_its_last_administrator():
    """Counted for the whole selection at once: the office that keeps one is no excuse for the other."""
    keeping, losing = make_kpu_office(short_name="KPU Tetap"), make_kpu_office(short_name="KPU Kosong")
    make_kpu_staff("ani", office=keeping, role=Membership.Role.ADMINISTRATOR)
    budi = make_kpu_staff("budi", office=keeping, role=Membership.Role.ADMINISTRATOR)
    citra = make_kpu_staff("citra", office=losing, role=Membership.Role.ADMINISTRATOR)
    client = logged_in(make_staff("root"))
    data = {"action": "delete_selected", "_selected_action": [budi.pk, citra.pk], "post": "yes"}

    answer = client.post(reverse("admin:agencies_user_changelist"), data)

    assert answer.status_code == 403
    assert (active_administrators(keeping).count(), active_administrators(losing).count()) == (2, 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [
        {"memberships-0-DELETE": "on", "memberships-1-DELETE": "on"},
        {"memberships-0-role": "staff", "memberships-1-is_active": ""},
    ],
    ids=["both removed", "one demoted, one made inactive"],
)
def test_removing_or_demoting_both_administrators_in_one_save_of_the_office_is_refused(changes):
    """Each row checked alone would see the other still there."""
    office = make_kpu_office(short_name="KPU Dua", slug="kpu-dua")
    make_kpu_staff("ani", office=office, role=Membership.Role.ADMINISTRATOR)
    make_kpu_staff("budi", office=office, role=Membership.Role.ADMINISTRATOR)
    client = logged_in(make_staff("root"))
    url = reverse("admin:agencies_organisation_change", args=[office.pk])

    answer = client.post(url, change_form_data(client.get(url)) | changes)

    assert answer.status_code == 200
    assert active_administrators(office).count() == 2
