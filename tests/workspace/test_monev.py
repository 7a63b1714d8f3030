"""The monitoring-and-evaluation report: per agreement and per election, print-ready, in fixed queries."""

import pytest
from django.urls import reverse

from agencies.models import Region
from agencies.offices import OfficeLevel
from agreements.models import Agreement, Commitment
from tests.conftest import logged_in
from tests.factories import make_agreement, make_election, make_kpu_office, make_kpu_staff
from tests.tools import html_errors
from tests.workspace.builders import make_cycle

# Session, user, 2FA device; agreements, parties, commitments, accepted reports, evidence, children,
# elections, focus areas, witnesses, force majeure events, grant tranches (and the election itself on the
# election's report); the staff menu's count of reports awaiting review, with the superuser's memberships it
# leaves out (their agencies' reports are not theirs to verify). Force majeure events, where there
# are any, add one read of the deadlines they suspend. For staff who read several offices, as these, an
# election's report also reads whether its agreements belong to more than one.
AGREEMENT_QUERIES = 16
ELECTION_QUERIES = 18


@pytest.fixture
def election(db):
    return make_cycle(2)


@pytest.fixture
def agreement(election):
    return Agreement.objects.filter(elections=election).order_by("pk").first()


def test_it_prints_the_particulars_and_parties(staff_client, agreement):
    agreement.place_signed, agreement.term_start = "Bantul", agreement.date_signed
    agreement.save()
    html = staff_client.get(reverse("workspace:monev_agreement", args=[agreement.pk])).content.decode()
    assert agreement.title in html
    assert "Bantul, 28 December 2022" in html
    for party in agreement.parties.all():
        assert party.number in html


def test_it_lists_each_commitment_with_status_and_due_date(staff_client, agreement):
    response = staff_client.get(reverse("workspace:monev_agreement", args=[agreement.pk]))
    html = response.content.decode()
    for commitment in agreement.commitments.all():
        assert commitment.title in html
    assert "Done (verified)" in html
    assert "Not applicable" in html
    assert "Masa kampanye" in html


def test_it_shows_accepted_evidence_but_not_reports_awaiting_review(staff_client, agreement):
    html = staff_client.get(reverse("workspace:monev_agreement", args=[agreement.pk])).content.decode()
    done = agreement.commitments.get(status=Commitment.Status.DONE)
    assert done.reports.get().evidence.get().original_name in html
    awaiting = agreement.commitments.get(title__startswith="Soon").reports.get()
    assert awaiting.summary not in html


def test_it_states_progress_and_its_method(staff_client, agreement):
    html = staff_client.get(reverse("workspace:monev_agreement", args=[agreement.pk])).content.decode()
    assert "40%" in html
    assert "(2 of 5 by weight)" in html
    assert "1 commitment marked not applicable is left out." in html


def test_it_ends_with_a_signature_block(staff_client, agreement):
    html = staff_client.get(reverse("workspace:monev_agreement", args=[agreement.pk])).content.decode()
    assert 'class="monev-signatures"' in html
    assert "Prepared by" in html


def test_it_loads_the_print_stylesheet(staff_client, agreement):
    html = staff_client.get(reverse("workspace:monev_agreement", args=[agreement.pk])).content.decode()
    assert "css/workspace.css" in html
    assert " style=" not in html
    assert "<script" not in html


def test_it_reports_every_agreement_of_an_election_and_no_other(staff_client, election):
    outside = make_agreement(title="Perjanjian di luar pemilu ini")
    response = staff_client.get(reverse("workspace:monev_election", args=[election.slug]))
    html = response.content.decode()
    assert len(response.context["agreements"]) == 2
    assert outside.title not in html
    assert html.count('class="monev-agreement"') == 2


def test_it_answers_not_found_for_an_unknown_election(staff_client, db):
    assert staff_client.get(reverse("workspace:monev_election", args=["tidak-ada"])).status_code == 404


def test_it_says_when_no_agreement_covers_the_election(staff_client, db):
    election = make_election(slug="kosong")
    html = staff_client.get(reverse("workspace:monev_election", args=[election.slug])).content.decode()
    assert "No agreement covers this election." in html


def test_it_runs_the_same_number_of_queries_for_few_and_many_agreements(
    staff_client, django_assert_num_queries, db
):
    small, large = make_cycle(1), make_cycle(20)
    for election in (small, large):
        with django_assert_num_queries(ELECTION_QUERIES):
            staff_client.get(reverse("workspace:monev_election", args=[election.slug]))
        agreement = Agreement.objects.filter(elections=election).last()
        with django_assert_num_queries(AGREEMENT_QUERIES):
            staff_client.get(reverse("workspace:monev_agreement", args=[agreement.pk]))


