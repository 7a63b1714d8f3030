"""Text pasted from Word or Excel with control characters (a vertical tab for a line break) is stored without
them, whichever way it is saved (kpu_coop.text.keep_text_printable), so no page, feed or workbook shows them.
The liaison's report form: tests/portal/test_report_form.py."""

import pytest
from django.core import serializers
from django.urls import reverse

from agencies.models import Organisation
from tests.admin_forms import change_form_data
from tests.factories import make_organisation, make_published_agreement, make_staff

pytestmark = pytest.mark.django_db


def test_it_stores_an_agreement_title_typed_in_the_admin_without_control_characters(client):
    agreement = make_published_agreement(title="PKS Dukcapil")
    client.force_login(make_staff())
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])

    response = client.post(url, change_form_data(client.get(url)) | {"title": "PKS\x0cDukcapil\x02 2024"})

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "PKS\nDukcapil 2024"
    assert "\x02" not in client.get(reverse("public:agreement_detail", args=[agreement.pk])).text


def test_it_keeps_a_loaded_backup_exactly_as_it_was_kept():
    agency = make_organisation(name="Dinas Kependudukan")
    kept = serializers.serialize("json", [agency])
    kept = kept.replace("Dinas Kependudukan", "Dinas\\u000bKependudukan")

    for record in serializers.deserialize("json", kept):
        record.save()

    assert Organisation.objects.get(pk=agency.pk).name == "Dinas\x0bKependudukan"
