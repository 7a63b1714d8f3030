"""Small factory helpers: each makes one valid record, with keyword overrides."""

import itertools
from datetime import date

from agencies.models import Membership, Organisation, User
from agreements.models import Agreement, AgreementParty, Commitment, Election, ElectionStage, FocusArea

_sequence = itertools.count(1)


def next_number():
    return next(_sequence)


def make_organisation(**fields):
    n = next_number()
    fields.setdefault("kind", Organisation.Kind.AGENCY)
    fields.setdefault("short_name", f"Dinas {n}")
    fields.setdefault("name", f"Dinas Contoh {n}")
    fields.setdefault("slug", f"dinas-{n}")
    return Organisation.objects.create(**fields)


def make_user(username=None, *, organisation=None, role=Membership.Role.LIAISON, **fields):
    user = User.objects.create_user(username=username or f"user{next_number()}", password="pw", **fields)
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def make_staff(username=None):
    return make_user(username or f"staff{next_number()}", is_staff=True, is_superuser=True)


def make_election(**fields):
    n = next_number()
    fields.setdefault("name", f"Pemilu Uji {n}")
    fields.setdefault("slug", f"pemilu-uji-{n}")
    return Election.objects.create(**fields)


def make_stage(election=None, **fields):
    n = next_number()
    fields.setdefault("name", f"Tahapan {n}")
    fields.setdefault("start_date", date(2024, 1, 1))
    fields.setdefault("end_date", date(2024, 1, 31))
    return ElectionStage.objects.create(election=election or make_election(), **fields)


def make_focus_area(**fields):
    n = next_number()
    fields.setdefault("name", f"Bidang {n}")
    fields.setdefault("name_en", f"Area {n}")
    fields.setdefault("slug", f"bidang-{n}")
    return FocusArea.objects.create(**fields)


def make_agreement(*, kpu=None, agency=None, **fields):
    """A signed PKS between a KPU office and an agency, with both parties."""
    n = next_number()
    fields.setdefault("kind", Agreement.Kind.PKS)
    fields.setdefault("title", f"Perjanjian Kerja Sama Uji {n}")
    fields.setdefault("state", Agreement.Status.SIGNED)
    fields.setdefault("date_signed", date(2022, 12, 28))
    agreement = Agreement.objects.create(**fields)
    kpu = kpu or make_organisation(kind=Organisation.Kind.ELECTION_COMMISSION)
    agency = agency or make_organisation()
    AgreementParty.objects.create(
        agreement=agreement, organisation=kpu, role=AgreementParty.Role.FIRST, number=f"{n}/KPU"
    )
    AgreementParty.objects.create(
        agreement=agreement, organisation=agency, role=AgreementParty.Role.SECOND, number=f"{n}/OPD"
    )
    return agreement


def second_party(agreement):
    return agreement.parties.get(role=AgreementParty.Role.SECOND).organisation


def make_commitment(agreement=None, **fields):
    agreement = agreement or make_agreement()
    fields.setdefault("title", f"Kewajiban {next_number()}")
    fields.setdefault("responsible", second_party(agreement))
    return Commitment.objects.create(agreement=agreement, **fields)
