"""The admin's "View on site" link (/admin/r/<content type>/<id>/) redirects only for a record the user's
admin shows: another office's record answers 404, as on every other admin page
(kpu_coop.admin_view_on_site)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from agreements.models import Agreement
from tests.conftest import logged_in
from tests.factories import make_agreement, make_kpu_office, make_kpu_staff

pytestmark = pytest.mark.django_db


def view_on_site(client, content_type_id, object_id):
    return client.get(reverse("admin:view_on_site", args=[content_type_id, object_id]))


@pytest.fixture
def agreements():
    return ContentType.objects.get_for_model(Agreement).pk


def test_it_sends_staff_to_their_own_office_s_agreement(agreements):
    own = make_agreement(title="PKS Dukcapil")

    response = view_on_site(logged_in(make_kpu_staff()), agreements, own.pk)

    assert (response.status_code, response["Location"]) == (302, f"http://testserver/agreements/{own.pk}/")


def test_it_answers_404_for_another_office_s_agreement_as_for_one_that_does_not_exist(agreements):
    hidden = make_agreement(kpu=make_kpu_office(slug="kpu-sleman"), title="Draf kantor lain")
    client = logged_in(make_kpu_staff())

    assert view_on_site(client, agreements, hidden.pk).status_code == 404
    assert view_on_site(client, agreements, hidden.pk + 1000).status_code == 404


@pytest.mark.parametrize("object_id", ["abc", "99999999999999999999999", "1.5"])
def test_it_answers_404_for_an_id_no_record_can_have(agreements, object_id):
    assert view_on_site(logged_in(make_kpu_staff()), agreements, object_id).status_code == 404


@pytest.mark.parametrize("content_type_id", [0, 99999, 99999999999999999999999])
def test_it_answers_404_for_a_kind_of_record_that_does_not_exist(content_type_id):
    assert view_on_site(logged_in(make_kpu_staff()), content_type_id, 1).status_code == 404


def test_it_sends_a_visitor_to_the_login_page(client, agreements):
    response = view_on_site(client, agreements, make_agreement().pk)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
