"""Small factory helpers: each makes one valid record, with keyword overrides."""

import itertools
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from agencies.models import Membership, Organisation, User
from agencies.offices import OfficeLevel
from agreements.models import (
    Agreement,
    AgreementParty,
    Commitment,
    CommitmentAssignment,
    Election,
    ElectionStage,
    Evidence,
    FocusArea,
    ProgressReport,
)
from tests.pdfs import build_pdf

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
    """A superuser: for tests about anything but rights (those use make_kpu_staff)."""
    return make_user(username or f"staff{next_number()}", is_staff=True, is_superuser=True)


def make_kpu_office(**fields):
    """A new regency-level KPU office (a separate tenant: its staff see none of another's records)."""
    fields.setdefault("kind", Organisation.Kind.ELECTION_COMMISSION)
    fields.setdefault("office_level", OfficeLevel.REGENCY)
    return make_organisation(**fields)


def default_kpu_office():
    """The office that keeps the test's agreements and employs its staff unless a test names another."""
    office = Organisation.objects.filter(slug="kpu-uji").first()
    return office or make_kpu_office(slug="kpu-uji", short_name="KPU Uji", name="KPU Kabupaten Uji")


def make_kpu_staff(username=None, *, office=None, role=Membership.Role.STAFF, **fields):
    """A real KPU staff member (or administrator, with role=...) of ``office`` (the default office unless
    given): no superuser, rights from the role."""
    return make_user(
        username or f"staf{next_number()}",
        organisation=office or default_kpu_office(),
        role=role,
        is_staff=True,
        **fields,
    )


def national_kpu_office():
    """KPU RI: the migrations create it with the national reference elections."""
    office = Organisation.objects.offices().filter(office_level=OfficeLevel.NATIONAL).order_by("pk").first()
    return office or make_kpu_office(
        slug="kpu-ri", short_name="KPU RI", office_level=OfficeLevel.NATIONAL, name="KPU Republik Indonesia"
    )


def make_election(**fields):
    n = next_number()
    if "office" not in fields:
        fields["office"] = national_kpu_office()
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
    """A signed PKS between a KPU office (the default office unless given) and an agency, with both parties;
    the KPU party keeps its records."""
    n = next_number()
    fields.setdefault("kind", Agreement.Kind.PKS)
    fields.setdefault("title", f"Perjanjian Kerja Sama Uji {n}")
    fields.setdefault("state", Agreement.Status.SIGNED)
    fields.setdefault("date_signed", date(2022, 12, 28))
    kpu = kpu or default_kpu_office()
    fields.setdefault(
        "office", kpu if kpu.kind == Organisation.Kind.ELECTION_COMMISSION else default_kpu_office()
    )
    agreement = Agreement.objects.create(**fields)
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


# A minimal file of each accepted type: a one-page PDF that pypdf reads; images checked by their first bytes.
PDF_BYTES = build_pdf()
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def make_upload(name="bukti.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content)


def assign(commitment, user):
    return CommitmentAssignment.objects.create(commitment=commitment, user=user)


def make_report(commitment=None, *, author=None, **fields):
    """A submitted progress report by a liaison of the responsible organisation."""
    commitment = commitment or make_commitment()
    author = author or make_user(organisation=commitment.responsible)
    fields.setdefault("summary", f"Laporan uji {next_number()}")
    fields.setdefault("claim", ProgressReport.Claim.IN_PROGRESS)
    return ProgressReport.objects.create(commitment=commitment, author=author, **fields)


def make_evidence(report, name="bukti.pdf", content=PDF_BYTES):
    return Evidence.objects.create(report=report, file=make_upload(name, content))


def make_published_agreement(**fields):
    """A PKS that the public site shows."""
    fields.setdefault("is_published", True)
    fields.setdefault("published_at", timezone.now())
    return make_agreement(**fields)


def make_document(agreement, *, name="naskah.pdf", content=PDF_BYTES, **fields):
    from agreements.models import Document

    fields.setdefault("title", f"Naskah {next_number()}")
    fields.setdefault("is_public", True)
    return Document.objects.create(agreement=agreement, file=make_upload(name, content), **fields)


# Two-factor authentication (security app). Staff must pass TOTP before any page: see tests/conftest.py,
# whose `client` fixture does it on force_login(); browser tests type totp_code(device) on the 2FA page.
def make_totp_device(user, *, confirmed=True):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="TOTP", confirmed=confirmed)


def totp_code(device):
    """The code the user's authenticator app would show now (each code is accepted only once)."""
    from django_otp.oath import TOTP

    now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{now:0{device.digits}d}"


def pass_two_factor(client, user):
    """Mark the client's session as having passed TOTP, as logging in through /accounts/two-factor/ does."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or make_totp_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
