"""A fictional training office beside the Bantul demo: a second tenant to practise on, never real data.

Every name it creates says so ("data latihan" in the office's, agencies' and agreements' names), so each page
that shows its records labels them as training data. Its staff (``kpu-contoh``) see none of Bantul's internal
records and Bantul's staff none of its own; its agencies' liaisons report and its staff verify, so the
portal and the workspace have work to show.
"""

from datetime import date, timedelta

from django.utils import timezone

from agencies.models import Membership, Organisation
from agencies.offices import OfficeLevel
from agreements.models import (
    Agreement,
    AgreementParty,
    Commitment,
    Election,
    ElectionStage,
    FocusArea,
    ForceMajeureEvent,
    GrantTranche,
    MonevEvaluation,
    ProgressReport,
)
from agreements.services_force_majeure import force_majeure_end
from agreements.services_monev import monev_evaluation_save
from agreements.services_reports import report_accept, report_return, report_submit

TRAINING = "data latihan"
OFFICE = ("kpu-contoh", "KPU Contoh (latihan)", f"KPU Kabupaten Contoh — {TRAINING}")


def labelled(title):
    """A commitment's title naming it training data too: the admin's history and delete pages show only it."""
    return f"{title} ({TRAINING})"


GOVERNMENT = ("pemkab-contoh", "Pemkab Contoh (latihan)", f"Pemerintah Kabupaten Contoh — {TRAINING}")
# (slug, short name, official name, focus area slug, liaison username)
AGENCIES = [
    (
        "contoh-diskominfo",
        "Diskominfo Contoh (latihan)",
        "Dinas Komunikasi dan Informatika",
        "publikasi-informasi",
    ),
    ("contoh-dukcapil", "Dukcapil Contoh (latihan)", "Dinas Kependudukan dan Pencatatan Sipil", None),
    (
        "contoh-kesbangpol",
        "Kesbangpol Contoh (latihan)",
        "Badan Kesatuan Bangsa dan Politik",
        "pendidikan-pemilih",
    ),
]
# (agency slug, title, stage name of Pemilu 2024, anchor, offset days, what happens to its report)
COMMITMENTS = [
    (
        "contoh-diskominfo",
        "Menayangkan jadwal tahapan di kanal Pemkab",
        "Masa kampanye",
        "start",
        -14,
        "accepted",
    ),
    (
        "contoh-diskominfo",
        "Menyiarkan ajakan memilih menjelang hari pemungutan",
        "Masa tenang",
        "start",
        0,
        None,
    ),
    (
        "contoh-dukcapil",
        "Menyerahkan data penduduk potensial pemilih",
        "Pemutakhiran data pemilih dan penyusunan daftar pemilih",
        "start",
        0,
        "returned",
    ),
    ("contoh-kesbangpol", "Pendidikan pemilih bagi pemilih pemula", "Masa kampanye", "start", 0, "submitted"),
]


