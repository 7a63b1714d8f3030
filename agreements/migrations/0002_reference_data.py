"""Reference data every installation needs: focus areas and the 2024 elections with their stages.

Rows are created only when missing, so staff edits are never overwritten.
"""

from datetime import date

from django.db import migrations

FOCUS_AREAS = [
    ("publikasi-informasi", "Publikasi dan informasi kepemiluan", "Publicity and election information"),
    ("pemutakhiran-data-pemilih", "Pemutakhiran data pemilih", "Voter data updating"),
    ("sosialisasi", "Sosialisasi tahapan pemilu dan pemilihan", "Outreach on election stages"),
    ("kearsipan", "Perawatan dan penyimpanan arsip pemilu", "Archiving of election records"),
    ("pendidikan-pemilih", "Pendidikan pemilih dan pendidikan politik", "Voter and political education"),
]

PEMILU_2024_STAGES = [
    ("Perencanaan program dan anggaran", "Programme and budget planning", date(2022, 6, 14), date(2024, 6, 14)),
    ("Pendaftaran dan verifikasi peserta pemilu", "Registration and verification of participants", date(2022, 7, 29), date(2022, 12, 13)),
    ("Pemutakhiran data pemilih dan penyusunan daftar pemilih", "Voter data updating and voter list", date(2022, 10, 14), date(2023, 6, 21)),
    ("Penetapan jumlah kursi dan daerah pemilihan", "Seats and electoral districts", date(2022, 10, 14), date(2023, 2, 9)),
    ("Pencalonan anggota DPD", "DPD candidacy", date(2022, 12, 6), date(2023, 11, 25)),
    ("Penetapan peserta pemilu", "Participants set", date(2022, 12, 14), date(2022, 12, 14)),
    ("Pencalonan anggota DPR, DPRD provinsi dan DPRD kabupaten/kota", "DPR and DPRD candidacy", date(2023, 4, 24), date(2023, 11, 25)),
    ("Pencalonan Presiden dan Wakil Presiden", "President and Vice President candidacy", date(2023, 10, 19), date(2023, 11, 25)),
    ("Masa kampanye", "Campaign", date(2023, 11, 28), date(2024, 2, 10)),
    ("Masa tenang", "Quiet period", date(2024, 2, 11), date(2024, 2, 13)),
    ("Pemungutan suara", "Voting", date(2024, 2, 14), date(2024, 2, 14)),
    ("Penghitungan suara", "Counting", date(2024, 2, 14), date(2024, 2, 15)),
    ("Rekapitulasi hasil penghitungan suara", "Recapitulation of results", date(2024, 2, 15), date(2024, 3, 20)),
    ("Pengucapan sumpah/janji anggota DPR dan DPD", "Oath of DPR and DPD members", date(2024, 10, 1), date(2024, 10, 1)),
    ("Pengucapan sumpah/janji Presiden dan Wakil Presiden", "Oath of the President and Vice President", date(2024, 10, 20), date(2024, 10, 20)),
]

PILKADA_2024_STAGES = [
    # PKPU 2/2024 gives only the end of this stage.
    ("Perencanaan program dan anggaran", "Programme and budget planning", None, date(2024, 1, 26)),
    ("Pendaftaran pemantau pemilihan", "Registration of election monitors", date(2024, 2, 27), date(2024, 11, 16)),
    ("Pembentukan badan ad hoc", "Forming ad hoc committees", date(2024, 4, 17), date(2024, 11, 5)),
    ("Penyerahan DP4", "Handover of potential voter data (DP4)", date(2024, 4, 24), date(2024, 5, 31)),
    ("Pemutakhiran dan penyusunan daftar pemilih", "Voter data updating and voter list", date(2024, 5, 31), date(2024, 9, 23)),
    ("Pendaftaran pasangan calon", "Candidate registration", date(2024, 8, 27), date(2024, 8, 29)),
    ("Penelitian persyaratan calon", "Checks of candidate requirements", date(2024, 8, 27), date(2024, 9, 21)),
    ("Penetapan pasangan calon", "Candidates set", date(2024, 9, 22), date(2024, 9, 22)),
    ("Masa kampanye", "Campaign", date(2024, 9, 25), date(2024, 11, 23)),
    ("Masa tenang", "Quiet period", date(2024, 11, 24), date(2024, 11, 26)),
    ("Pemungutan suara", "Voting", date(2024, 11, 27), date(2024, 11, 27)),
    ("Penghitungan suara dan rekapitulasi hasil", "Counting and recapitulation", date(2024, 11, 27), date(2024, 12, 16)),
]

ELECTIONS = [
    ("pemilu-2024", "Pemilu 2024", "2024 General Election", "general", date(2024, 2, 14), "PKPU Nomor 3 Tahun 2022", PEMILU_2024_STAGES),
    ("pilkada-2024", "Pemilihan Kepala Daerah 2024", "2024 Regional Head Election", "regional", date(2024, 11, 27), "PKPU Nomor 2 Tahun 2024", PILKADA_2024_STAGES),
]


def load(apps, schema_editor, office=None):
    # ``office``: the organising office, once elections have one (0014); tests reload this data after a flush.
    owner = {"office": office} if office is not None else {}
    FocusArea = apps.get_model("agreements", "FocusArea")
    Election = apps.get_model("agreements", "Election")
    ElectionStage = apps.get_model("agreements", "ElectionStage")
    for order, (slug, name, name_en) in enumerate(FOCUS_AREAS, start=1):
        FocusArea.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "order": order}
        )
    for slug, name, name_en, kind, voting_day, legal_basis, stages in ELECTIONS:
        election, created = Election.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "kind": kind,
                "voting_day": voting_day,
                "legal_basis": legal_basis,
                **owner,
            },
        )
        if not created:
            continue
        for order, (stage_name, stage_name_en, start, end) in enumerate(stages, start=1):
            ElectionStage.objects.create(
                election=election,
                order=order,
                name=stage_name,
                name_en=stage_name_en,
                start_date=start,
                end_date=end,
            )


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
