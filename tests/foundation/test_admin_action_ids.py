"""An admin action posted with a selection that is not record ids (a crafted or broken form) does nothing:
the change list comes back with Django's "select items" warning, in the user's language, never an error."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse

from agencies.models import Organisation, User
from agreements.models import Agreement, Commitment
from tests.factories import make_agreement, make_commitment, make_organisation, make_staff, make_user

pytestmark = pytest.mark.django_db

# Django's own message when nothing is selected, from its Indonesian catalogue.
WARNING = "Objek harus dipilih sebelum dimanipulasi. Tidak ada objek yang berubah."
WARNING_EN = "Items must be selected in order to perform actions on them. No items have been changed."

MAKERS = {
    Agreement: make_agreement,
    Commitment: make_commitment,
    Organisation: make_organisation,
    User: make_user,
}
ACTIONS = [
    (Agreement, "delete_selected"),
    (Agreement, "unpublish"),
    (Agreement, "export_selected_csv"),
    (Agreement, "export_selected_xlsx"),
    (Commitment, "delete_selected"),
    (Commitment, "export_selected_csv"),
    (Commitment, "export_selected_xlsx"),
    (Organisation, "delete_selected"),
    (User, "delete_selected"),
]
# Not a number, past any database id (OverflowError on SQLite), negative, empty, a digit int() refuses.
BAD_IDS = ["abc", "99999999999999999999", "-1", "", "²"]


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff())
    return client


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def run_action(client, model, action, selected):
    # "post" confirms a deletion, as the confirmation page's button does.
    return client.post(changelist(model), {"action": action, "_selected_action": selected, "post": "yes"})


def shown_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def action_ids(actions):
    return [f"{model.__name__}-{action}" for model, action in actions]


@pytest.mark.parametrize(("model", "action"), ACTIONS, ids=action_ids(ACTIONS))
@pytest.mark.parametrize("bad", BAD_IDS, ids=["letters", "huge", "negative", "empty", "superscript"])
def test_it_answers_a_selection_of_non_ids_with_the_select_items_warning(staff_client, model, action, bad):
    record = MAKERS[model]()

    response = run_action(staff_client, model, action, [bad])

    assert (response.status_code, response.url) == (302, changelist(model))
    assert shown_messages(response) == [WARNING]
    assert model.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize(("model", "action"), ACTIONS, ids=action_ids(ACTIONS))
def test_it_does_nothing_to_the_valid_ids_of_a_selection_with_a_bad_one(staff_client, model, action):
    record = MAKERS[model]()
    count = model.objects.count()

    response = run_action(staff_client, model, action, [record.pk, "abc"])

    assert (response.status_code, shown_messages(response)) == (302, [WARNING])
    assert model.objects.count() == count


def test_it_keeps_an_agreement_published_when_the_selection_is_bad(staff_client):
    agreement = make_agreement(is_published=True)

    run_action(staff_client, Agreement, "unpublish", [agreement.pk, "99999999999999999999"])

    agreement.refresh_from_db()
    assert agreement.is_published


def test_it_warns_in_the_users_language(staff_client):
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = run_action(staff_client, Agreement, "delete_selected", ["abc"])

    assert shown_messages(response) == [WARNING_EN]


@pytest.mark.parametrize("model", MAKERS, ids=lambda model: model.__name__)
def test_it_still_deletes_a_valid_selection(staff_client, model):
    record = MAKERS[model]()

    response = run_action(staff_client, model, "delete_selected", [record.pk])

    assert response.status_code == 302
    assert WARNING not in shown_messages(response)
    assert not model.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("model", [Agreement, Commitment], ids=lambda model: model.__name__)
def test_it_still_exports_a_valid_selection(staff_client, model):
    record = MAKERS[model]()

    response = run_action(staff_client, model, "export_selected_csv", [record.pk])

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


def test_it_still_unpublishes_a_valid_selection(staff_client):
    agreement = make_agreement(is_published=True)

    run_action(staff_client, Agreement, "unpublish", [agreement.pk])

    agreement.refresh_from_db()
    assert not agreement.is_published


@pytest.mark.parametrize(
    "model", [Group, AccessAttempt, AccessLog, AccessFailureLog], ids=lambda model: model.__name__
)
def test_it_warns_on_the_admins_django_and_the_login_lockout_bring_too(staff_client, model):
    response = run_action(staff_client, model, "delete_selected", ["abc"])

    assert (response.status_code, shown_messages(response)) == (302, [WARNING])
