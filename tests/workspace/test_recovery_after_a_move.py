"""An agreement moved to another office takes its deleted records along: the office it left no longer lists
or restores them (each deleted record belongs where its agreement is now, or was when it was deleted)."""

import pytest
from django.urls import reverse

from agreements.models import Agreement, Commitment
from tests.conftest import logged_in
from tests.factories import make_agreement, make_commitment, make_kpu_office, make_kpu_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices():
    return make_kpu_office(slug="kpu-a", short_name="KPU A"), make_kpu_office(
        slug="kpu-b", short_name="KPU B"
    )


def moved(agreement, office):
    agreement = Agreement.objects.get(pk=agreement.pk)
    agreement.office = office
    agreement.save()
    return agreement


def deleted_commitment(agreement):
    commitment = make_commitment(agreement, title="Kewajiban yang dihapus")
    pk = commitment.pk
    commitment.delete()
    return Commitment.history.get(id=pk, history_type="-")


def test_the_office_left_behind_does_not_list_or_restore_a_moved_agreement_s_deleted_record(offices):
    a, b = offices
    row = deleted_commitment(moved(make_agreement(kpu=a), b))
    client = logged_in(make_kpu_staff(office=a))
    assert "Kewajiban yang dihapus" not in client.get(reverse("workspace:deleted_records")).text
    # Not found, as every other office's record is.
    response = client.post(reverse("workspace:restore", args=["commitment", row.history_id]))
    assert response.status_code == 404
    assert not Commitment.objects.filter(pk=row.id).exists()


def test_the_office_it_moved_to_lists_and_restores_it(offices):
    a, b = offices
    row = deleted_commitment(moved(make_agreement(kpu=a), b))
    client = logged_in(make_kpu_staff(office=b))
    assert "Kewajiban yang dihapus" in client.get(reverse("workspace:deleted_records")).text
    client.post(reverse("workspace:restore", args=["commitment", row.history_id]))
    assert Commitment.objects.filter(pk=row.id).exists()


def test_a_deleted_agreement_s_records_belong_to_the_office_it_had_when_deleted(offices):
    a, b = offices
    agreement = moved(make_agreement(kpu=a, title="PKS yang pindah"), b)
    row, agreement_id = deleted_commitment(agreement), agreement.pk
    agreement.delete()
    deleted_list = reverse("workspace:deleted_records")
    assert "Kewajiban yang dihapus" not in logged_in(make_kpu_staff(office=a)).get(deleted_list).text
    assert "Kewajiban yang dihapus" in logged_in(make_kpu_staff(office=b)).get(deleted_list).text
    assert row.agreement_id == agreement_id
