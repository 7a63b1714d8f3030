"""Two staff editing one record in the admin: the later save never silently undoes the earlier one.

Ani and Budi open the same change form; Budi saves a change; Ani, saving her own change, gets the form back
with what Budi changed, her input kept and the database untouched; saving again is then her conscious choice.
"""

import threading
from datetime import date

import pytest
from django.conf import settings
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Membership, Organisation, Region
from agreements.admin.reference import FocusAreaAdmin
from agreements.models import Agreement, AgreementParty, Commitment, CommitmentAssignment
from kpu_coop import admin_conflicts
from tests.admin_forms import change_form_data
from tests.concurrency import wait_for_a_lock_wait
from tests.conftest import TwoFactorClient
from tests.factories import (
    make_agreement,
    make_commitment,
    make_election,
    make_focus_area,
    make_organisation,
    make_staff,
    make_stage,
    make_user,
)

pytestmark = pytest.mark.django_db

REFUSED = "Orang lain mengubah data ini setelah Anda membukanya"


def logged_in(username):
    client = TwoFactorClient()
    client.force_login(make_staff(username))
    return client


@pytest.fixture
def ani():
    return logged_in("ani")


@pytest.fixture
def budi():
    return logged_in("budi")


def change_url(record):
    return reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])


def saved(response):
    assert response.status_code == 302, conflict_lines(response) or response.context["errors"]
    return response


def conflict_lines(response):
    if response.context is None:
        return []
    return [str(error) for error in response.context["adminform"].form.non_field_errors()]


def edit(client, form, **changes):
    """Post a form opened earlier, with the user's changes."""
    return client.post(form["url"], {**form["data"], **changes})


def open_form(client, record):
    url = change_url(record)
    return {"url": url, "data": change_form_data(client.get(url))}


# An agreement, its parties, its commitments and its coverage.


@pytest.fixture
def agreement():
    agreement = make_agreement(title="PKS Data Pemilih")
    make_commitment(agreement, title="Menyediakan data")
    return agreement


@pytest.fixture
def budi_renamed_it(ani, budi, agreement):
    """Ani opened the agreement, then Budi renamed it; Ani now saves a different change."""
    ani_form, budi_form = open_form(ani, agreement), open_form(budi, agreement)
    saved(edit(budi, budi_form, title="PKS Pemutakhiran Data Pemilih"))
    return ani_form, edit(ani, ani_form, scope="Pertukaran data kependudukan")


def test_it_refuses_a_stale_save_of_an_agreement_and_keeps_the_other_change(budi_renamed_it, agreement):
    _form, response = budi_renamed_it
    assert response.status_code == 200
    agreement.refresh_from_db()
    assert (agreement.title, agreement.scope) == ("PKS Pemutakhiran Data Pemilih", "")


def test_it_says_what_changed_from_what_to_what_and_who_changed_it(budi_renamed_it):
    _form, response = budi_renamed_it
    lines = conflict_lines(response)
    assert lines[0].startswith(REFUSED)
    assert lines[1].startswith("Judul: “PKS Data Pemilih” → “PKS Pemutakhiran Data Pemilih” (oleh budi, ")
    assert "buka data ini lagi" in lines[-1]


def test_it_keeps_the_input_of_the_refused_save_in_the_form(budi_renamed_it):
    _form, response = budi_renamed_it
    assert change_form_data(response)["scope"] == "Pertukaran data kependudukan"


def test_it_saves_when_the_user_saves_again_after_seeing_the_conflict(ani, budi_renamed_it, agreement):
    form, response = budi_renamed_it
    saved(ani.post(form["url"], change_form_data(response)))
    agreement.refresh_from_db()
    assert agreement.scope == "Pertukaran data kependudukan"


def test_it_refuses_a_save_after_a_party_row_changed_meanwhile(ani, budi, agreement):
    ani_form, budi_form = open_form(ani, agreement), open_form(budi, agreement)
    saved(edit(budi, budi_form, **{"parties-1-number": "470/123/2022"}))

    response = edit(ani, ani_form, scope="Pertukaran data kependudukan")

    assert any("→ “470/123/2022”" in line for line in conflict_lines(response))
    assert agreement.parties.get(role=AgreementParty.Role.SECOND).number == "470/123/2022"


def test_it_refuses_a_save_after_a_commitment_row_was_deleted_and_saves_when_asked_again(
    ani, budi, agreement
):
    ani_form, budi_form = open_form(ani, agreement), open_form(budi, agreement)
    saved(edit(budi, budi_form, **{"commitments-0-DELETE": "on"}))

    response = edit(ani, ani_form, scope="Pertukaran data kependudukan")
    assert any(line.startswith("Kewajiban “Menyediakan data” dihapus") for line in conflict_lines(response))
    saved(ani.post(ani_form["url"], change_form_data(response)))

    agreement.refresh_from_db()
    assert agreement.scope == "Pertukaran data kependudukan"
    assert not agreement.commitments.exists()