# The Diskominfo PKS carries every clause, so each section of the public page has something to show.
FULL_CLAUSES = {
    "place_signed": "Kota Contoh",
    "date_signed": date(2023, 1, 2),
    "term_start": date(2023, 1, 2),
    "term_end": date(2024, 12, 31),
    "legal_basis": (
        "Peraturan Pemerintah Nomor 28 Tahun 2018 tentang Kerja Sama Daerah; Peraturan Menteri Dalam "
        "Negeri Nomor 22 Tahun 2020; Nota Kesepahaman KPU Kabupaten Contoh dan Pemerintah Kabupaten Contoh "
        f"({TRAINING})."
    ),
    "purpose": (
        f"Menyebarluaskan informasi tahapan Pemilu 2024 kepada masyarakat Kabupaten Contoh ({TRAINING})."
    ),
    "scope": "Publikasi jadwal tahapan, siaran ajakan memilih, dan peliputan kegiatan KPU di kanal Pemkab.",
    "funding": "Biaya pelaksanaan dibebankan pada anggaran masing-masing pihak.",
    "funding_source": f"DIPA KPU Kabupaten Contoh dan APBD Kabupaten Contoh ({TRAINING})",
    "monitoring_every_months": 3,
    "monitoring_forum": "Rapat koordinasi triwulanan KPU dan Diskominfo (latihan)",
    "dispute_settlement": "Perselisihan diselesaikan secara musyawarah untuk mufakat.",
    "witnesses": [
        ("Wakil Bupati Contoh", "Wakil Bupati", GOVERNMENT[2]),
        ("Sekretaris KPU Contoh", "Sekretaris", OFFICE[2]),
    ],
}
PARTY_CLAUSES = {
    AgreementParty.Role.FIRST: (
        "Menerima laporan pelaksanaan publikasi.",
        "Menyediakan bahan publikasi tahapan pemilu.",
    ),
    AgreementParty.Role.SECOND: (
        "Memperoleh bahan publikasi yang akurat dan tepat waktu.",
        "Menayangkan bahan publikasi di kanal Pemkab dan melaporkannya.",
    ),
}
# Done before its due date (days from today): verified today, so "verified on …, on time" shows publicly.
# COMMITMENTS' first one, due in November 2023 and accepted on loading, shows "N days late" beside it.
ON_TIME = ("contoh-diskominfo", "Meliput rapat koordinasi persiapan pemilihan", 30)
# The office's own (fictional) election, whose stage is moved once loaded, through the stage-move service
# (ElectionStage.save): its tied commitment gets a public due-date change "Election stage moved".
ELECTION = ("pemilihan-contoh-latihan", f"Pemilihan Kepala Desa Serentak Kabupaten Contoh ({TRAINING})")
# (stage name, start and end in days from today, days it is moved by)
MOVED_STAGE = ("Sosialisasi pemilihan (latihan)", 45, 75, 14)
MOVED_COMMITMENT = ("contoh-kesbangpol", "Sosialisasi pemilihan kepala desa bagi pemilih pemula")
# The Diskominfo PKS's monev (quarterly from 2 January 2023) evaluated on one scheduled day, 2 July 2024; the
# last, 2 October 2024, is left without one, so the workspace flags it.
EVALUATED_MONEV = date(2024, 7, 2)
# A regional grant agreement for the Pilkada, as a regency signs one: all figures are invented.
GRANT = {
    "title": (
        f"Naskah Perjanjian Hibah Daerah untuk Pemilihan Bupati dan Wakil Bupati Contoh 2024 ({TRAINING})"
    ),
    "amount": 30_000_000_000,
    "tranches": [
        # (order, planned date or (stage name, anchor, offset days), planned amount, disbursed on, amount)
        (1, date(2023, 11, 24), 12_000_000_000, date(2023, 11, 22), 12_000_000_000),
        (2, ("Pemungutan suara", "start", -150), 18_000_000_000, None, None),
    ],
    "usage_report": (
        "Menyampaikan laporan penggunaan hibah kepada Bupati Contoh",
        "Penghitungan suara dan rekapitulasi hasil",
        "end",
        90,
    ),
}


