import pytest
from django.urls import reverse

from agreements.models import Agreement, Commitment
from tests.factories import default_kpu_office, make_organisation, make_staff

pytestmark = pytest.mark.django_db
ADD_URL = reverse("admin:agreements_agreement_add")


def management(prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def agreement_form(kpu, agency, responsible, **overrides):
    """An admin add-form submission: a PKS with two parties and one commitment."""
    data = {
        "office": str(default_kpu_office().pk),
        "kind": "pks",
        "title": "Perjanjian Kerja Sama Uji",
        "state": "signed",
        "date_signed": "28-12-2022",
        **management("parties", 2),
        "parties-0-role": "first",
        "parties-0-organisation": str(kpu.pk),
        "parties-0-number": "01/PKS/KPU/2022",
        "parties-1-role": "second",
        "parties-1-organisation": str(agency.pk),
        "parties-1-number": "02/OPD/2022",
        **management("commitments", 1),
        "commitments-0-title": "Menyediakan data",
        "commitments-0-responsible": str(responsible.pk),
        "commitments-0-due_kind": "none",
        "commitments-0-due_anchor": "end",
        "commitments-0-due_offset_days": "0",
        "commitments-0-weight": "1",
        "commitments-0-order": "0",
        **management("grant_tranches", 0),
        **management("force_majeure_events", 0),
        **management("witnesses", 0),
        **management("documents", 0),
        **management("children", 0),
    }
    return data | overrides


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff())
    return client


def test_it_saves_an_agreement_with_parties_and_commitments_in_one_go(staff_client):
    kpu, agency = make_organisation(), make_organisation()
    response = staff_client.post(ADD_URL, agreement_form(kpu, agency, responsible=agency))
    assert response.status_code == 302
    assert Commitment.objects.get().responsible == agency


def test_it_refuses_a_commitment_of_an_outsider_and_saves_nothing(staff_client):
    kpu, agency, outsider = make_organisation(), make_organisation(), make_organisation()
    response = staff_client.post(ADD_URL, agreement_form(kpu, agency, responsible=outsider))
    assert response.status_code == 200
    assert "harus salah satu pihak dalam perjanjian" in response.content.decode()
    assert not Agreement.objects.exists()


def test_it_refuses_a_term_ending_before_it_starts_and_saves_nothing(staff_client):
    kpu, agency = make_organisation(), make_organisation()
    form = agreement_form(kpu, agency, agency, term_start="01-01-2024", term_end="31-12-2023")
    response = staff_client.post(ADD_URL, form)
    assert "Masa berlaku tidak boleh berakhir sebelum dimulai." in response.content.decode()
    assert not Agreement.objects.exists()
