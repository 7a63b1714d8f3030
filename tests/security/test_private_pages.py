"""No cache keeps what one user saw: every response to a logged-in user, and the account holders' sections."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.conftest import client_for
from tests.security.permission_matrix import cases, is_admin
from tests.security.test_permission_matrix import admin_kwargs, admin_url, fetch
from tests.security.urlconf import all_urls

pytestmark = pytest.mark.django_db

PRIVATE = "private, no-store"


def urls_of_the_matrix(world):
    for name, _, _ in all_urls():
        if not is_admin(name):
            for row in cases(name):
                yield reverse(name, kwargs=row.kwargs(world, world.a) if row.kwargs else None)


@pytest.mark.parametrize("role", ["liaison_a", "staff"])
def test_every_page_for_a_logged_in_user_is_private(world, role):
    client = client_for(role, world)

    kept = {
        url: response.get("Cache-Control")
        for url in urls_of_the_matrix(world)
        for response, _ in [fetch(client, url)]
    }

    assert {url: value for url, value in kept.items() if value != PRIVATE} == {}


def test_every_admin_page_is_private(world):
    client = client_for("staff", world)
    kept = {}
    for name, route, pattern in all_urls():
        if is_admin(name):
            url = admin_url(name, route, admin_kwargs(name, pattern, world))
            kept[url] = fetch(client, url)[0].get("Cache-Control")

    assert {url: value for url, value in kept.items() if value != PRIVATE} == {}


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(lambda world: reverse("login"), id="login"),
        pytest.param(lambda world: reverse("password_reset"), id="password-reset"),
        pytest.param(
            lambda world: reverse("password_reset_confirm", args=["MQ", "set-password"]), id="reset-link"
        ),
        pytest.param(lambda world: reverse("admin:login"), id="admin-login"),
        pytest.param(lambda world: reverse("portal:tasks"), id="redirect-to-login"),
        pytest.param(lambda world: reverse("portal:calendar_feed", args=[world.a.feed.token]), id="calendar"),
    ],
)
def test_the_account_pages_are_private_before_login_too(world, url):
    response, _ = fetch(Client(), url(world))

    assert response["Cache-Control"] == PRIVATE


def test_an_anonymous_public_page_keeps_its_own_caching(client):
    response = client.get(reverse("public:agreement_list"))

    assert response["Cache-Control"] == "no-cache"
    assert response.has_header("ETag")


def test_an_anonymous_public_download_is_left_as_its_view_sends_it(world):
    response, _ = fetch(Client(), reverse("public:document_download", args=[world.a.document.pk]))

    assert not response.has_header("Cache-Control")


def test_a_public_document_downloaded_by_staff_is_private(world):
    response, _ = fetch(
        client_for("staff", world), reverse("public:document_download", args=[world.a.document.pk])
    )

    assert response["Cache-Control"] == PRIVATE


def test_a_refusal_by_the_csrf_check_is_private_too(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.a.liaison)

    response = client.post(reverse("set_language"), {"language": "en"})

    assert response.status_code == 403
    assert response["Cache-Control"] == PRIVATE
