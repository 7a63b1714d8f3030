"""Past ``pagination.CHOICE_LIMIT`` choices an admin autocomplete select lists only the chosen record; without
JavaScript a box beside it takes a name, which the field resolves on the server (kpu_coop.admin_typed_names).
Here the limit is 1, so that a few agencies stand for a national installation's 6,000."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import AgreementParty
from kpu_coop import pagination
from tests.admin_forms import change_form_data
from tests.conftest import logged_in
from tests.factories import (
    default_kpu_office,
    make_agreement,
    make_commitment,
    make_election,
    make_kpu_office,
    make_kpu_staff,
    make_organisation,
    make_stage,
    make_user,
)
from tests.tools import html_errors, label_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_lists(monkeypatch):
    monkeypatch.setattr(pagination, "CHOICE_LIMIT", 1)


@pytest.fixture
def staff():
    return logged_in(make_kpu_staff())


@pytest.fixture
def agreement():
    """A PKS with Dukcapil, while Diskominfo and Sleman's Kesbangpol are agencies it does not name."""
    make_organisation(short_name="Diskominfo", name="Dinas Komunikasi Bantul")
    make_organisation(short_name="Kesbangpol Sleman", name="Badan Kesbangpol Sleman")
    return make_agreement(agency=make_organisation(short_name="Dukcapil", name="Dinas Kependudukan Bantul"))


def agreement_url(agreement):
    return reverse("admin:agreements_agreement_change", args=[agreement.pk])


def type_agency(client, agreement, name, **changes):
    """Post the agreement's form back with ``name`` typed in the box of its second party's organisation."""
    url = agreement_url(agreement)
    data = change_form_data(client.get(url))
    row = next(key.split("-")[1] for key, role in data.items() if key.endswith("-role") and role == "second")
    return client.post(url, data | {f"parties-{row}-organisation__name": name} | changes)


def second_party_name(agreement):
    return agreement.parties.get(role=AgreementParty.Role.SECOND).organisation.short_name


def field_errors(response, prefix="parties", field="organisation"):
    """The error codes of ``field`` in the rows of the inline ``prefix``."""
    formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == prefix)
    return [error.code for form in formset.formset.forms for error in form.errors.as_data().get(field, [])]


def test_a_short_list_has_no_name_box(staff, agreement):
    page = staff.get(agreement_url(agreement)).content.decode()

    assert "organisation__name" not in page


def test_a_select_reads_its_list_once(staff):
    make_organisation()
    url = reverse("admin:agreements_agreementparty_add")
    with CaptureQueriesContext(connection) as queries:
        staff.get(url)

    limit = f"LIMIT {pagination.CHOICE_LIMIT + 1}"
    lists = [q["sql"] for q in queries if '"agencies_organisation"' in q["sql"] and limit in q["sql"]]
    assert len(lists) == 1, lists


def test_a_long_list_has_a_labelled_name_box(staff, agreement, long_lists, tmp_path):
    page = staff.get(agreement_url(agreement)).content.decode()

    assert '<label for="id_parties-0-organisation__name">' in page
    assert 'name="parties-0-organisation__name" id="id_parties-0-organisation__name" value=""' in page
    assert not label_problems([("agreement", page)])
    assert not html_errors([("agreement", page)], tmp_path)


def test_a_name_matching_one_record_chooses_it(staff, agreement, long_lists):
    response = type_agency(staff, agreement, "komunikasi")

    assert response.status_code == 302
    assert second_party_name(agreement) == "Diskominfo"


def test_an_empty_box_leaves_the_chosen_record(staff, agreement, long_lists):
    response = type_agency(staff, agreement, "  ", title="Judul baru")

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.title, second_party_name(agreement)) == ("Judul baru", "Dukcapil")


def test_a_name_matching_nothing_is_refused_and_kept(staff, agreement, long_lists):
    response = type_agency(staff, agreement, "Bawaslu", title="Judul baru")

    assert field_errors(response) == ["no_match"]
    page = response.content.decode()
    assert 'organisation__name" value="Bawaslu"' in page
    # The select still shows what was chosen, and the rest of what was typed stays in the form.
    assert "selected>Dukcapil</option>" in page and 'value="Judul baru"' in page
    agreement.refresh_from_db()
    assert agreement.title != "Judul baru"


