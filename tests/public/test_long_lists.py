"""Pages whose lists grow with the data show a bounded part and link to the rest."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from agreements.models import Commitment
from kpu_coop import pagination
from kpu_coop.pagination import PUBLIC_COMMITMENTS as PER_PAGE
from public.queries import AGREEMENTS_SHOWN
from public.timeline import PREVIEW
from tests.factories import (
    make_commitment,
    make_election,
    make_organisation,
    make_published_agreement,
    make_stage,
    second_party,
)

pytestmark = pytest.mark.django_db


def due_in(stage, agreement, count):
    return [
        make_commitment(
            agreement,
            title=f"Tugas {n:02d}",
            due_kind=Commitment.DueKind.STAGE,
            due_stage=stage,
            due_offset_days=n,
        )
        for n in range(count)
    ]


@pytest.fixture
def busy_stage():
    election = make_election(slug="pemilu-sibuk", voting_day=date(2024, 2, 14))
    stage = make_stage(election, name="Kampanye", start_date=date(2023, 11, 28), end_date=date(2024, 2, 10))
    quiet = make_stage(election, name="Pemungutan", start_date=date(2024, 2, 14), end_date=date(2024, 2, 14))
    agreement = make_published_agreement()
    due_in(stage, agreement, PREVIEW + 3)
    due_in(quiet, agreement, 2)
    return stage


def test_the_timeline_lists_the_first_commitments_of_each_stage_and_counts_them_all(client, busy_stage):
    response = client.get(reverse("public:election_detail", args=["pemilu-sibuk"]))

    busy, quiet = response.context["timeline"].rows
    assert busy.count == PREVIEW + 3 and busy.more
    assert [c.title for c in busy.preview] == [f"Tugas {n:02d}" for n in range(PREVIEW)]
    assert busy.progress.applicable == PREVIEW + 3
    assert quiet.count == 2 and not quiet.more
    stage_url = reverse("public:stage_detail", args=["pemilu-sibuk", busy_stage.pk])
    assert f'href="{stage_url}"' in response.content.decode()


def test_the_timeline_draws_one_band_from_a_stages_first_due_date_to_its_last(client, busy_stage):
    response = client.get(reverse("public:election_detail", args=["pemilu-sibuk"]))

    timeline = response.context["timeline"]
    busy = timeline.rows[0]
    due_dates = sorted(Commitment.objects.filter(due_stage=busy_stage).values_list("due_on", flat=True))
    assert busy.due_x == timeline.x(due_dates[0])
    band_end = timeline.x(due_dates[-1] + timedelta(days=1))
    assert busy.due_x + busy.due_width == pytest.approx(band_end, abs=0.2)
    assert response.text.count('class="due"') == 2


def test_the_stage_page_lists_every_commitment_due_in_it_a_page_at_a_time(client, busy_stage):
    due_in(busy_stage, make_published_agreement(), PER_PAGE)
    url = reverse("public:stage_detail", args=["pemilu-sibuk", busy_stage.pk])

    first, second = client.get(url), client.get(url, {"page": 2})

    assert len(first.context["page"].object_list) == PER_PAGE
    assert len(second.context["page"].object_list) == PREVIEW + 3
    assert first.context["totals"]["count"] == PER_PAGE + PREVIEW + 3
    assert 'rel="next" href="?page=2"' in first.content.decode()


def test_a_stage_of_another_election_is_not_found(client, busy_stage):
    make_election(slug="pilkada-lain")

    response = client.get(reverse("public:stage_detail", args=["pilkada-lain", busy_stage.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("page", ["99", "dua", "-1"])
def test_a_page_beyond_the_list_is_not_found_with_a_clear_message(client, busy_stage, page):
    url = reverse("public:stage_detail", args=["pemilu-sibuk", busy_stage.pk])

    response = client.get(url, {"page": page})
    assert response.status_code == 404
    assert f"Tidak ada halaman “{page}” dalam daftar ini: daftarnya hanya 1 halaman." in response.text
    assert "Traceback" not in response.content.decode()


def test_the_agency_page_shows_its_latest_agreements_and_links_to_the_rest(client):
    agency = make_organisation(slug="dinas-sibuk")
    signed = date(2023, 1, 1)
    for n in range(AGREEMENTS_SHOWN + 2):
        make_published_agreement(agency=agency, title=f"PKS {n:02d}", date_signed=signed + timedelta(days=n))

    response = client.get(reverse("public:organisation_detail", args=["dinas-sibuk"]))

    titles = [agreement.title for agreement in response.context["agreements"]]
    assert titles == [f"PKS {n:02d}" for n in range(AGREEMENTS_SHOWN + 1, 1, -1)]
    assert response.context["more_agreements"]
    assert f'href="{reverse("public:agreement_list")}?agency=dinas-sibuk"' in response.content.decode()


def test_the_agency_page_lists_its_commitments_a_page_at_a_time(client):
    agreement = make_published_agreement()
    agency = second_party(agreement)
    for _ in range(PER_PAGE + 1):
        make_commitment(agreement, responsible=agency)
    url = reverse("public:organisation_detail", args=[agency.slug])

    first, second = client.get(url), client.get(url, {"page": 2})

    assert not first.context["more_agreements"]
    assert len(first.context["page"].object_list) == PER_PAGE
    assert len(second.context["page"].object_list) == 1
    assert second.context["totals"]["count"] == PER_PAGE + 1


def test_the_agencies_index_lists_the_parties_a_page_at_a_time_with_their_progress(client, monkeypatch):
    monkeypatch.setattr(pagination, "PUBLIC_ORGANISATIONS", 2)
    kpu = make_organisation(short_name="KPU Uji")
    for name in ("Dinas A", "Dinas B", "Dinas C"):
        agreement = make_published_agreement(kpu=kpu, agency=make_organisation(short_name=name))
        make_commitment(agreement, status=Commitment.Status.DONE)

    pages = [client.get(reverse("public:organisation_list"), {"page": n}) for n in (1, 2)]

    names = [[o.short_name for o in page.context["page"].object_list] for page in pages]
    assert names == [["Dinas A", "Dinas B"], ["Dinas C", "KPU Uji"]]
    assert [str(o.progress) for o in pages[0].context["page"].object_list] == ["100%", "100%"]
    assert 'rel="next" href="?page=2"' in pages[0].text