def test_it_refuses_a_save_after_a_commitment_row_was_added_and_keeps_it_when_saved_again(ani, agreement):
    ani_form = open_form(ani, agreement)
    make_commitment(agreement, title="Menyerahkan rekap")

    response = edit(ani, ani_form, scope="Pertukaran data kependudukan")
    assert any(
        line.startswith("Kewajiban “Menyerahkan rekap” ditambahkan") for line in conflict_lines(response)
    )
    saved(ani.post(ani_form["url"], change_form_data(response)))

    assert set(agreement.commitments.values_list("title", flat=True)) == {
        "Menyediakan data",
        "Menyerahkan rekap",
    }


def test_it_refuses_a_save_after_a_commitment_row_changed_meanwhile(ani, budi, agreement):
    ani_form, budi_form = open_form(ani, agreement), open_form(budi, agreement)
    saved(edit(budi, budi_form, **{"commitments-0-title": "Menyediakan data pemilih"}))

    response = edit(ani, ani_form, **{"commitments-0-description": "Lewat SIAK"})

    assert any("“Menyediakan data” → “Menyediakan data pemilih”" in line for line in conflict_lines(response))
    assert Commitment.objects.get().description == ""


def test_it_refuses_a_save_after_the_focus_areas_changed_meanwhile(ani, budi, agreement):
    area = make_focus_area(name="Sosialisasi")
    ani_form, budi_form = open_form(ani, agreement), open_form(budi, agreement)
    saved(edit(budi, budi_form, focus_areas=[str(area.pk)]))

    response = edit(ani, ani_form, scope="Pertukaran data kependudukan")

    assert any(": – → Sosialisasi" in line for line in conflict_lines(response))
    assert list(agreement.focus_areas.all()) == [area]


# Organisations and their members, elections and their stages, commitments, focus areas.


def bantul():
    return Region.objects.get(code="34.02")


def test_it_refuses_a_save_after_a_membership_row_changed_meanwhile(ani, budi):
    organisation = make_organisation(short_name="Dukcapil")
    make_user("wati", organisation=organisation)
    ani_form, budi_form = open_form(ani, organisation), open_form(budi, organisation)
    saved(edit(budi, budi_form, **{"memberships-0-position": "Kepala Bidang"}))

    response = edit(ani, ani_form, region=bantul().pk)

    assert any("– → “Kepala Bidang”" in line for line in conflict_lines(response))
    assert Organisation.objects.get(pk=organisation.pk).region is None
    assert Membership.objects.get().position == "Kepala Bidang"


def test_it_saves_an_organisation_again_after_a_membership_conflict(ani, budi):
    organisation = make_organisation(short_name="Dukcapil")
    make_user("wati", organisation=organisation)
    ani_form, budi_form = open_form(ani, organisation), open_form(budi, organisation)
    saved(edit(budi, budi_form, **{"memberships-0-position": "Kepala Bidang"}))
    response = edit(ani, ani_form, region=bantul().pk)

    saved(ani.post(ani_form["url"], change_form_data(response)))

    assert Organisation.objects.get(pk=organisation.pk).region == bantul()


@pytest.fixture
def election():
    election = make_election(name="Pemilu 2029")
    make_stage(election, name="Masa kampanye", start_date=date(2028, 11, 1), end_date=date(2029, 2, 10))
    return election


def test_it_refuses_a_save_after_a_stage_moved_meanwhile(ani, budi, election):
    ani_form, budi_form = open_form(ani, election), open_form(budi, election)
    saved(edit(budi, budi_form, **{"stages-0-end_date": "17-02-2029"}))

    response = edit(ani, ani_form, legal_basis="PKPU 1/2027")

    lines = conflict_lines(response)
    assert any(
        "Masa kampanye" in line and "Selesai: 10 Februari 2029 → 17 Februari 2029 (oleh budi, " in line
        for line in lines
    )
    assert election.stages.get().end_date == date(2029, 2, 17)


def test_it_saves_an_election_again_after_a_stage_conflict(ani, budi, election):
    ani_form, budi_form = open_form(ani, election), open_form(budi, election)
    saved(edit(budi, budi_form, **{"stages-0-end_date": "17-02-2029"}))
    response = edit(ani, ani_form, legal_basis="PKPU 1/2027")

    saved(ani.post(ani_form["url"], change_form_data(response)))

    election.refresh_from_db()
    assert election.legal_basis == "PKPU 1/2027"


