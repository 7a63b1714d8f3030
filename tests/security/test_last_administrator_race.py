"""Two administrators of one office demoting each other at the same moment leave it one administrator: the
second's check waits for the first's change, then counts again (agencies.roles.last_administrator_error)."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from agencies import forms as agency_forms
from agencies.models import Membership
from tests.admin_forms import change_form_data
from tests.concurrency import held_while
from tests.conftest import logged_in
from tests.factories import make_kpu_office, make_kpu_staff


def demotion(administrator, other):
    """``administrator``'s client, and the POST of ``other``'s account page making their office role staff."""
    client = logged_in(administrator)
    url = reverse("admin:agencies_user_change", args=[other.pk])
    data = change_form_data(client.get(url))
    data["memberships-0-role"] = "staff"
    return client, url, data


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers and hides the race")
def test_two_administrators_demoting_each_other_at_once_leave_one(monkeypatch):
    office = make_kpu_office(short_name="KPU Balap", slug="kpu-balap")
    ani = make_kpu_staff("ani", office=office, role=Membership.Role.ADMINISTRATOR)
    budi = make_kpu_staff("budi", office=office, role=Membership.Role.ADMINISTRATOR)
    posts = {"first": demotion(ani, budi), "second": demotion(budi, ani)}
    checked, go_on = threading.Event(), threading.Event()
    check = agency_forms.last_administrator_error

    def first_pauses_after_its_check(*args, **kwargs):
        error = check(*args, **kwargs)
        if threading.current_thread().name == "first" and not checked.is_set():
            checked.set()
            go_on.wait(timeout=20)
        return error

    monkeypatch.setattr(agency_forms, "last_administrator_error", first_pauses_after_its_check)
    answers = {}

    def post():
        name = threading.current_thread().name
        client, url, data = posts[name]
        try:
            answers[name] = client.post(url, data).status_code
        finally:
            connection.close()

    held_while(post, post, holding=checked, go_on=go_on)

    assert answers == {"first": 302, "second": 200}
    administrators = Membership.objects.filter(organisation=office, role="administrator", is_active=True)
    assert list(administrators.values_list("user__username", flat=True)) == ["ani"]
