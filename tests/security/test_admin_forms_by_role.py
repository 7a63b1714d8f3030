"""Every admin form, opened as each KPU role: which fields it shows, and what a POST of others changes.

Records (agreements, organisations, ...) look the same to staff, administrators and superusers; accounts do
not: only a superuser sees rights fields, and nobody sees a password field.
"""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from agencies.models import Membership, Organisation, User
from tests.conftest import TwoFactorClient
from tests.factories import make_kpu_staff, make_staff, make_user

pytestmark = pytest.mark.django_db

MODELS = [model for model in admin.site._registry if model._meta.app_label in {"agencies", "agreements"}]
RIGHTS_FIELDS = {"is_superuser", "is_staff", "groups", "user_permissions", "password"}
# Set by the workflow and the history, never typed in a form.
WORKFLOW_FIELDS = {"reviewer", "reviewed_at", "history_user", "history_date", "version"}
WORKFLOW_ONLY = {
    "agreements.ProgressReport",
    "agreements.Evidence",
    "agreements.ReminderLog",
    "agencies.Region",
}
KPU_ROLES = ("staff", "administrator", "superuser")


@pytest.fixture
def clients():
    call_command("load_demo", verbosity=0)
    office = Organisation.objects.get(slug="kpu-bantul")
    users = {
        "staff": make_kpu_staff("staf-uji", office=office),
        "administrator": make_kpu_staff("admin-uji", office=office, role=Membership.Role.ADMINISTRATOR),
        "superuser": make_staff("root-uji"),
    }
    result = {}
    for role, user in users.items():
        result[role] = TwoFactorClient()
        result[role].force_login(user)
    return result


def shown_fields(response):
    """Every editable field of the main form and of each inline form on an admin page."""
    fields = set(response.context["adminform"].form.fields)
    for inline in response.context["inline_admin_formsets"]:
        if inline.has_change_permission or inline.has_add_permission:
            fields |= {f"{inline.formset.prefix}.{name}" for name in inline.formset.empty_form.fields}
    return fields


def bare(fields):
    return {name.rpartition(".")[2] for name in fields}


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def sample(model):
    if model is User:
        return make_user("contoh-penghubung", organisation=Organisation.objects.filter(kind="agency").first())
    if model is Membership:
        # One that every KPU role may change; staff memberships are read-only to staff (tested below).
        return Membership.objects.filter(role=Membership.Role.LIAISON).order_by("pk").first()
    if model is Organisation:
        # An agency; a KPU office's place in the hierarchy is the superuser's alone (test_office_matrix.py).
        return Organisation.objects.filter(kind="agency").order_by("pk").first()
    records = model.objects.order_by("pk")
    path = getattr(admin.site._registry[model], "office_path", None)
    # The demo's records that these Bantul accounts keep (the training office's are another tenant's).
    return (records.filter(**{f"{path}__slug": "kpu-bantul"}) if path else records).first()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_it_shows_records_alike_to_every_kpu_role_and_no_rights_or_workflow_fields(clients, model):
    record = sample(model)
    seen = {}
    for role in KPU_ROLES:
        views = [("add",)] if model._meta.label not in WORKFLOW_ONLY else []
        if record is not None:
            views.append(("change", record.pk))
        for view, *args in views:
            response = clients[role].get(admin_url(model, view, *args))
            assert response.status_code == 200, (role, view)
            fields = shown_fields(response)
            seen[(role, view)] = fields
            assert not bare(fields) & WORKFLOW_FIELDS, (role, view)
            if role != "superuser":
                assert not bare(fields) & RIGHTS_FIELDS, (role, view)
    if model is not User:
        for view in {view for _role, view in seen}:
            assert seen[("staff", view)] == seen[("administrator", view)] == seen[("superuser", view)], view


def test_it_shows_each_role_its_own_account_fields(clients):
    liaison = sample(User)
    expected = {
        # The address of an account in use opens it (password resets): administrators change it.
        "staff": {"username", "first_name", "last_name", "is_active"},
        "administrator": {"username", "first_name", "last_name", "email", "is_active"},
        "superuser": {
            "username",
            "first_name",
            "last_name",
            "email",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
        },
    }
    for role in KPU_ROLES:
        response = clients[role].get(admin_url(User, "change", liaison.pk))
        assert set(response.context["adminform"].form.fields) == expected[role], role
        add = clients[role].get(admin_url(User, "add"))
        assert set(add.context["adminform"].form.fields) == {"username", "first_name", "last_name", "email"}


def test_it_offers_each_role_only_the_membership_roles_it_may_grant(clients):
    expected = {
        "staff": {"liaison", "head"},
        "administrator": {"liaison", "head", "staff", "administrator"},
        "superuser": {"liaison", "head", "staff", "administrator"},
    }
    for role in KPU_ROLES:
        form = clients[role].get(admin_url(Membership, "add")).context["adminform"].form
        assert {value for value, _label in form.fields["role"].choices if value} == expected[role], role


@pytest.mark.parametrize("role", ["staff", "administrator"])
def test_it_ignores_rights_and_passwords_posted_to_an_account(clients, role):
    liaison = sample(User)
    password = liaison.password
    response = clients[role].post(
        admin_url(User, "change", liaison.pk),
        {
            "username": liaison.username,
            "email": "baru@example.org",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": "1",
            "user_permissions": "1",
            "password": "pbkdf2_sha256$1$x$y",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    liaison.refresh_from_db()
    # Staff may not change the address of an account in use (test_account_email.py); administrators may.
    assert (liaison.email == "baru@example.org") == (role != "staff")
    assert (liaison.is_staff, liaison.is_superuser, liaison.password) == (False, False, password)
    assert not liaison.groups.exists()
    assert not liaison.user_permissions.exists()


def test_it_shows_staff_a_colleagues_membership_read_only(clients):
    staff_membership = Membership.objects.get(user__username="kpu")
    response = clients["staff"].get(admin_url(Membership, "change", staff_membership.pk))
    assert response.status_code == 200
    assert not response.context["adminform"].form.fields
    assert (
        clients["administrator"]
        .get(admin_url(Membership, "change", staff_membership.pk))
        .context["adminform"]
        .form.fields
    )


def test_it_names_permissions_in_the_users_language(clients):
    liaison = sample(User)
    form = clients["superuser"].get(admin_url(User, "change", liaison.pk)).context["adminform"].form
    labels = [label for _value, label in form.fields["user_permissions"].choices]
    assert "Perjanjian: dapat mengubah" in labels


def test_the_account_list_names_its_columns_in_indonesian(clients, settings):
    settings.LANGUAGE_CODE = "id"
    page = clients["staff"].get(admin_url(User, "changelist")).content.decode()
    assert "Get full name" not in page
    assert ">Nama<" in page or ">nama<" in page.lower()


def test_a_group_s_permissions_read_as_on_the_user_form(clients, settings):
    settings.LANGUAGE_CODE = "id"
    page = clients["superuser"].get(reverse("admin:auth_group_add")).content.decode()
    assert "Can add commitment" not in page
    assert "Kewajiban: dapat menambah" in page


def test_a_history_table_s_permissions_read_as_its_record_s_history(clients, settings):
    settings.LANGUAGE_CODE = "id"
    page = clients["superuser"].get(reverse("admin:auth_group_add")).content.decode()
    assert "istorical" not in page
    assert "Riwayat keanggotaan: dapat melihat" in page