def test_it_refuses_a_stale_save_of_a_commitment(ani, budi, agreement):
    commitment = agreement.commitments.get()
    ani_form, budi_form = open_form(ani, commitment), open_form(budi, commitment)
    saved(edit(budi, budi_form, weight="3"))

    response = edit(ani, ani_form, description="Lewat SIAK")

    assert any(line.startswith("Bobot: 1 → 3") for line in conflict_lines(response))
    commitment.refresh_from_db()
    assert (commitment.weight, commitment.description) == (3, "")


def test_it_refuses_a_save_of_a_commitment_after_a_liaison_was_assigned_meanwhile(ani, agreement):
    commitment = agreement.commitments.get()
    ani_form = open_form(ani, commitment)
    liaison = make_user("wati", organisation=commitment.responsible)
    CommitmentAssignment.objects.create(commitment=commitment, user=liaison)

    response = edit(ani, ani_form, description="Lewat SIAK")

    assert any("ditambahkan" in line for line in conflict_lines(response))
    assert Commitment.objects.get().description == ""


def test_it_refuses_a_stale_save_of_a_focus_area(ani, budi):
    area = make_focus_area(name="Sosialisasi", name_en="Outreach")
    ani_form, budi_form = open_form(ani, area), open_form(budi, area)
    saved(edit(budi, budi_form, name_en="Public outreach"))

    response = edit(ani, ani_form, description="Lewat pelaku budaya")

    assert any("“Outreach” → “Public outreach”" in line for line in conflict_lines(response))
    area.refresh_from_db()
    assert (area.name_en, area.description) == ("Public outreach", "")


# Saving without a conflict, and the form's snapshot itself.


def test_it_saves_when_nobody_changed_the_record_meanwhile(ani, agreement):
    saved(edit(ani, open_form(ani, agreement), scope="Pertukaran data kependudukan"))
    agreement.refresh_from_db()
    assert agreement.scope == "Pertukaran data kependudukan"


def test_it_still_notices_a_change_after_the_form_came_back_for_a_mistake(ani, budi, agreement):
    ani_form, budi_form = open_form(ani, agreement), open_form(budi, agreement)
    mistake = edit(ani, ani_form, title="")
    saved(edit(budi, budi_form, title="PKS Pemutakhiran Data Pemilih"))

    response = ani.post(ani_form["url"], {**change_form_data(mistake), "title": "PKS Data Pemilih 2024"})

    assert conflict_lines(response)[0].startswith(REFUSED)
    assert Agreement.objects.get(pk=agreement.pk).title == "PKS Pemutakhiran Data Pemilih"


def test_it_refuses_a_damaged_snapshot_with_a_message_and_saves_nothing(ani, agreement):
    form = open_form(ani, agreement)
    response = edit(
        ani, form, scope="Pertukaran data kependudukan", _snapshot=form["data"]["_snapshot"] + "x"
    )
    assert conflict_lines(response) == [
        "Catatan formulir ini tentang isi yang ditampilkannya rusak, sehingga tidak dapat dipastikan "
        "apakah orang lain mengubah data ini setelah Anda membukanya. Tidak ada yang disimpan; periksa "
        "isiannya lalu simpan lagi."
    ]
    assert Agreement.objects.get(pk=agreement.pk).scope == ""


def test_it_refuses_the_snapshot_of_another_record(ani, agreement):
    other = open_form(ani, make_agreement())
    response = edit(ani, open_form(ani, agreement), _snapshot=other["data"]["_snapshot"])
    assert response.status_code == 200 and len(conflict_lines(response)) == 1


def test_it_explains_the_conflict_in_english_too(ani, budi, agreement):
    ani.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    ani_form, budi_form = open_form(ani, agreement), open_form(budi, agreement)
    saved(edit(budi, budi_form, title="PKS Pemutakhiran Data Pemilih"))

    lines = conflict_lines(edit(ani, ani_form, scope="Pertukaran data kependudukan"))

    assert lines[0].startswith("Someone else changed this record after you opened it")
    assert lines[1].startswith("Title: “PKS Data Pemilih” → “PKS Pemutakhiran Data Pemilih” (by budi, ")


def test_it_puts_no_snapshot_in_the_add_form(ani):
    page = ani.get(reverse("admin:agreements_agreement_add")).content.decode()
    assert 'name="title"' in page and admin_conflicts.SNAPSHOT_FIELD not in page


