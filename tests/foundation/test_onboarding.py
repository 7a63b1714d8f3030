"""Onboarding a KPU office: the office in its place, its first administrator invited by email, its own copy
of KPU RI's template elections; and every region's office loaded at once."""

import re
from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from agencies.models import Membership, Organisation, Region, User
from agencies.offices import OfficeLevel
from agencies.onboarding import office_add, office_create
from agreements.models import Election
from tests.conftest import logged_in
from tests.factories import (
    make_election,
    make_kpu_office,
    make_staff,
    make_stage,
    make_user,
    national_kpu_office,
)

pytestmark = pytest.mark.django_db

BASE_URL = "http://testserver"


@pytest.fixture
def yogyakarta():
    national_kpu_office()
    return office_add(region=Region.objects.get(code="34"))


def bantul():
    return Region.objects.get(code="34.02")


def create(**fields):
    fields.setdefault("region", bantul())
    fields.setdefault("admin_email", "ketua@bantul.example.org")
    return office_create(base_url=BASE_URL, **fields)


def test_it_places_the_office_under_its_province_s_office(yogyakarta):
    office = create()
    assert (office.name, office.short_name) == (
        "Komisi Pemilihan Umum Kabupaten Bantul",
        "KPU Kabupaten Bantul",
    )
    assert (office.office_level, office.parent) == (OfficeLevel.REGENCY, yogyakarta)
    assert yogyakarta.parent.office_level == OfficeLevel.NATIONAL


def test_its_first_administrator_has_no_password_and_administers_it(yogyakarta):
    office = create()
    administrator = User.objects.get(email="ketua@bantul.example.org")
    assert not administrator.has_usable_password()
    assert administrator.is_staff
    membership = administrator.memberships.get()
    assert (membership.organisation, membership.role) == (office, Membership.Role.ADMINISTRATOR)


