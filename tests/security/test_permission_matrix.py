"""Every URL by (anonymous, liaison of agency A, liaison of agency B, staff) against permission_matrix.py."""

import re
from urllib.parse import urlparse

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import resolve_url
from django.urls import reverse

from agreements.models import Agreement
from tests.security.conftest import client_for
from tests.security.permission_matrix import (
    LOGIN,
    MATRIX,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    ROLES,
    cases,
    is_admin,
)
from tests.security.urlconf import all_urls


def outcome(response, *, login_path):
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        return LOGIN if urlparse(response["Location"]).path == login_path else REDIRECT
    return {200: OK, 404: NOT_FOUND, 405: NOT_ALLOWED}.get(status, str(status))


def fetch(client, url):
    response = client.get(url)
    # Reading a streamed download to the end closes its file (the test client wraps it so); close() would
    # also send request_finished, which closes the test's database connection.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body.decode("utf-8", "replace")


def test_it_has_a_row_for_every_url():
    missing = sorted(
        f"{name} ({route})" for name, route, _ in all_urls() if not is_admin(name) and name not in MATRIX
    )
    assert not missing, "No row in tests/security/permission_matrix.py for: " + ", ".join(missing)


def test_it_has_no_row_for_a_url_that_is_gone():
    names = {name for name, _, _ in all_urls()}
    assert not sorted(set(MATRIX) - names)


def test_it_answers_every_url_as_the_matrix_says(world):
    clients = {role: client_for(role, world) for role in ROLES}
    login_path = resolve_url("login")
    wrong = []
    for name, _, _ in all_urls():
        if is_admin(name):
            continue
        for row in cases(name):
            url = reverse(name, kwargs=row.kwargs(world, world.a) if row.kwargs else None)
            for role in ROLES:
                got = outcome(fetch(clients[role], url)[0], login_path=login_path)
                if got != row.expected[role]:
                    wrong.append(
                        f"{name} {row.label} {url} as {role}: expected {row.expected[role]}, got {got}"
                    )
    assert not wrong, "\n".join(wrong)


def test_it_never_shows_agency_b_objects_to_a_liaison_of_agency_a(world):
    client = client_for("liaison_a", world)
    login_path = resolve_url("login")
    wrong = []
    for name, _, _ in all_urls():
        if is_admin(name):
            continue
        for row in cases(name):
            sides = [world.a, world.b] if row.kwargs else [world.a]
            for side in sides:
                url = reverse(name, kwargs=row.kwargs(world, side) if row.kwargs else None)
                response, body = fetch(client, url)
                leaked = [secret for secret in world.b.secrets if secret in body]
                if leaked:
                    wrong.append(f"{url} shows agency B's {leaked}")
                if side is world.b and not row.not_scoped:
                    # The world is symmetric: A's liaison on B's object is B's liaison on A's.
                    got = outcome(response, login_path=login_path)
                    if got != row.expected["liaison_b"]:
                        wrong.append(f"{name} {url}: expected {row.expected['liaison_b']}, got {got}")
    assert not wrong, "\n".join(wrong)


def admin_url(name, route, kwargs):
    if isinstance(kwargs, list):
        return reverse(name, args=kwargs)
    if name != route:
        return reverse(name, kwargs=kwargs)
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: kwargs[match.group(1)], route)


def admin_models():
    return {
        f"admin:{model._meta.app_label}_{model._meta.model_name}_": model for model in admin.site._registry
    }


def admin_kwargs(name, pattern, world):
    model = next((model for prefix, model in admin_models().items() if name.startswith(prefix)), None)
    regex = pattern.pattern.regex
    if regex.groups and not regex.groupindex:
        # django-simple-history's re_path(): (object id, history id).
        first = model._base_manager.order_by("pk").first()
        record = model.history.order_by("history_id").first() if hasattr(model, "history") else None
        return [str(first.pk if first else 1), str(record.history_id if record else 1)][: regex.groups]
    kwargs = {}
    for key in pattern.pattern.converters or regex.groupindex:
        if key in ("object_id", "pk") and model is not None:
            first = model._base_manager.order_by("pk").first()
            kwargs[key] = str(first.pk) if first else "1"
        elif key == "object_id":
            kwargs[key] = str(world.a.draft.pk)
        elif key == "content_type_id":
            kwargs[key] = str(ContentType.objects.get_for_model(Agreement).pk)
        elif key == "app_label":
            kwargs[key] = "agreements"
        elif key in ("version_id", "history_id") and model is not None and hasattr(model, "history"):
            record = model.history.order_by("history_id").first()
            kwargs[key] = str(record.history_id if record else 1)
        else:
            kwargs[key] = "1"
    return kwargs


KPU_ROLES = ("staff", "administrator", "superuser")
INSTALLATION_ADMIN = ("admin:auth_", "admin:otp_totp_", "admin:axes_")


def test_it_keeps_every_admin_url_for_staff(world):
    clients = {role: client_for(role, world) for role in ROLES}
    # A server error is a finding to list with the others, not a reason to stop.
    for role in KPU_ROLES:
        clients[role].raise_request_exception = False
    admin_urls = [(name, route, pattern) for name, route, pattern in all_urls() if is_admin(name)]
    wrong = []
    for name, route, pattern in admin_urls:
        url = admin_url(name, route, admin_kwargs(name, pattern, world))
        for role in ("anonymous", "liaison_a", "liaison_b"):
            response, _ = fetch(clients[role], url)
            # The admin sends everyone but staff to its login page (or its index, which does the same).
            sent_away = response.status_code == 302 and urlparse(response["Location"]).path.startswith(
                "/admin/"
            )
            if not sent_away and response.status_code not in (404, 405) and name != "admin:login":
                wrong.append(f"{name} {url} as {role}: {response.status_code}")
        for role in KPU_ROLES:
            status = fetch(clients[role], url)[0].status_code
            if status >= 500:
                wrong.append(f"{name} {url} as {role}: {status}")
            # Groups, permissions and two-factor devices are the installation's (superuser's) business.
            if (
                role != "superuser"
                and name.startswith(INSTALLATION_ADMIN)
                and status not in (302, 403, 404, 405)
            ):
                wrong.append(f"{name} {url} as {role}: {status}, expected a refusal")
    assert len(admin_urls) > 50
    assert not wrong, "\n".join(wrong)
