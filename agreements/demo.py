"""The Bantul case from the source article (Harian Jogja, 28 Dec 2022; docs/domain.md), as demo data, and a
fictional training office beside it (agreements.demo_training).

Only what the article states is filled in for Bantul; example commitments are marked as examples.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from agencies.models import Membership, Organisation, Region, User
from agencies.offices import OfficeLevel
from agreements.demo_training import load_training_office
from agreements.models import (
    Agreement,
    AgreementParty,
    Commitment,
    Election,
    ElectionStage,
    FocusArea,
    Witness,
)
from agreements.models.tallies import recounts_deferred

KPU = ("kpu-bantul", "KPU Kabupaten Bantul", "Komisi Pemilihan Umum Kabupaten Bantul")
REGENCY = ("pemkab-bantul", "Pemkab Bantul", "Pemerintah Kabupaten Bantul")
REGION_CODE = "34.02"  # Kabupaten Bantul (Kemendagri region code)
SIGNED_ON = date(2022, 12, 28)

# (slug, short name, official name, focus area slug or None where the article states none, scope)
AGENCIES = [
    (
        "diskominfo",
        "Diskominfo",
        "Dinas Komunikasi dan Informatika",
        "publikasi-informasi",
        "Publikasi dan informasi kepemiluan.",
    ),
    (
        "dukcapil",
        "Dukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "pemutakhiran-data-pemilih",
        "Pemutakhiran data pemilih.",
    ),
    ("dikpora", "Dikpora", "Dinas Pendidikan, Kepemudaan dan Olahraga", None, ""),
    (
        "dinas-kebudayaan",
        "Dinas Kebudayaan",
        "Dinas Kebudayaan (Kundha Kabudayan)",
        "sosialisasi",
        "Sosialisasi tahapan pemilu dan pemilihan dengan melibatkan para pelaku budaya.",
    ),
    ("dinas-pariwisata", "Dinas Pariwisata", "Dinas Pariwisata", None, ""),
    (
        "dispusip",
        "Dispusip",
        "Dinas Perpustakaan dan Kearsipan",
        "kearsipan",
        "Perawatan dan penyimpanan arsip hasil pemilu dan pemilihan kepala daerah.",
    ),
    ("bpkpad", "BPKPAD", "Badan Pengelolaan Keuangan, Pendapatan dan Aset Daerah", None, ""),
    (
        "kesbangpol",
        "Kesbangpol",
        "Badan Kesatuan Bangsa dan Politik",
        "pendidikan-pemilih",
        "Pendidikan pemilih dan pendidikan politik kepada masyarakat Bantul.",
    ),
]

# (agency slug, responsible: "agency" or "kpu", title, election slug, stage name, anchor, offset days)
EXAMPLE_COMMITMENTS = [
    (
        "diskominfo",
        "agency",
        "Contoh: menyebarluaskan informasi tahapan pemilu melalui kanal Pemkab",
        "pemilu-2024",
        "Masa kampanye",
        "start",
        -14,
    ),
    (
        "dukcapil",
        "agency",
        "Contoh: menyediakan data kependudukan untuk pemutakhiran data pemilih",
        "pemilu-2024",
        "Pemutakhiran data pemilih dan penyusunan daftar pemilih",
        "end",
        -30,
    ),
    (
        "dinas-kebudayaan",
        "agency",
        "Contoh: sosialisasi tahapan pemilu bersama pelaku budaya",
        "pemilu-2024",
        "Masa kampanye",
        "end",
        0,
    ),
    (
        "dinas-kebudayaan",
        "kpu",
        "Contoh: menyediakan bahan sosialisasi untuk pelaku budaya",
        "pemilu-2024",
        "Masa kampanye",
        "start",
        -30,
    ),
    (
        "dispusip",
        "agency",
        "Contoh: menerima dan menyimpan arsip hasil pemilu",
        "pemilu-2024",
        "Rekapitulasi hasil penghitungan suara",
        "end",
        60,
    ),
    (
        "kesbangpol",
        "agency",
        "Contoh: pendidikan pemilih bagi pemilih pemula",
        "pilkada-2024",
        "Masa kampanye",
        "start",
        0,
    ),
]


def organisation(slug, short_name, name, kind, parent=None, region=None, **fields):
    if kind == Organisation.Kind.ELECTION_COMMISSION:
        fields.setdefault("office_level", OfficeLevel.REGENCY)
    org, _ = Organisation.objects.get_or_create(
        slug=slug,
        defaults={
            "short_name": short_name,
            "name": name,
            "kind": kind,
            "region": region,
            "parent": parent,
            **fields,
        },
    )
    return org


def account(username, password, *, organisation, role, is_staff=False):
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password=password, is_staff=is_staff)
    if not user.email:
        # A reserved domain (RFC 2606): the reminders demo has someone to write to, and no real inbox gets it.
        user.email = f"{username}@example.org"
        user.save(update_fields=["email"])
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role})
    return user


def agreement(
    title, *, kind, parent, parties, scope="", focus_area=None, elections=(), witnesses=(), **fields
):
    # The KPU office signs first in an MoU or PKS; an NPHD names it (the regional head signs first there).
    office = fields.pop("office", parties[0][1])
    record, created = Agreement.objects.get_or_create(
        title=title, kind=kind, office=office, defaults={"parent": parent, "scope": scope, **fields}
    )
    if created:
        record.elections.set(elections)
        if focus_area:
            record.focus_areas.set([focus_area])
        for order, (name, position, body) in enumerate(witnesses, start=1):
            Witness.objects.create(
                agreement=record, name=name, position=position, organisation=body, order=order
            )
    for role, org, signatory_position in parties:
        AgreementParty.objects.get_or_create(
            agreement=record,
            role=role,
            defaults={"organisation": org, "signatory_position": signatory_position},
        )
    return record


def example_commitment(pks, responsible, title, stage, anchor, offset, focus_area):
    Commitment.objects.get_or_create(
        agreement=pks,
        title=title,
        defaults={
            "responsible": responsible,
            "focus_area": focus_area,
            "is_example": True,
            "description": "Contoh untuk demo; tidak tercantum dalam berita sumber.",
            "due_kind": Commitment.DueKind.STAGE,
            "due_stage": stage,
            "due_anchor": anchor,
            "due_offset_days": offset,
        },
    )


@transaction.atomic
@recounts_deferred()  # each office's tallies counted once, not after each of its rows
def load_demo(*, password):
    """Create the Bantul demo; returns the accounts as (username, role) pairs. Safe to repeat."""
    bantul = Region.objects.filter(code=REGION_CODE).first()
    # The chair who signed in the source signs the monev reports (Organisation.head_name).
    kpu = organisation(
        *KPU,
        Organisation.Kind.ELECTION_COMMISSION,
        region=bantul,
        head_name="Didik Joko Nugroho",
        head_position="Ketua KPU Kabupaten Bantul",
    )
    regency = organisation(*REGENCY, Organisation.Kind.REGIONAL_GOVERNMENT, region=bantul)
    elections = list(Election.objects.filter(slug__in=["pemilu-2024", "pilkada-2024"]))
    focus_areas = {area.slug: area for area in FocusArea.objects.all()}
    first, second = AgreementParty.Role.FIRST, AgreementParty.Role.SECOND

    mou = agreement(
        "Nota Kesepahaman antara KPU Kabupaten Bantul dan Pemerintah Kabupaten Bantul",
        kind=Agreement.Kind.MOU,
        parent=None,
        parties=[(first, kpu, ""), (second, regency, "Bupati Bantul")],
        elections=elections,
        state=Agreement.Status.SIGNED,
        is_published=True,
        published_at=timezone.now(),
    )
    # Rights follow the KPU-office membership (agencies.roles): staff record and verify, the administrator
    # also manages staff accounts.
    account("kpu", password, organisation=kpu, role=Membership.Role.STAFF, is_staff=True)
    account("kpu-admin", password, organisation=kpu, role=Membership.Role.ADMINISTRATOR, is_staff=True)
    accounts = [("kpu", "KPU staff"), ("kpu-admin", "KPU administrator")]

    agreements_by_agency = {}
    for slug, short_name, name, focus_slug, scope in AGENCIES:
        agency = organisation(slug, short_name, name, Organisation.Kind.AGENCY, parent=regency, region=bantul)
        agreements_by_agency[slug] = (
            agency,
            agreement(
                f"Perjanjian Kerja Sama antara KPU Kabupaten Bantul dengan {name} Kabupaten Bantul",
                kind=Agreement.Kind.PKS,
                parent=mou,
                parties=[(first, kpu, ""), (second, agency, "")],
                scope=scope,
                focus_area=focus_areas.get(focus_slug),
                elections=elections,
                date_signed=SIGNED_ON,
                state=Agreement.Status.SIGNED,
                witnesses=[("Joko Purnomo", "Wakil Bupati Bantul", "")],
                is_published=True,
                published_at=timezone.now(),
            ),
        )
        account(slug, password, organisation=agency, role=Membership.Role.LIAISON)
        accounts.append((slug, f"liaison, {short_name}"))

    for agency_slug, side, title, election_slug, stage_name, anchor, offset in EXAMPLE_COMMITMENTS:
        agency, pks = agreements_by_agency[agency_slug]
        stage = ElectionStage.objects.get(election__slug=election_slug, name=stage_name)
        focus_area = pks.focus_areas.first()
        example_commitment(pks, agency if side == "agency" else kpu, title, stage, anchor, offset, focus_area)
    accounts += load_training_office(
        password=password, organisation=organisation, account=account, agreement=agreement
    )
    return accounts
