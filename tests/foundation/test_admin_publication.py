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
