"""Each public page shows what a citizen came for."""

from datetime import date

import pytest
from django.urls import reverse

from agreements.models import Agreement, Commitment
from tests.factories import (
    make_agreement,
    make_commitment,
    make_election,
    make_focus_area,
    make_organisation,
    make_published_agreement,
    make_stage,
    make_user,
    second_party,
)

pytestmark = pytest.mark.django_db


def test_it_shows_headline_figures_on_the_home_page(client):
    agreement = make_published_agreement()
    make_commitment(agreement, status=Commitment.Status.DONE)
    make_commitment(agreement)
    make_agreement()  # unpublished: not counted

    response = client.get(reverse("public:home"))

    figures = [str(value) for value in response.context["totals"].values()]
    assert response.context["agreement_count"] == 1
    assert response.context["agency_count"] == 1
    assert figures == ["2", "1", "50%"]


def test_it_lists_published_agreements_with_a_result_count(client):
    make_published_agreement(title="Perjanjian A")
    make_published_agreement(title="Perjanjian B")

    response = client.get(reverse("public:agreement_list"))

    assert response.context["paginator"].count == 2
    assert "Perjanjian A" in response.text
    assert "Perjanjian B" in response.text


def test_it_paginates_the_listing_keeping_the_filters(client):
    agency = make_organisation(slug="dukcapil")
    for _ in range(21):
        make_published_agreement(agency=agency)

    response = client.get(reverse("public:agreement_list"), {"agency": "dukcapil", "page": 2})

    assert len(response.context["page"].object_list) == 1
    assert 'href="?agency=dukcapil&amp;page=1"' in response.text


def test_it_filters_the_listing_by_agency(client):
    wanted = make_published_agreement(agency=make_organisation(slug="dukcapil"))
    make_published_agreement()

    response = client.get(reverse("public:agreement_list"), {"agency": "dukcapil"})

    assert list(response.context["page"].object_list) == [wanted]


def test_it_filters_the_listing_by_focus_area_election_year_and_status(client):
    area, election = make_focus_area(slug="arsip"), make_election(slug="pemilu-uji")
    wanted = make_published_agreement(date_signed=date(2022, 12, 28), state=Agreement.Status.TERMINATED)
    wanted.focus_areas.add(area)
    wanted.elections.add(election)
    other_year = make_published_agreement(date_signed=date(2021, 1, 5), state=Agreement.Status.TERMINATED)
    other_year.focus_areas.add(area)
    other_year.elections.add(election)
    make_published_agreement(date_signed=date(2022, 12, 28))

    response = client.get(
        reverse("public:agreement_list"),
        {"focus_area": "arsip", "election": "pemilu-uji", "year": "2022", "status": "terminated"},
    )

    assert list(response.context["page"].object_list) == [wanted]


def test_it_filters_the_listing_by_signing_dates(client):
    wanted = make_published_agreement(date_signed=date(2022, 12, 28))
    make_published_agreement(date_signed=date(2023, 3, 1))

    response = client.get(
        reverse("public:agreement_list"), {"signed_from": "2022-12-01", "signed_to": "2022-12-31"}
    )

    assert list(response.context["page"].object_list) == [wanted]


def test_it_sorts_the_listing_by_progress(client):
    slow = make_published_agreement(title="Lambat")
    make_commitment(slow)
    fast = make_published_agreement(title="Cepat")
    make_commitment(fast, status=Commitment.Status.DONE)

    response = client.get(reverse("public:agreement_list"), {"sort": "progress"})

    assert list(response.context["page"].object_list) == [fast, slow]


def test_it_shows_everything_the_issue_lists_on_the_agreement_page(client):
    mou = make_published_agreement(kind=Agreement.Kind.MOU, title="Nota Kesepahaman Induk")
    agreement = make_published_agreement(
        parent=mou, place_signed="Bantul", term_start=date(2023, 1, 1), term_end=date(2024, 12, 31)
    )
    make_published_agreement(parent=agreement, kind=Agreement.Kind.ADDENDUM, title="Addendum Pertama")
    party = agreement.parties.get(role="second")
    party.signatory_name, party.signatory_position = "Budi", "Kepala Dinas"
    party.save()
    election = make_election(name="Pemilu Uji")
    agreement.elections.add(election)
    stage = make_stage(election, name="Masa kampanye", end_date=date(2024, 2, 10))
    make_commitment(
        agreement,
        title="Menyebarkan informasi",
        focus_area=make_focus_area(name="Publikasi"),
        due_kind=Commitment.DueKind.STAGE,
        due_stage=stage,
        due_offset_days=-14,
    )

    text = client.get(reverse("public:agreement_detail", args=[agreement.pk])).text

    for expected in [
        agreement.title,
        *[party.number for party in agreement.parties.all()],
        "Budi, Kepala Dinas",
        "Bantul",
        "1 Januari 2023",
        "31 Desember 2024",
        "Pemilu Uji",
        "Nota Kesepahaman Induk",
        "Addendum Pertama",
        "Publikasi",
        "Menyebarkan informasi",
        "27 Januari 2024",
        "Masa kampanye",
        "<progress",
    ]:
        assert expected in text, expected


def test_it_states_how_progress_is_measured(client):
    agreement = make_published_agreement()

    response = client.get(reverse("public:agreement_detail", args=[agreement.pk]), HTTP_ACCEPT_LANGUAGE="en")

    assert response.context["agreement"].progress.percent is None
    assert 'class="method"' in response.text