def test_the_invitation_link_sets_the_administrator_s_password(
    yogyakarta, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        create()
    [email] = mail.outbox
    assert email.to == ["ketua@bantul.example.org"]
    assert "KPU Kabupaten Bantul" in email.subject
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", email.body).group(1)
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": "Bantul-Pemilu-29", "new_password2": "Bantul-Pemilu-29"})
    assert User.objects.get(email="ketua@bantul.example.org").check_password("Bantul-Pemilu-29")


def test_no_invitation_leaves_before_the_office_is_committed(yogyakarta):
    create()
    assert mail.outbox == []


def test_it_copies_kpu_ri_s_template_elections_for_the_office_s_level(yogyakarta):
    template = make_election(name="Pilkada Serentak 2029", template_for=OfficeLevel.REGENCY)
    make_stage(template, name="Pemungutan suara", start_date=date(2029, 11, 28), end_date=date(2029, 11, 28))
    make_stage(make_election(template_for=OfficeLevel.PROVINCE))
    office = create()
    [own] = Election.objects.filter(office=office)
    assert own.name == "Pilkada Serentak 2029"
    stages = list(own.stages.values_list("name", "start_date", "end_date"))
    assert stages == [("Pemungutan suara", date(2029, 11, 28), date(2029, 11, 28))]


def test_it_refuses_a_region_that_already_has_an_office(yogyakarta):
    create()
    with pytest.raises(ValidationError) as error:
        create(admin_email="lain@example.org")
    assert "region" in error.value.message_dict
    assert not User.objects.filter(email="lain@example.org").exists()


def test_it_refuses_an_email_address_already_in_use(yogyakarta):
    make_user(email="Ketua@Bantul.example.org")
    with pytest.raises(ValidationError) as error:
        create()
    assert "admin_email" in error.value.message_dict
    assert not Organisation.objects.filter(region=bantul()).exists()


def test_a_second_kpu_ri_is_refused_with_a_sentence(yogyakarta, settings):
    """Whatever path makes it (the admin's organisation form included): a database constraint stands behind
    the sentence, so two creations at once cannot both pass (tests/foundation/test_sent_twice.py)."""
    settings.LANGUAGE_CODE = "en"
    second = Organisation(
        kind=Organisation.Kind.ELECTION_COMMISSION,
        office_level=OfficeLevel.NATIONAL,
        name="KPU Pusat",
        short_name="KPU Pusat",
        slug="kpu-pusat",
    )
    with pytest.raises(ValidationError, match="KPU RI already exists"):
        second.full_clean()


def test_an_account_may_not_take_an_address_in_use_in_other_capitals(yogyakarta):
    create()
    client = logged_in(make_staff("superuser"))
    data = {"username": "budi", "first_name": "Budi", "last_name": "", "email": "KETUA@bantul.example.org"}
    response = client.post(reverse("admin:agencies_user_add"), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    # On the field, beside the address typed, not at the top of the form.
    assert form.errors == {"email": ["Akun dengan alamat email ini sudah ada."]}
    assert not User.objects.filter(username="budi").exists()


def test_the_command_creates_the_office_and_invites(yogyakarta, capsys, settings):
    settings.SITE_URL = "https://kerja-sama.kpu.example"
    call_command("office_create", "34.02", "--admin-email", "ketua@bantul.example.org")
    assert "Created KPU Kabupaten Bantul" in capsys.readouterr().out
    assert Organisation.objects.offices().filter(region__code="34.02").exists()


def test_the_command_says_why_it_refuses(yogyakarta, settings):
    settings.SITE_URL = "https://kerja-sama.kpu.example"
    with pytest.raises(CommandError, match="No region"):
        call_command("office_create", "99.99", "--admin-email", "a@example.org")
    create()
    with pytest.raises(CommandError, match="sudah memiliki kantor KPU"):
        call_command("office_create", "34.02", "--admin-email", "b@example.org")


def test_load_offices_creates_every_region_s_office_once(capsys):
    call_command("load_offices")
    offices = Organisation.objects.offices()
    assert offices.filter(office_level=OfficeLevel.PROVINCE, parent__office_level="national").count() == 38
    regencies = offices.filter(office_level=OfficeLevel.REGENCY).select_related("parent__region", "region")
    assert regencies.count() == 514
    assert all(office.parent.region_id == office.region.parent_id for office in regencies)
    call_command("load_offices")
    assert "0 offices created, 0 placed" in capsys.readouterr().out.splitlines()[-1]


def test_load_offices_places_an_office_made_alone_under_its_province(capsys):
    """An installation that started with one office (the demo's Bantul, no office above it) joins the
    hierarchy: its province and KPU RI then see it."""
    bantul = make_kpu_office(region=Region.objects.get(code="34.02"), parent=None)
    call_command("load_offices")
    bantul.refresh_from_db()
    assert bantul.parent.region.code == "34"
    assert bantul.parent.parent.office_level == OfficeLevel.NATIONAL
    assert "1 placed under the office above" in capsys.readouterr().out


def test_load_offices_names_offices_as_kpu_does(capsys):
    call_command("load_offices")
    names = dict(
        Organisation.objects.offices().exclude(region=None).values_list("region__code", "short_name")
    )
    assert names["34.02"] == "KPU Kabupaten Bantul"
    assert names["31.71"] == "KPU Kota Jakarta Pusat"
    assert names["32"] == "KPU Provinsi Jawa Barat"
    # Aceh's commissions are the Komisi Independen Pemilihan.
    assert (names["11"], names["11.06"]) == ("KIP Aceh", "KIP Kabupaten Aceh Besar")


def test_each_new_office_gets_its_own_copy(yogyakarta):
    make_election(name="Pilkada Serentak 2029", template_for=OfficeLevel.REGENCY)
    create()
    create(region=Region.objects.get(code="34.04"), admin_email="ketua@sleman.example.org")
    copies = Election.objects.filter(name="Pilkada Serentak 2029").exclude(office__office_level="national")
    assert sorted(copies.values_list("office__short_name", flat=True)) == [
        "KPU Kabupaten Bantul",
        "KPU Kabupaten Sleman",
    ]


def test_only_kpu_ri_s_elections_are_templates(yogyakarta):
    election = make_election(office=yogyakarta, template_for=OfficeLevel.REGENCY)
    with pytest.raises(ValidationError) as error:
        election.full_clean()
    assert "template_for" in error.value.message_dict
