"""An agreement card (public/_agreement_items.html) shows its kind, status, title, parties, date and progress
in the visitor's language, and links to the agreement on the site it is shown on (public.queries.as_cards)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from agencies.models import Region
from agreements.models import Agreement, AgreementParty, Commitment
from tests.factories import (
    make_commitment,
    make_focus_area,
    make_kpu_office,
    make_organisation,
    make_published_agreement,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def bantul_agreement():
    bantul = make_kpu_office(
        slug="kpu-bantul", name="KPU Kabupaten Bantul", region=Region.objects.get(code="34.02")
    )
    agency = make_organisation(slug="dukcapil", short_name="Dukcapil Bantul")
    agreement = make_published_agreement(kpu=bantul, agency=agency, title="PKS Pemutakhiran Data")
    agreement.focus_areas.add(make_focus_area(slug="data-pemilih"))
    make_commitment(agreement, status=Commitment.Status.DONE)
    make_commitment(agreement, status=Commitment.Status.DONE)
    make_commitment(agreement)
    return agreement


def card(page):
    return re.search(r'<li class="card">.*?</li>\s*</ol>', page, re.S).group(0)


@pytest.mark.parametrize(
    ("prefix", "words"),
    [
        ("", ["Perjanjian Kerja Sama", "Ditandatangani", "Para pihak", "Kemajuan: 66% selesai"]),
        ("/en", ["Cooperation agreement", "Signed", "Parties", "Progress: 66% verified done"]),
    ],
)
def test_a_card_speaks_the_visitors_language(client, bantul_agreement, prefix, words):
    shown = card(client.get(f"{prefix}/agreements/").text)

    assert [word for word in words if word not in shown] == []
    assert "PKS Pemutakhiran Data" in shown and "Dukcapil Bantul" in shown


@pytest.mark.parametrize("page", ["agreements/", "", "agencies/dukcapil/", "focus-areas/data-pemilih/"])
def test_a_card_links_to_the_agreement_on_the_site_it_is_shown_on(client, bantul_agreement, page):
    national = client.get(f"/{page}").text
    office = client.get(f"/kpu-bantul/{page}").text

    assert f'<a href="/agreements/{bantul_agreement.pk}/">' in card(national)
    assert f'<a href="/kpu-bantul/agreements/{bantul_agreement.pk}/">' in card(office)


def test_a_kind_outside_todays_choices_shows_as_recorded(client, bantul_agreement):
    # Nothing in the database limits the kind: a restored or older row keeps its own.
    Agreement.objects.filter(pk=bantul_agreement.pk).update(kind="legacy")

    assert '<span class="badge">legacy</span>' in card(client.get("/agreements/").text)


@pytest.mark.parametrize(
    ("prefix", "bar", "none"),
    [
        (
            "",
            '<progress max="100" value="66" aria-label="Kemajuan: 66% selesai terverifikasi">66%</progress>',
            "Kemajuan: belum ada kewajiban berlaku yang tercatat.",
        ),
        (
            "/en",
            '<progress max="100" value="66" aria-label="Progress: 66% verified done">66%</progress>',
            "Progress: no applicable commitments recorded yet.",
        ),
    ],
)
def test_the_progress_bar_gives_its_figure_or_says_there_is_none(client, bantul_agreement, prefix, bar, none):
    nothing_applicable = make_published_agreement(
        kpu=bantul_agreement.office, agency=make_organisation(slug="kominfo"), title="PKS Informasi Pemilu"
    )
    make_commitment(nothing_applicable, is_not_applicable=True, not_applicable_reason="Tidak ada pemilu")

    listing = client.get(f"{prefix}/agreements/").text
    page = client.get(f"{prefix}/agreements/{bantul_agreement.pk}/").text

    assert bar in listing and bar in page
    assert listing.count(none) == 1


def test_a_card_names_the_parties_in_role_order_with_their_numbers(client, bantul_agreement):
    # Recorded second party first: the card still begins with the first party (public.queries.as_cards).
    bantul_agreement.parties.all().delete()
    AgreementParty.objects.create(
        agreement=bantul_agreement,
        organisation=make_organisation(slug="kesbangpol", short_name='Kesbangpol "Bantul"'),
        role=AgreementParty.Role.SECOND,
        number="",
    )
    AgreementParty.objects.create(
        agreement=bantul_agreement,
        organisation=bantul_agreement.office,
        role=AgreementParty.Role.FIRST,
        number="12/PK/2024",
    )
    shown = card(client.get("/agreements/").text)

    first = f'{bantul_agreement.office.short_name} <span class="number">(12/PK/2024)</span>'
    assert f"<dd>{first} · Kesbangpol &quot;Bantul&quot;</dd>" in shown


def by_status(today):
    """One published agreement in each status its dates and recorded state give on ``today``."""
    year = timedelta(days=365)
    return {
        "signed": make_published_agreement(term_start=today + year, term_end=today + 2 * year),
        "active": make_published_agreement(term_start=today - year, term_end=today + year),
        "ended": make_published_agreement(term_start=today - 2 * year, term_end=today - year),
        "terminated": make_published_agreement(
            term_start=today - year, term_end=today + year, state=Agreement.Status.TERMINATED
        ),
    }


def test_each_card_shows_the_status_its_dates_give_today(client):
    agreements = by_status(timezone.localdate())

    page = client.get("/en/agreements/").text

    cards = re.findall(r'<li class="card">.*?</li>', page, re.S)
    for status, agreement in agreements.items():
        (shown,) = [card for card in cards if f"/agreements/{agreement.pk}/" in card]
        assert f'class="status status-{status}">{Agreement.Status(status).label}<' in shown


@pytest.mark.parametrize("status", ["signed", "active", "ended", "terminated"])
def test_the_status_filter_selects_by_the_dates_as_the_cards_show_them(client, status):
    agreements = by_status(timezone.localdate())

    response = client.get("/agreements/", {"status": status})

    assert list(response.context["page"].object_list) == [agreements[status]]


def test_the_status_filter_offers_no_draft_which_the_public_never_sees(client):
    # A published agreement is signed (Agreement.clean): "Draft" could only ever find nothing.
    field = client.get("/en/agreements/").context["form"].fields["status"]
    assert [value for value, _label in field.choices] == ["", "signed", "active", "ended", "terminated"]
    response = client.get("/en/agreements/", {"status": "draft"})
    assert response.status_code == 400
    assert "There is no such status." in response.text
