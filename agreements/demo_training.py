"""A fictional training office beside the Bantul demo: a second tenant to practise on, never real data.

Every name it creates says so ("data latihan" in the office's, agencies' and agreements' names), so each page
that shows its records labels them as training data. Its staff (``kpu-contoh``) see none of Bantul's internal
records and Bantul's staff none of its own; its agencies' liaisons report and its staff verify, so the
portal and the workspace have work to show.
"""

from django.utils import timezone

from agencies.models import Membership, Organisation
from agencies.offices import OfficeLevel
from agreements.models import Agreement, AgreementParty, Commitment, ElectionStage, FocusArea, ProgressReport
from agreements.services_reports import report_accept, report_return, report_submit

TRAINING = "data latihan"
OFFICE = ("kpu-contoh", "KPU Contoh (latihan)", f"KPU Kabupaten Contoh — {TRAINING}")
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
        agencies[slug] = (
            agreement(
                f"Perjanjian Kerja Sama KPU Kabupaten Contoh dengan {name} ({TRAINING})",
                kind=Agreement.Kind.PKS,
                parent=mou,
                parties=[(first, office, ""), (second, agency, "")],
                focus_area=focus_areas.get(focus_slug),
                **published,
            ),
            agency,
        )
    for slug, title, stage_name, anchor, offset, outcome in COMMITMENTS:
        pks, agency = agencies[slug]
        commitment, created = Commitment.objects.get_or_create(
            agreement=pks,
            title=title,
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
            _report(commitment, liaisons[slug], staff, outcome)
    return accounts


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
