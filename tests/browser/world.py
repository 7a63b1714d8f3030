"""A small published world for the browser tests, made with the factories."""

from datetime import date

from agencies.models import Organisation
from agreements.models import Agreement, Commitment, Election, FocusArea
from agreements.models.tallies import recounts_deferred
from tests.factories import (
    make_agreement,
    make_commitment,
    make_document,
    make_organisation,
    make_published_agreement,
)


# One commit, and each office's tallies counted once: the live server's tests commit each write, and each
# commit rebuilds the open data files (the immediate task backend), 26 times a test before.
@recounts_deferred()
def build_world():
    kpu = make_organisation(
        kind=Organisation.Kind.ELECTION_COMMISSION,
        short_name="KPU Bantul",
        name="KPU Kabupaten Bantul",
        slug="kpu",
    )
    dukcapil = make_organisation(
        short_name="Dukcapil", name="Dinas Kependudukan dan Pencatatan Sipil", slug="dukcapil"
    )
    kesbangpol = make_organisation(
        short_name="Kesbangpol", name="Badan Kesatuan Bangsa dan Politik", slug="kesbangpol"
    )
    pemilu = Election.objects.get(slug="pemilu-2024")
    voter_data = FocusArea.objects.get(slug="pemutakhiran-data-pemilih")
    education = FocusArea.objects.get(slug="pendidikan-pemilih")
    campaign = pemilu.stages.get(name="Masa kampanye")

    mou = make_published_agreement(
        kind=Agreement.Kind.MOU, title="Nota Kesepahaman KPU dan Pemerintah Kabupaten Bantul", kpu=kpu
    )
    voters = make_published_agreement(
        title="Perjanjian Kerja Sama tentang Pemutakhiran Data Pemilih",
        parent=mou,
        kpu=kpu,
        agency=dukcapil,
        scope="Pemutakhiran data pemilih.",
        term_start=date(2022, 12, 28),
        term_end=date(2024, 12, 31),
        place_signed="Bantul",
    )
    voters.elections.add(pemilu)
    voters.focus_areas.add(voter_data)
    make_commitment(
        voters,
        title="Menyediakan data kependudukan",
        focus_area=voter_data,
        due_kind=Commitment.DueKind.STAGE,
        due_stage=campaign,
        due_offset_days=-30,
        status=Commitment.Status.DONE,
        status_changed_at="2023-10-01T03:00Z",
    )
    make_commitment(voters, title="Menyerahkan rekap data", focus_area=voter_data, weight=2)
    make_document(voters, title="Naskah PKS bertanda tangan", name="naskah-pks.pdf")
    make_published_agreement(
        kind=Agreement.Kind.ADDENDUM, parent=voters, title="Addendum PKS Data Pemilih", kpu=kpu
    )

    education_pks = make_published_agreement(
        title="Perjanjian Kerja Sama tentang Pendidikan Pemilih", parent=mou, kpu=kpu, agency=kesbangpol
    )
    education_pks.focus_areas.add(education)
    education_pks.elections.add(pemilu)
    make_commitment(education_pks, title="Pendidikan pemilih pemula", focus_area=education)
    make_agreement(title="Perjanjian Rahasia yang Belum Terbit", kpu=kpu, agency=dukcapil)
    return {
        "voters": voters,
        "dukcapil": dukcapil,
        "pemilu": pemilu,
        "campaign": campaign,
        "voter_data": voter_data,
    }