def load_training_office(*, password, organisation, account, agreement):
    """Create the training office with the Bantul demo's helpers; returns its accounts as (username, role)."""
    office = organisation(
        *OFFICE,
        Organisation.Kind.ELECTION_COMMISSION,
        office_level=OfficeLevel.REGENCY,
        head_name=f"Ketua Contoh ({TRAINING})",
        head_position="Ketua KPU Kabupaten Contoh",
    )
    government = organisation(*GOVERNMENT, Organisation.Kind.REGIONAL_GOVERNMENT)
    staff = account("kpu-contoh", password, organisation=office, role=Membership.Role.STAFF, is_staff=True)
    accounts = [("kpu-contoh", f"KPU staff, {OFFICE[2]}")]
    first, second = AgreementParty.Role.FIRST, AgreementParty.Role.SECOND
    stages = {stage.name: stage for stage in ElectionStage.objects.filter(election__slug="pemilu-2024")}
    focus_areas = {area.slug: area for area in FocusArea.objects.all()}
    published = {"state": Agreement.Status.SIGNED, "is_published": True, "published_at": timezone.now()}
    mou = agreement(
        f"Nota Kesepahaman KPU Kabupaten Contoh dan Pemerintah Kabupaten Contoh ({TRAINING})",
        kind=Agreement.Kind.MOU,
        parent=None,
        parties=[(first, office, ""), (second, government, "Bupati Contoh")],
        **published,
    )
    agencies, liaisons = {}, {}
    for slug, short_name, name, focus_slug in AGENCIES:
        agency = organisation(
            slug, short_name, f"{name} Kabupaten Contoh — {TRAINING}", "agency", parent=government
        )
        liaisons[slug] = account(slug, password, organisation=agency, role=Membership.Role.LIAISON)
        accounts.append((slug, f"liaison, {short_name}"))
        clauses = FULL_CLAUSES if slug == "contoh-diskominfo" else {}
        agencies[slug] = (
            agreement(
                f"Perjanjian Kerja Sama KPU Kabupaten Contoh dengan {name} ({TRAINING})",
                kind=Agreement.Kind.PKS,
                parent=mou,
                parties=[(first, office, ""), (second, agency, "")],
                focus_area=focus_areas.get(focus_slug),
                **clauses,
                **published,
            ),
            agency,
        )
    reported = []
    for slug, title, stage_name, anchor, offset, outcome in COMMITMENTS:
        pks, agency = agencies[slug]
        commitment, created = Commitment.objects.get_or_create(
            agreement=pks,
            title=labelled(title),
            defaults={
                "responsible": agency,
                "description": f"Contoh untuk latihan ({TRAINING}).",
                "due_kind": Commitment.DueKind.STAGE,
                "due_stage": stages.get(stage_name),
                "due_anchor": anchor,
                "due_offset_days": offset,
            },
        )
        if created and outcome:
            reported.append((commitment, slug, outcome))
    # The flood of November 2023 ended before the reports came in: its suspended deadline moved while open.
    _full_clauses(agencies["contoh-diskominfo"][0])
    for commitment, slug, outcome in reported:
        _report(commitment, liaisons[slug], staff, outcome)
    _on_time(agencies, liaisons, staff)
    _moved_stage(office, agencies, staff)
    _monev_evaluation(agencies["contoh-diskominfo"][0], staff)
    _grant(agreement, office, government, published)
    return accounts


def _full_clauses(pks):
    """The Diskominfo PKS's rights and obligations, and a force majeure event suspending a deadline."""
    for role, (rights, obligations) in PARTY_CLAUSES.items():
        pks.parties.filter(role=role, rights="").update(rights=rights, obligations=obligations)
    event, created = ForceMajeureEvent.objects.get_or_create(
        agreement=pks,
        starts_on=date(2023, 11, 6),
        defaults={"reason": f"Banjir merusak jaringan siaran Pemkab ({TRAINING})."},
    )
    if created:
        event.suspended_commitments.set(pks.commitments.filter(title=labelled(COMMITMENTS[0][1])))
        # Ended as staff end one, so the deadlines it suspended move the one way they can.
        force_majeure_end(event=event, ends_on=date(2023, 11, 20))


def _on_time(agencies, liaisons, staff):
    """A commitment due in a month, reported done and accepted today: a completion on time."""
    slug, title, days = ON_TIME
    pks, agency = agencies[slug]
    commitment, created = Commitment.objects.get_or_create(
        agreement=pks,
        title=labelled(title),
        defaults={
            "responsible": agency,
            "description": f"Contoh penyelesaian tepat waktu ({TRAINING}).",
            "due_kind": Commitment.DueKind.FIXED,
            "due_date": timezone.localdate() + timedelta(days=days),
        },
    )
    if created:
        _report(commitment, liaisons[slug], staff, "accepted")