def test_it_hides_an_unpublished_parent_in_the_chain(client):
    hidden = make_agreement(kind=Agreement.Kind.MOU, title="MoU belum terbit")
    agreement = make_published_agreement(parent=hidden)

    text = client.get(reverse("public:agreement_detail", args=[agreement.pk])).text

    assert "MoU belum terbit" not in text


def test_it_shows_an_agencys_agreements_commitments_and_progress(client):
    agreement = make_published_agreement()
    agency = second_party(agreement)
    make_commitment(agreement, title="Tugas selesai", status=Commitment.Status.DONE)
    make_commitment(agreement, title="Tugas berjalan")

    response = client.get(reverse("public:organisation_detail", args=[agency.slug]))

    assert list(response.context["agreements"]) == [agreement]
    assert "Tugas selesai" in response.text
    assert str(response.context["totals"]["progress"]) == "50%"


def test_it_lists_every_party_to_a_published_agreement(client):
    agreement = make_published_agreement()
    make_organisation(short_name="Tanpa Perjanjian")

    text = client.get(reverse("public:organisation_list")).text

    assert second_party(agreement).short_name in text
    assert "Tanpa Perjanjian" not in text


def test_it_shows_a_focus_areas_agreements_and_commitments(client):
    area = make_focus_area(name="Kearsipan")
    agreement = make_published_agreement()
    agreement.focus_areas.add(area)
    make_commitment(agreement, title="Menyimpan arsip", focus_area=area)

    response = client.get(reverse("public:focus_area_detail", args=[area.slug]))

    assert list(response.context["agreements"]) == [agreement]
    assert "Menyimpan arsip" in response.text


def test_it_draws_the_election_stages_in_order_with_the_commitments_due(client):
    election = make_election(voting_day=date(2024, 2, 14))
    later = make_stage(
        election, name="Kampanye", order=2, start_date=date(2023, 11, 28), end_date=date(2024, 2, 10)
    )
    make_stage(
        election, name="Pendaftaran", order=1, start_date=date(2022, 7, 29), end_date=date(2022, 12, 13)
    )
    make_commitment(
        make_published_agreement(), title="Sosialisasi", due_kind=Commitment.DueKind.STAGE, due_stage=later
    )

    response = client.get(reverse("public:election_detail", args=[election.slug]))

    rows = response.context["timeline"].rows
    assert [row.stage.name for row in rows] == ["Pendaftaran", "Kampanye"]
    assert [c.title for c in rows[1].preview] == ["Sosialisasi"]
    assert rows[1].count == 1 and not rows[1].more
    assert response.text.count('<svg class="bar"') == 2


def test_it_lists_the_elections_and_focus_areas(client):
    election, area = make_election(name="Pemilu Contoh"), make_focus_area(name="Bidang Contoh")

    elections = client.get(reverse("public:election_list")).text
    areas = client.get(reverse("public:focus_area_list")).text

    assert election.name in elections
    assert area.name in areas


def test_the_header_offers_the_portal_to_a_logged_in_visitor_and_log_in_to_others(client):
    anonymous = client.get(reverse("public:home")).text
    client.force_login(make_user("dukcapil"))

    logged_in = client.get(reverse("public:home")).text

    log_in = f'href="{reverse("login")}?lang=id"'
    assert log_in in anonymous and f'href="{reverse("portal:home")}"' not in anonymous
    assert f'href="{reverse("portal:home")}"' in logged_in and log_in not in logged_in


def test_the_timeline_marks_an_open_commitment_past_its_due_date_overdue_and_not_a_done_one(client):
    election = make_election(voting_day=date(2024, 2, 14))
    stage = make_stage(election, name="Kampanye", start_date=date(2023, 11, 28), end_date=date(2024, 2, 10))
    agreement = make_published_agreement(title="PKS Diskominfo")
    for title, status in (("Sosialisasi", "in_progress"), ("Publikasi", "done")):
        make_commitment(
            agreement, title=title, status=status, due_kind=Commitment.DueKind.STAGE, due_stage=stage
        )

    text = client.get(f"/en/elections/{election.slug}/").content.decode()

    lines = {
        line.split("</a>")[0].rsplit(">", 1)[1]: line for line in text.split('class="commitment-preview"')[1:]
    }
    assert "PKS Diskominfo" in lines["Sosialisasi"] and "Overdue" in lines["Sosialisasi"]
    assert "In progress" in lines["Sosialisasi"]
    assert "Overdue" not in lines["Publikasi"] and "Done (verified)" in lines["Publikasi"]


def test_it_heads_commitments_without_a_focus_area_as_other_only_beside_those_with_one(client):
    agreement = make_published_agreement()
    make_commitment(agreement, title="Tanpa bidang")
    page = client.get(f"/en/agreements/{agreement.pk}/").text
    # No heading level skipped: the commitment's own heading moves up one.
    assert '<h3 class="commitment-title">Tanpa bidang</h3>' in page and "Other commitments" not in page
    mixed = make_published_agreement()
    make_commitment(mixed, title="Tanpa bidang")
    area = make_focus_area()
    make_commitment(mixed, title="Dengan bidang", focus_area=area)
    page = client.get(f"/en/agreements/{mixed.pk}/").text
    assert f"<h3>{area.name_en or area.name}</h3>" in page and "<h3>Other commitments</h3>" in page
