"""Security headers and cookies on public, portal and admin pages, with production settings over HTTPS."""

import pytest
from django.urls import reverse

from tests.factories import make_published_agreement, make_user

pytestmark = pytest.mark.django_db

PAGES = ["public", "portal", "admin"]


@pytest.fixture
def page(request, production, client, db):
    """A page of each kind, fetched by its reader (a liaison for the portal, verified staff for the admin)."""
    from tests.factories import make_staff

    kind = request.param
    if kind == "public":
        url = reverse("public:agreement_detail", args=[make_published_agreement().pk])
    elif kind == "portal":
        client.force_login(make_user("penghubung"))
        url = reverse("portal:tasks")
    else:
        client.force_login(make_staff())
        url = reverse("admin:agreements_agreement_add")
    response = client.get(url, secure=True, headers={"host": "pks.example.org"})
    assert response.status_code == 200
    return response


def csp(response):
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))


@pytest.mark.parametrize("page", PAGES, indirect=True)
def test_it_sends_a_strict_content_security_policy(page):
    policy = csp(page)
    assert policy["default-src"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"


@pytest.mark.parametrize("page", PAGES, indirect=True)
def test_it_allows_no_inline_code_and_no_eval(page):
    assert "unsafe-inline" not in page["Content-Security-Policy"]
    assert "unsafe-eval" not in page["Content-Security-Policy"]


def test_it_gives_the_admin_inline_tags_the_nonce_of_the_policy(production, client):
    from tests.factories import make_staff

    client.force_login(make_staff())
    response = client.get(reverse("admin:agreements_agreement_changelist"), secure=True)
    nonce = csp(response)["script-src"].split("'nonce-")[1].rstrip("'")
    assert f'nonce="{nonce}"' in response.text


@pytest.mark.parametrize("page", PAGES, indirect=True)
def test_it_asks_browsers_to_use_https_for_a_year_with_subdomains(page):
    assert page["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")


@pytest.mark.parametrize("page", PAGES, indirect=True)
def test_it_forbids_sniffing_framing_and_leaking_the_address(page):
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["X-Frame-Options"] == "DENY"
    assert page["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("page", PAGES, indirect=True)
def test_it_isolates_the_origin(page):
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"
    assert page["Cross-Origin-Resource-Policy"] == "same-origin"


def test_it_sets_host_only_secure_cookies_at_login(production, client):
    make_user("penghubung")
    client.get(reverse("login"), secure=True)
    response = client.post(reverse("login"), {"username": "penghubung", "password": "pw"}, secure=True)
    session = response.cookies["__Host-sessionid"]
    csrf = client.cookies["__Host-csrftoken"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert session["path"] == "/" and not session["domain"]
    assert csrf["secure"] and csrf["samesite"] == "Lax" and csrf["path"] == "/" and not csrf["domain"]


def test_it_keeps_plain_cookies_in_development_so_http_works(client, db):
    make_user("penghubung")
    client.get(reverse("login"))
    response = client.post(reverse("login"), {"username": "penghubung", "password": "pw"})
    assert not response.cookies["sessionid"]["secure"]


def test_it_redirects_plain_http_to_https_in_production(production, client):
    response = client.get(reverse("public:home"), headers={"host": "pks.example.org"})
    assert response.status_code == 301
    assert response["Location"].startswith("https://pks.example.org/")


def test_it_believes_https_only_from_the_trusted_proxy(production, settings, client):
    import ipaddress

    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1")]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    via_proxy = client.get(
        reverse("public:home"), headers={"x-forwarded-proto": "https"}, REMOTE_ADDR="127.0.0.1"
    )
    direct = client.get(
        reverse("public:home"), headers={"x-forwarded-proto": "https"}, REMOTE_ADDR="203.0.113.9"
    )
    assert via_proxy.status_code == 200
    assert direct.status_code == 301
