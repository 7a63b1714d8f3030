"""A synthetic national data set: election offices, their agencies, agreements, commitments and reports.

Rows are written with bulk_create in large batches, so they carry no audit history; every generated
organisation's slug starts with SLUG_PREFIX.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from agencies.models import Membership, Organisation, Region, User
from agencies.offices import OfficeLevel
from agreements.models import (
    Agreement,
    AgreementParty,
    Commitment,
    Election,
    ElectionStage,
    FocusArea,
    ProgressReport,
    recount_tallies,
)

SLUG_PREFIX = "skala-"
BATCH = 5000
AGENCY_NAMES = [
    "Dinas Komunikasi dan Informatika",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Pendidikan",
    "Dinas Kebudayaan",
    "Dinas Pariwisata",
    "Dinas Perpustakaan dan Kearsipan",
    "Badan Pengelolaan Keuangan Daerah",
    "Badan Kesatuan Bangsa dan Politik",
    "Satuan Polisi Pamong Praja",
    "Dinas Kesehatan",
]


@dataclass(frozen=True)
class ScaleSize:
    # One office per regency and city: with KPU RI and the 38 provinces, the whole hierarchy.
    offices: int = 514
    agreements: int = 10_000
    commitments: int = 100_000
    reports: int = 200_000

    @property
    def agencies_per_office(self):
        return len(AGENCY_NAMES)

    def pks_count(self, office_index):
        """The PKS of the ``office_index``-th office (0-based): besides each office's MoU, the rest of the
        total spread evenly, the first offices taking one more, so the total is met exactly."""
        each, more = divmod(max(0, self.agreements - self.offices), self.offices)
        return each + (office_index < more)


def scale_data_exists():
    return Organisation.objects.filter(slug__startswith=SLUG_PREFIX).exists()


def stage_due_date(stage, anchor, offset):
    base = stage.start_date if anchor == Commitment.Anchor.START else stage.end_date
    return base + timedelta(days=offset) if base else None


def office_hierarchy(count):
    """KPU RI (the installation's, if any), the provincial offices and ``count`` regency and city offices on
    the real regions (in code order; past the 514 regencies and cities, offices without a region), saved;
    returns the regency ones. A region keeps the office it has (the demo's Bantul): one office per region."""
    # The installation's KPU RI when it has one (the migrations make it with the reference elections): the
    # database allows one national office (agencies' organisation_one_national_office).
    national = Organisation.objects.offices().filter(office_level=OfficeLevel.NATIONAL).first()
    national = national or Organisation.objects.create(
        kind=Organisation.Kind.ELECTION_COMMISSION,
        office_level=OfficeLevel.NATIONAL,
        name="Komisi Pemilihan Umum Republik Indonesia (skala)",
        short_name="KPU RI (skala)",
        slug=f"{SLUG_PREFIX}kpu-ri",
    )
    served = {office.region_id: office for office in Organisation.objects.offices().exclude(region=None)}
    regencies = Region.objects.exclude(level=Region.Level.PROVINCE).exclude(pk__in=served)
    regions = list(regencies.select_related("parent")[:count])
    regions += [None] * (count - len(regions))
    provinces = {
        region.parent_id: Organisation(
            kind=Organisation.Kind.ELECTION_COMMISSION,
            office_level=OfficeLevel.PROVINCE,
            name=f"Komisi Pemilihan Umum Provinsi {region.parent.name}",
            short_name=f"KPU Provinsi {region.parent.name}"[:64],
            slug=f"{SLUG_PREFIX}kpu-{region.parent.code}",
            region=region.parent,
            parent=national,
        )
        for region in regions
        if region is not None and region.parent_id not in served
    }
    Organisation.objects.bulk_create(provinces.values(), batch_size=BATCH)
    provinces |= {region: office for region, office in served.items() if region not in provinces}
    offices = [
        Organisation(
            kind=Organisation.Kind.ELECTION_COMMISSION,
            office_level=OfficeLevel.REGENCY,
            name=f"Komisi Pemilihan Umum {region.name if region else f'Kabupaten Contoh {n:03d}'}",
            short_name=f"KPU {region.name if region else f'Kabupaten Contoh {n:03d}'}"[:64],
            slug=f"{SLUG_PREFIX}kpu-{n:03d}",
            region=region,
            # Past the real regions an office has no province above it.
            parent=provinces.get(region.parent_id) if region else None,
        )
        for n, region in enumerate(regions, start=1)
    ]
    return Organisation.objects.bulk_create(offices, batch_size=BATCH)


@transaction.atomic
def generate(size, *, seed=2024, log=print):
    rng = random.Random(seed)
    now = timezone.now()
    elections = list(Election.objects.all())
    stages = list(ElectionStage.objects.exclude(start_date=None))
    focus_areas = list(FocusArea.objects.all())
    password = make_password(None)

    offices = office_hierarchy(size.offices)
    governments = [
        Organisation(
            kind=Organisation.Kind.REGIONAL_GOVERNMENT,
            name=f"Pemerintah {office.name.removeprefix('Komisi Pemilihan Umum ')}",
            short_name=f"Pemda {n:03d}",
            slug=f"{SLUG_PREFIX}pemda-{n:03d}",
            region=office.region,
        )
        for n, office in enumerate(offices, start=1)
    ]
    Organisation.objects.bulk_create(governments, batch_size=BATCH)
    agencies = [
        Organisation(
            kind=Organisation.Kind.AGENCY,
            name=f"{name} {government.name.removeprefix('Pemerintah ')}",
            short_name=f"OPD {n:03d}-{index:02d}",
            slug=f"{SLUG_PREFIX}opd-{n:03d}-{index:02d}",
            region=government.region,
            parent=government,
        )
        for n, government in enumerate(governments, start=1)
        for index, name in enumerate(AGENCY_NAMES, start=1)
    ]
    Organisation.objects.bulk_create(agencies, batch_size=BATCH)
    log(f"organisations: {len(offices) + len(governments) + len(agencies)}")

    liaisons = [User(username=agency.slug, password=password) for agency in agencies]
    User.objects.bulk_create(liaisons, batch_size=BATCH)
    Membership.objects.bulk_create(
        [Membership(user=user, organisation=agency) for user, agency in zip(liaisons, agencies, strict=True)],
        batch_size=BATCH,
    )
    log(f"liaisons: {len(liaisons)}")

    mous = [
        Agreement(
            office=office,
            kind=Agreement.Kind.MOU,
            title=f"Nota Kesepahaman antara {office.short_name} dan {government.name}",
            state=Agreement.Status.SIGNED,
            date_signed=timezone.localdate(now) - timedelta(days=rng.randint(400, 900)),
            is_published=True,
            published_at=now,
        )
        for office, government in zip(offices, governments, strict=True)
    ]
    Agreement.objects.bulk_create(mous, batch_size=BATCH)
    pks_list, pks_parties = [], []
    for n, (office, mou) in enumerate(zip(offices, mous, strict=True)):
        office_agencies = agencies[n * size.agencies_per_office : (n + 1) * size.agencies_per_office]
        for index in range(size.pks_count(n)):
            agency = office_agencies[index % len(office_agencies)]
            signed = mou.date_signed + timedelta(days=rng.randint(10, 200))
            pks_list.append(
                Agreement(
                    office=office,
                    kind=Agreement.Kind.PKS,
                    parent=mou,
                    title=f"Perjanjian Kerja Sama {office.short_name} dengan {agency.name} ({index + 1})",
                    scope=rng.choice(focus_areas).name,
                    state=Agreement.Status.SIGNED,
                    date_signed=signed,
                    term_start=signed,
                    term_end=signed + timedelta(days=rng.choice([365, 730, 1095])),
                    is_published=rng.random() < 0.9,
                    published_at=now,
                )
            )
            pks_parties.append((office, agency))
    Agreement.objects.bulk_create(pks_list, batch_size=BATCH)
    log(f"agreements: {len(mous) + len(pks_list)}")

    parties = []
    for number, (agreement, (office, second)) in enumerate(
        [
            *zip(mous, zip(offices, governments, strict=True), strict=True),
            *zip(pks_list, pks_parties, strict=True),
        ],
        start=1,
    ):
        parties.append(
            AgreementParty(
                agreement=agreement,
                organisation=office,
                role=AgreementParty.Role.FIRST,
                number=f"{number}/PP.01/{office.slug}/2022",
            )
        )
        parties.append(
            AgreementParty(
                agreement=agreement,
                organisation=second,
                role=AgreementParty.Role.SECOND,
                number=f"{number}/{second.slug}/2022",
            )
        )
    AgreementParty.objects.bulk_create(parties, batch_size=BATCH)
    through = Agreement.elections.through
    through.objects.bulk_create(
        [through(agreement=a, election=e) for a in mous + pks_list for e in elections], batch_size=BATCH
    )

    commitments = []
    for number in range(size.commitments):
        # Round-robin over the PKS so the requested total is met exactly.
        agreement = pks_list[number % len(pks_list)]
        office, agency = pks_parties[number % len(pks_list)]
        index = number // len(pks_list)
        stage = rng.choice(stages)
        anchor = rng.choice(Commitment.Anchor.values)
        offset = rng.randint(-30, 30)
        commitments.append(
            Commitment(
                agreement=agreement,
                responsible=agency if index % 5 else office,
                focus_area=rng.choice(focus_areas),
                title=f"Kewajiban {index + 1}: {rng.choice(focus_areas).name.lower()}",
                weight=rng.choice([1, 1, 1, 2, 3]),
                is_not_applicable=rng.random() < 0.03,
                not_applicable_reason="Data uji",
                due_kind=Commitment.DueKind.STAGE,
                due_stage=stage,
                due_anchor=anchor,
                due_offset_days=offset,
                due_on=stage_due_date(stage, anchor, offset),
                order=index,
            )
        )
    Commitment.objects.bulk_create(commitments, batch_size=BATCH)
    # Each PKS names the focus areas its commitments fall under, as staff record them: the focus areas'
    # agreement counts (home page, focus area list) then read as many links as real data would give them.
    links = sorted({(commitment.agreement_id, commitment.focus_area_id) for commitment in commitments})
    through = Agreement.focus_areas.through
    through.objects.bulk_create(
        [through(agreement_id=agreement, focusarea_id=area) for agreement, area in links], batch_size=BATCH
    )
    log(f"commitments: {len(commitments)}")

    reports, done = [], []
    liaison_of = {agency.pk: user for user, agency in zip(liaisons, agencies, strict=True)}
    reviewer = User.objects.filter(is_staff=True).first() or User.objects.create_user(
        "skala-staf-verifikator", is_staff=True
    )
    # KPU's own commitments are reported by a staff member other than the reviewer (four eyes).
    kpu_reporter = User.objects.create_user("skala-staf-pelapor", is_staff=True)
    per_commitment, extra = divmod(size.reports, len(commitments))
    for position, commitment in enumerate(commitments):
        author = liaison_of.get(commitment.responsible_id, kpu_reporter)
        count = per_commitment + (position < extra)
        for index in range(count):
            # Earlier reports were returned; only the latest may still wait or have been accepted.
            last = index == count - 1
            claim = rng.choice(ProgressReport.Claim.values)
            status = rng.choice(ProgressReport.Status.values) if last else ProgressReport.Status.RETURNED
            reviewed = status != ProgressReport.Status.SUBMITTED
            reports.append(
                ProgressReport(
                    commitment=commitment,
                    agency_id=commitment.responsible_id,
                    author=author,
                    summary="Laporan uji untuk data skala nasional.",
                    claim=claim,
                    blocked_reason="Menunggu data" if claim == ProgressReport.Claim.BLOCKED else "",
                    status=status,
                    reviewer=reviewer if reviewed else None,
                    reviewed_at=now if reviewed else None,
                    review_comment="Mohon lengkapi bukti."
                    if status == ProgressReport.Status.RETURNED
                    else "",
                )
            )
            if last and status == ProgressReport.Status.ACCEPTED:
                commitment.status = claim
                commitment.status_changed_at = now
                done.append(commitment)
    ProgressReport.objects.bulk_create(reports, batch_size=BATCH)
    Commitment.objects.bulk_update(done, ["status", "status_changed_at"], batch_size=BATCH)
    # Bulk writes send no signals: the agreements' progress columns and the offices' tallies are
    # recounted once, at the end.
    Agreement.objects.refresh_progress()
    recount_tallies(Agreement.objects.values("office_id"))
    Agreement.objects.refresh_search()
    log(f"reports: {len(reports)}")