def test_it_deletes_a_record_changed_meanwhile(ani, budi):
    area = make_focus_area()
    saved(edit(budi, open_form(budi, area), name_en="Public outreach"))
    ani.post(reverse("admin:agreements_focusarea_delete", args=[area.pk]), {"post": "yes"})
    assert not type(area).objects.filter(pk=area.pk).exists()


# The snapshot costs no query per row: the page evaluates the rows anyway, and the save reads them once.


def queries(client, method, url, data=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code in {200, 302}
    return len(captured)


@pytest.mark.parametrize("stages", [2, 12])
def test_it_reads_nothing_more_for_the_snapshot_of_a_change_page(ani, monkeypatch, stages):
    election = make_election()
    for _ in range(stages):
        make_stage(election)
    ani.get(change_url(election))  # the session's first read is not the page's
    with_snapshot = queries(ani, "get", change_url(election))
    monkeypatch.setattr(
        admin_conflicts.EditConflictAdminMixin, "render_change_form", plain_render_change_form
    )
    assert queries(ani, "get", change_url(election)) == with_snapshot


def plain_render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
    return super(admin_conflicts.EditConflictAdminMixin, self).render_change_form(
        request, context, add, change, form_url, obj
    )


@pytest.mark.parametrize("stages", [2, 12])
def test_it_checks_a_save_without_a_query_of_its_own(ani, stages):
    election = make_election()
    for _ in range(stages):
        make_stage(election)
    form = open_form(ani, election)
    unchecked = queries(ani, "post", form["url"], {k: v for k, v in form["data"].items() if k != "_snapshot"})
    assert queries(ani, "post", form["url"], open_form(ani, election)["data"]) == unchecked


# Two saves at the same moment, each in its own connection: only PostgreSQL runs them truly side by side.


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers and hides the race")
def test_it_lets_only_one_of_two_simultaneous_saves_through(ani, budi, monkeypatch):
    area = make_focus_area(name="Sosialisasi", name_en="Outreach")
    ani_form, budi_form = open_form(ani, area), open_form(budi, area)
    ani_checked, go_on = threading.Event(), threading.Event()
    save_model = FocusAreaAdmin.save_model

    def ani_pauses_before_writing(self, request, obj, form, change):
        if request.user.username == "ani":
            ani_checked.set()
            go_on.wait(timeout=20)
        save_model(self, request, obj, form, change)

    monkeypatch.setattr(FocusAreaAdmin, "save_model", ani_pauses_before_writing, raising=False)
    responses = {}

    def post(name, client, form, **changes):
        try:
            responses[name] = edit(client, form, **changes)
        finally:
            connection.close()

    ani_saves = threading.Thread(
        target=post, args=("ani", ani, ani_form), kwargs={"name_en": "Public outreach"}
    )
    budi_saves = threading.Thread(
        target=post, args=("budi", budi, budi_form), kwargs={"description": "Budaya"}
    )
    ani_saves.start()
    assert ani_checked.wait(timeout=20)
    budi_saves.start()
    wait_for_a_lock_wait()
    go_on.set()
    ani_saves.join(timeout=30)
    budi_saves.join(timeout=30)

    assert responses["ani"].status_code == 302
    assert any("“Outreach” → “Public outreach”" in line for line in conflict_lines(responses["budi"]))
    area.refresh_from_db()
    assert (area.name_en, area.description) == ("Public outreach", "")


def test_it_refuses_a_stale_save_of_a_user_and_leaves_the_password_out_of_the_snapshot(ani, budi):
    wati = make_user("wati", organisation=make_organisation(short_name="Dukcapil"))
    ani_form, budi_form = open_form(ani, wati), open_form(budi, wati)
    saved(edit(budi, budi_form, email="wati@bantulkab.go.id"))

    lines = conflict_lines(edit(ani, ani_form, first_name="Wati"))

    assert any("– → “wati@bantulkab.go.id”" in line for line in lines)
    snapshot = signing.loads(ani_form["data"]["_snapshot"], salt=admin_conflicts.SALT)
    assert "email" in snapshot["v"] and "password" not in snapshot["v"]
    wati.refresh_from_db()
    assert (wati.email, wati.first_name) == ("wati@bantulkab.go.id", "")


def test_it_refuses_a_save_of_an_mou_after_a_pks_was_made_under_it_meanwhile(ani):
    mou = make_agreement(kind=Agreement.Kind.MOU, title="Nota Kesepahaman Bantul")
    form = open_form(ani, mou)
    make_agreement(parent=mou, title="PKS Pendidikan Pemilih")

    response = edit(ani, form, scope="Kerja sama pemilu")

    assert any("“PKS Pendidikan Pemilih” ditambahkan" in line for line in conflict_lines(response))
    saved(ani.post(form["url"], change_form_data(response)))