def test_it_lists_the_agreements_to_report_on(staff_client, election, django_assert_max_num_queries):
    # The evaluations behind each agreement's monev schedule are the seventh (Agreement.monev_schedule), the
    # list's count for its pages the eighth; the superuser's memberships (for the staff menu's count) the
    # ninth.
    with django_assert_max_num_queries(9):
        response = staff_client.get(reverse("workspace:monev_index"), {"election": election.slug})
    assert len(response.context["agreements"]) == 2


def test_it_prints_one_signature_block_after_the_last_agreement(staff_client, election):
    html = staff_client.get(reverse("workspace:monev_election", args=[election.slug])).content.decode()
    assert html.count('class="monev-signatures"') == 1
    assert html.index('class="monev-signatures"') > html.rindex('class="monev-agreement"')
    assert html.rindex("</article>") < html.index('class="monev-signatures"')


def test_it_heads_the_report_with_the_letterhead_of_the_kpu_office(staff_client, agreement):
    office = agreement.parties.get(role="first").organisation
    office.name, office.address, office.phone = "KPU Kabupaten Uji", "Jl. Uji No. 1\nBantul", "0274 000"
    office.region = Region.objects.get(code="34.02")
    office.save()
    html = staff_client.get(reverse("workspace:monev_agreement", args=[agreement.pk])).content.decode()
    letterhead = html[html.index('class="monev-letterhead"') : html.index('class="monev-head"')]
    assert '<p class="monev-office">KPU Kabupaten Uji</p>' in letterhead
    assert "Jl. Uji No. 1<br>Bantul" in letterhead
    assert "Phone 0274 000" in letterhead
    assert "Kabupaten Bantul, …" in html
    assert "Acknowledged by, for KPU Kabupaten Uji" in html


def test_it_states_the_progress_method_once_for_an_election(staff_client, election):
    html = staff_client.get(reverse("workspace:monev_election", args=[election.slug])).content.decode()
    assert html.count("the weighted share of applicable commitments") == 1
    assert html.count("1 not applicable (left out)") == 2


def test_the_office_head_acknowledges_the_report(staff_client, agreement):
    office = agreement.parties.get(role="first").organisation
    office.head_name, office.head_position = "Drs. Ketua Uji", "Ketua KPU Kabupaten Uji"
    office.save()
    html = staff_client.get(reverse("workspace:monev_agreement", args=[agreement.pk])).content.decode()
    signatures = html[html.index('class="monev-signatures"') :]
    assert "Name: Drs. Ketua Uji" in signatures
    assert "Position: Ketua KPU Kabupaten Uji" in signatures


@pytest.fixture
def province_election(election):
    """Two regencies of one province, each with an agreement covering ``election``; another province's."""
    province = make_kpu_office(name="KPU Provinsi Uji", office_level=OfficeLevel.PROVINCE)
    bantul = make_kpu_office(name="KPU Kabupaten Bantul", parent=province)
    sleman = make_kpu_office(name="KPU Kabupaten Sleman", parent=province)
    elsewhere = make_kpu_office(name="KPU Kabupaten Lain")
    for office, count in ((bantul, 2), (sleman, 1), (elsewhere, 1)):
        for _ in range(count):
            make_agreement(kpu=office).elections.add(election)
    return {"province": province, "bantul": bantul, "sleman": sleman, "elsewhere": elsewhere}


def test_staff_of_several_offices_choose_the_office_of_an_election_report(
    election, province_election, tmp_path
):
    client = logged_in(make_kpu_staff(office=province_election["province"]))
    url = reverse("workspace:monev_election", args=[election.slug])

    chooser = client.get(url)

    assert [(row["office__name"], row["count"]) for row in chooser.context["page"]] == [
        ("KPU Kabupaten Bantul", 2),
        ("KPU Kabupaten Sleman", 1),
    ]
    assert f'href="?office={province_election["sleman"].pk}"' in chooser.content.decode()
    assert html_errors([("chooser", chooser.content.decode())], tmp_path) == []
    report = client.get(url, {"office": province_election["sleman"].pk})
    assert [agreement.office for agreement in report.context["agreements"]] == [province_election["sleman"]]


@pytest.mark.parametrize("office", ["elsewhere", "abc", "99999999999999999999", "²"])
def test_another_offices_election_report_is_not_found(election, province_election, office):
    client = logged_in(make_kpu_staff(office=province_election["province"]))
    value = province_election[office].pk if office in province_election else office

    response = client.get(reverse("workspace:monev_election", args=[election.slug]), {"office": value})

    assert response.status_code == 404


def test_an_mou_says_its_progress_is_that_of_its_pks(staff_client, db):
    # It said "This agreement records no commitments." beside a progress of 16%.
    mou = make_agreement(kind="mou", title="MoU Bantul")
    html = staff_client.get(reverse("workspace:monev_agreement", args=[mou.pk])).content.decode()
    assert "An MoU holds no commitments of its own: its progress above is that of its published PKS." in html
    assert "This agreement records no commitments." not in html