def test_a_name_matching_several_is_refused_with_their_names(staff, agreement, long_lists):
    make_organisation(short_name="Diskominfo Sleman", name="Dinas Komunikasi Sleman")

    response = type_agency(staff, agreement, "Sleman")

    assert field_errors(response) == ["several_match"]
    page = response.content.decode()
    assert "Kesbangpol Sleman" in page and "Diskominfo Sleman" in page
    assert second_party_name(agreement) == "Dukcapil"


def test_a_name_with_a_null_character_is_refused(staff, agreement, long_lists):
    response = type_agency(staff, agreement, "Duk\x00capil")

    assert field_errors(response) == ["null_characters_not_allowed"]


def test_an_exact_name_wins_over_longer_ones(staff, agreement, long_lists):
    make_organisation(short_name="Diskominfo Sleman", name="Dinas Komunikasi Sleman")

    response = type_agency(staff, agreement, "diskominfo")

    assert response.status_code == 302
    assert second_party_name(agreement) == "Diskominfo"


def test_the_records_of_the_user_s_offices_come_first(staff, long_lists):
    ours = make_agreement(agency=make_organisation(short_name="Diskominfo", name="Dinas Komunikasi Bantul"))
    kulon = make_organisation(short_name="Kominfo Kulon", name="Dinas Komunikasi Kulon")
    make_agreement(kpu=make_kpu_office(), agency=kulon)
    agreement = make_agreement(agency=make_organisation(short_name="Dukcapil"))
    assert second_party_name(ours) == "Diskominfo"

    response = type_agency(staff, agreement, "Dinas Komunikasi")

    assert response.status_code == 302
    assert second_party_name(agreement) == "Diskominfo"
    # Beyond them, a name still finds another region's agency, as a party may be.
    response = type_agency(staff, agreement, "Kulon")
    assert response.status_code == 302
    assert second_party_name(agreement) == "Kominfo Kulon"


def test_a_model_form_s_field_takes_a_typed_name(staff, agreement, long_lists):
    commitment = make_commitment(agreement, responsible=default_kpu_office())
    url = reverse("admin:agreements_commitment_change", args=[commitment.pk])

    response = staff.post(url, change_form_data(staff.get(url)) | {"responsible__name": "kependudukan"})

    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.responsible.short_name == "Dukcapil"


def test_a_typed_stage_is_one_the_office_may_tie_deadlines_to(staff, agreement, long_lists):
    commitment = make_commitment(agreement)
    make_stage(name="Tahap Khusus Nasional")
    make_stage(name="Pemungutan Suara")
    make_stage(make_election(office=make_kpu_office()), name="Tahap Khusus Kulon")
    url = reverse("admin:agreements_commitment_change", args=[commitment.pk])
    data = change_form_data(staff.get(url))

    refused = staff.post(url, data | {"due_stage__name": "Khusus Kulon"})
    taken = staff.post(url, data | {"due_stage__name": "khusus nasional"})

    assert [error.code for error in refused.context["adminform"].form.errors.as_data()["due_stage"]] == [
        "no_match"
    ]
    assert "due_stage" not in (taken.context["adminform"].form.errors if taken.context else {})


def test_a_typed_name_finds_no_account_the_form_may_not_name(staff, agreement, long_lists):
    commitment = make_commitment(agreement)
    stranger = make_user("penghubung_lain", organisation=make_organisation())
    url = reverse("admin:agreements_commitment_change", args=[commitment.pk])
    data = change_form_data(staff.get(url))
    row = {"user": "", "user__name": stranger.username, "commitment": str(commitment.pk)}
    data |= {f"assignments-0-{name}": value for name, value in row.items()}
    data["assignments-TOTAL_FORMS"] = "1"

    response = staff.post(url, data)

    assert field_errors(response, "assignments", "user") == ["no_match"]
    assert not commitment.assignments.exists()
