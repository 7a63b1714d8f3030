import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from agreements.models import Agreement
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

MODELS = [model for model in admin.site._registry if model._meta.app_label in {"agencies", "agreements"}]


@pytest.fixture
def staff_client(client):
    call_command("load_demo")
    client.force_login(make_staff())
    return client


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


# Made only by the portal's report workflow and the reminder command, or loaded as reference data
# (manage.py load_regions): the admin shows them but adds none.
WORKFLOW_ONLY = {
    "agreements.ProgressReport",
    "agreements.Evidence",
    "agreements.ReminderLog",
    "agencies.Region",
}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_it_loads_every_changelist_add_and_change_page(staff_client, model):
    assert staff_client.get(admin_url(model, "changelist")).status_code == 200
    expected = 403 if model._meta.label in WORKFLOW_ONLY else 200
    assert staff_client.get(admin_url(model, "add")).status_code == expected
    first = model.objects.first()
    if first is not None:
        assert staff_client.get(admin_url(model, "change", first.pk)).status_code == 200
        assert staff_client.get(admin_url(model, "history", first.pk)).status_code == 200


def test_it_speaks_indonesian_to_staff(staff_client):
    page = staff_client.get(admin_url(Agreement, "changelist")).content.decode()
    assert "Perjanjian" in page
    assert "Terbitkan perjanjian yang dipilih" in page


def test_it_shows_a_pks_with_its_parties_numbers_date_and_focus_area(staff_client):
    pks = Agreement.objects.get(kind=Agreement.Kind.PKS, parties__organisation__slug="dukcapil")
    page = staff_client.get(admin_url(Agreement, "change", pks.pk)).content.decode()
    assert ">KPU Kabupaten Bantul</option>" in page
    assert ">Dukcapil</option>" in page
    assert 'name="parties-0-number"' in page
    assert 'value="28-12-2022"' in page
    assert "Pemutakhiran data pemilih</option>" in page


def test_it_publishes_and_unpublishes_from_the_changelist(staff_client):
    pks = Agreement.objects.filter(kind=Agreement.Kind.PKS).first()
    url = admin_url(Agreement, "changelist")
    staff_client.post(url, {"action": "unpublish", "_selected_action": [pks.pk]})
    pks.refresh_from_db()
    assert not pks.is_published
    staff_client.post(url, {"action": "publish", "_selected_action": [pks.pk]})
    pks.refresh_from_db()
    assert pks.is_published
