"""An agreement is published through the list's actions only (agreements.services.agreement_publish), which
refuse a draft and record the first publication: its change form shows whether it is published but does not
change it, and no published agreement is a draft."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements.models import Agreement
from tests.admin_forms import change_form_data
from tests.conftest import logged_in
from tests.factories import make_agreement, make_kpu_staff, make_published_agreement

pytestmark = pytest.mark.django_db


def test_the_change_form_does_not_publish_a_draft(client):
    draft = make_agreement(title="Draf", state=Agreement.Status.DRAFT)
    admin = logged_in(make_kpu_staff())
    url = reverse("admin:agreements_agreement_change", args=[draft.pk])
    data = {**change_form_data(admin.get(url)), "is_published": "on"}
    admin.post(url, data)
    draft.refresh_from_db()
    assert not draft.is_published
    assert client.get(reverse("public:agreement_detail", args=[draft.pk])).status_code == 404


def test_a_published_agreement_cannot_be_made_a_draft():
    agreement = make_published_agreement()
    agreement.state = Agreement.Status.DRAFT
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "state" in error.value.message_dict


def pks_with_addendum(**addendum_fields):
    pks = make_published_agreement(title="PKS Uji")
    addendum = make_agreement(
        kind=Agreement.Kind.ADDENDUM, parent=pks, title="Adendum Uji", **addendum_fields
    )
    return pks, addendum


def list_action(admin, action, *agreements):
    response = admin.post(
        reverse("admin:agreements_agreement_changelist"),
        {"action": action, "_selected_action": [agreement.pk for agreement in agreements]},
        follow=True,
    )
    return [str(message) for message in response.context["messages"]]


def test_withdrawing_a_pks_withdraws_its_addenda_and_says_so(client):
    # Left public, the addendum's page amended an agreement nobody could read.
    pks, addendum = pks_with_addendum(is_published=True)
    admin = logged_in(make_kpu_staff())
    messages = list_action(admin, "unpublish", pks)
    assert messages == [
        "2 perjanjian ditarik dari publikasi.",
        "Ikut ditarik bersama PKS yang diubahnya: Adendum Uji.",
    ]
    addendum.refresh_from_db()
    assert not addendum.is_published
    assert client.get(reverse("public:agreement_detail", args=[addendum.pk])).status_code == 404


def test_an_addendum_is_published_only_once_its_pks_is(client):
    pks, addendum = pks_with_addendum()
    Agreement.objects.filter(pk=pks.pk).update(is_published=False)
    admin = logged_in(make_kpu_staff())
    messages = list_action(admin, "publish", addendum)
    assert messages == [
        "0 perjanjian diterbitkan.",
        "Tidak diterbitkan karena PKS yang diubahnya belum terbit: terbitkan PKS itu dulu (Adendum Uji).",
    ]
    assert not Agreement.objects.get(pk=addendum.pk).is_published
    # Chosen together, the PKS goes first and both are published.
    assert list_action(admin, "publish", addendum, pks) == ["2 perjanjian diterbitkan."]