def _moved_stage(office, agencies, staff):
    """The office's own election with one stage, a commitment tied to it, and the stage moved later."""
    slug, name = ELECTION
    election, _created = Election.objects.get_or_create(
        slug=slug, defaults={"name": name, "office": office, "kind": Election.Kind.OTHER}
    )
    stage_name, start, end, moved_by = MOVED_STAGE
    today = timezone.localdate()
    stage, created = ElectionStage.objects.get_or_create(
        election=election,
        name=stage_name,
        defaults={"start_date": today + timedelta(days=start), "end_date": today + timedelta(days=end)},
    )
    if not created:
        return
    agency_slug, title = MOVED_COMMITMENT
    pks, agency = agencies[agency_slug]
    pks.elections.add(election)
    Commitment.objects.create(
        agreement=pks,
        title=labelled(title),
        responsible=agency,
        description=f"Tenggat mengikuti tahapan yang dimundurkan ({TRAINING}).",
        due_kind=Commitment.DueKind.STAGE,
        due_stage=stage,
        due_anchor="start",
        due_offset_days=0,
    )
    # Saved as the office's staff would in the admin: the stage-move service re-dates the commitment.
    stage.start_date += timedelta(days=moved_by)
    stage.end_date += timedelta(days=moved_by)
    stage._history_user = staff
    stage.save()


def _monev_evaluation(pks, staff):
    """The Diskominfo PKS's evaluation for its monev scheduled on EVALUATED_MONEV (the position that day)."""
    period = EVALUATED_MONEV.isoformat()
    if MonevEvaluation.objects.filter(agreement=pks, period=period).exists():
        return
    monev_evaluation_save(
        agreement=pks,
        period=period,
        author=staff,
        version=0,
        obstacles="Jaringan siaran Pemkab sempat terputus akibat banjir (latihan).",
        recommendations="Menyiapkan kanal cadangan untuk penayangan jadwal tahapan (latihan).",
        follow_up="Diskominfo menguji kanal cadangan sebelum rapat triwulan berikutnya (latihan).",
    )


def _grant(agreement, office, government, published):
    """A published NPHD: one tranche disbursed, one planned before voting day, and the usage report due."""
    pilkada = {stage.name: stage for stage in ElectionStage.objects.filter(election__slug="pilkada-2024")}
    nphd = agreement(
        GRANT["title"],
        kind=Agreement.Kind.NPHD,
        parent=None,
        office=office,
        parties=[
            (AgreementParty.Role.FIRST, government, "Bupati Contoh"),
            (AgreementParty.Role.SECOND, office, "Ketua KPU Kabupaten Contoh"),
        ],
        elections=Election.objects.filter(slug="pilkada-2024"),
        date_signed=date(2023, 11, 10),
        term_start=date(2023, 11, 10),
        term_end=date(2025, 4, 30),
        grant_amount=GRANT["amount"],
        funding_source=f"APBD Kabupaten Contoh TA 2023 dan 2024 ({TRAINING})",
        **published,
    )
    for order, due, planned, disbursed_on, disbursed in GRANT["tranches"]:
        if isinstance(due, date):
            when = {"due_kind": GrantTranche.DueKind.FIXED, "due_date": due}
        else:
            stage_name, anchor, offset = due
            when = {
                "due_kind": GrantTranche.DueKind.STAGE,
                "due_stage": pilkada.get(stage_name),
                "due_anchor": anchor,
                "due_offset_days": offset,
            }
        GrantTranche.objects.get_or_create(
            agreement=nphd,
            order=order,
            defaults={
                **when,
                "planned_amount": planned,
                "disbursed_on": disbursed_on,
                "disbursed_amount": disbursed,
            },
        )
    title, stage_name, anchor, offset = GRANT["usage_report"]
    Commitment.objects.get_or_create(
        agreement=nphd,
        title=labelled(title),
        defaults={
            "responsible": office,
            "description": f"Laporan penggunaan hibah setelah tahapan berakhir ({TRAINING}).",
            "due_kind": Commitment.DueKind.STAGE,
            "due_stage": pilkada.get(stage_name),
            "due_anchor": anchor,
            "due_offset_days": offset,
        },
    )


def _report(commitment, liaison, staff, outcome):
    """A liaison's report on ``commitment``, then the staff's decision: accepted, returned or waiting."""
    claim = ProgressReport.Claim.DONE if outcome == "accepted" else ProgressReport.Claim.IN_PROGRESS
    report = report_submit(
        commitment=commitment, author=liaison, summary=f"Laporan latihan: {commitment.title}.", claim=claim
    )
    if outcome == "accepted":
        report_accept(report=report, reviewer=staff, comment="Diterima (latihan).")
    elif outcome == "returned":
        report_return(report=report, reviewer=staff, comment="Lampirkan daftar serah terima data (latihan).")
