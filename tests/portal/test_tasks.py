from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from agreements.models import Commitment, ForceMajeureEvent
from kpu_coop import pagination
from tests.factories import assign, make_agreement, make_commitment, make_focus_area, make_report

TODAY = timezone.localdate


def titles(response):
    return [commitment.title for commitment in response.context["page"]]


@pytest.fixture
def agreement(agency):
    return make_agreement(agency=agency, title="PKS Dukcapil")


def due_in(days, agreement, **fields):
    return make_commitment(
        agreement, due_kind="fixed", due_date=TODAY() + timedelta(days=days), title=f"Due {days}", **fields
    )


def test_it_lands_a_liaison_on_the_tasks_assigned_to_them(client, liaison, agreement):
    mine = make_commitment(agreement, title="Punya saya")
    make_commitment(agreement, title="Punya rekan")
    assign(mine, liaison)
    client.force_login(liaison)
    response = client.get(reverse("portal:tasks"))
    assert response.context["scope"] == "mine"
    assert titles(response) == ["Punya saya"]


def test_it_switches_to_all_of_the_agencys_commitments_and_no_other_agencys(
    client, liaison, agreement, other_commitment
):
    make_commitment(agreement, title="Punya saya")
    make_commitment(agreement, title="Punya rekan")
    client.force_login(liaison)
    response = client.get(reverse("portal:tasks"), {"scope": "all"})
    assert sorted(titles(response)) == ["Punya rekan", "Punya saya"]
    assert "Publikasi tahapan" not in response.text


def test_it_shows_the_agencys_commitments_first_when_nothing_is_assigned_to_the_liaison(
    client, liaison, agreement
):
    make_commitment(agreement, title="Belum ditugaskan")
    client.force_login(liaison)
    response = client.get(reverse("portal:tasks"))
    assert response.context["scope"] == "all"
    assert titles(response) == ["Belum ditugaskan"]
    assert "Nothing is assigned to you personally yet" in response.text


def test_it_lands_on_the_assigned_tasks_once_a_colleague_has_one(client, liaison, agency, agreement):
    from tests.factories import make_user

    make_commitment(agreement, title="Belum ditugaskan")
    assign(make_commitment(agreement, title="Punya rekan"), make_user("rekan", organisation=agency))
    client.force_login(liaison)
    response = client.get(reverse("portal:tasks"))
    assert response.context["scope"] == "all"
    assign(make_commitment(agreement, title="Punya saya"), liaison)
    response = client.get(reverse("portal:tasks"))
    assert response.context["scope"] == "mine"
    assert titles(response) == ["Punya saya"]
    assert "Nothing is assigned to you personally yet" not in response.text


def test_it_points_to_the_agency_list_when_asked_for_own_tasks_and_none_are_assigned(
    client, liaison, agreement
):
    make_commitment(agreement)
    client.force_login(liaison)
    response = client.get(reverse("portal:tasks"), {"scope": "mine"})
    assert "No commitments are assigned to you" in response.text
    assert 'href="?scope=all"' in response.text


def test_it_links_the_overdue_notice_to_the_overdue_list(client, liaison, agreement):
    due_in(-3, agreement)
    due_in(5, agreement)
    client.force_login(liaison)
    page = client.get(reverse("portal:tasks")).text
    assert (
        '<a href="?scope=all&amp;due=overdue" class="portal-urgent-overdue">1 commitment is overdue</a>'
        in page
    )
    assert titles(client.get(reverse("portal:tasks"), {"scope": "all", "due": "overdue"})) == ["Due -3"]


def test_it_shows_staff_every_agencys_commitments(client, staff, commitment, other_commitment):
    client.force_login(staff)
    response = client.get(reverse("portal:tasks"))
    assert sorted(titles(response)) == ["Menyediakan data kependudukan", "Publikasi tahapan"]


def test_it_filters_by_status_focus_area_and_agreement(client, liaison, agency, agreement):
    area = make_focus_area()
    wanted = make_commitment(agreement, title="Dicari", focus_area=area)
    Commitment.objects.filter(pk=wanted.pk).update(status="in_progress")
    make_commitment(agreement, title="Status lain", focus_area=area)
    make_commitment(agreement, title="Bidang lain")
    make_commitment(make_agreement(agency=agency), title="PKS lain", focus_area=area)
    client.force_login(liaison)
    response = client.get(
        reverse("portal:tasks"),
        {"scope": "all", "status": "in_progress", "focus_area": area.pk, "agreement": agreement.pk},
    )
    assert titles(response) == ["Dicari"]


def test_past_the_choice_limit_an_agreement_is_found_by_a_part_of_its_title(
    client, liaison, agency, agreement, monkeypatch
):
    monkeypatch.setattr(pagination, "CHOICE_LIMIT", 1)
    make_commitment(agreement, title="Dicari")
    make_commitment(make_agreement(agency=agency, title="PKS Sosialisasi"), title="Lain")
    client.force_login(liaison)

    response = client.get(reverse("portal:tasks"), {"scope": "all", "agreement_title": " dukcapil "})

    assert titles(response) == ["Dicari"]
    html = response.content.decode()
    assert "Agreement title contains" in html
    assert 'name="agreement_title"' in html
    assert '<select name="agreement"' not in html
    assert '<details class="portal-filters" open>' in html


def test_it_filters_by_due_window(client, liaison, agreement):
    for days in [-3, 0, 5, 20, 45]:
        due_in(days, agreement)
    make_commitment(agreement, title="Tanpa tenggat")
    client.force_login(liaison)
    url = reverse("portal:tasks")
    assert titles(client.get(url, {"scope": "all", "due": "overdue"})) == ["Due -3"]
    assert titles(client.get(url, {"scope": "all", "due": "week"})) == ["Due 0", "Due 5"]
    assert titles(client.get(url, {"scope": "all", "due": "month"})) == ["Due 0", "Due 5", "Due 20"]
    assert titles(client.get(url, {"scope": "all", "due": "none"})) == ["Tanpa tenggat"]


def test_it_ignores_a_filter_value_that_is_not_offered(client, liaison, agreement):
    make_commitment(agreement, title="Satu")
    client.force_login(liaison)
    response = client.get(reverse("portal:tasks"), {"scope": "all", "focus_area": "abc", "due": "kemarin"})
    assert response.status_code == 200
    assert titles(response) == ["Satu"]


def test_it_says_in_words_what_is_overdue_and_what_is_due_soon(client, liaison, agreement):
    due_in(-3, agreement)
    due_in(0, agreement)
    due_in(5, agreement)
    due_in(20, agreement)
    client.force_login(liaison)
    page = client.get(reverse("portal:tasks"), {"scope": "all"}).text
    assert "Overdue by 3 days" in page
    assert "Due today" in page
    assert "Due in 5 days" in page
    assert "Due in 20 days" not in page
    assert "1 commitment is overdue" in page
    assert "2 commitments are due within 7 days" in page


def test_it_does_not_call_a_done_commitment_overdue(client, liaison, agreement):
    late = due_in(-3, agreement)
    Commitment.objects.filter(pk=late.pk).update(status="done")
    client.force_login(liaison)
    response = client.get(reverse("portal:tasks"), {"scope": "all"})
    assert "Overdue by" not in response.text
    assert response.context["urgent"] == {"overdue": 0, "due_soon": 0}


def test_it_says_a_commitment_no_longer_applies_rather_than_not_started(client, liaison, agreement):
    # Retired by an addendum, say: no task any more, though its status was never changed.
    retired = due_in(-3, agreement, is_not_applicable=True, not_applicable_reason="Dihapus oleh adendum")
    client.force_login(liaison)
    for page in (reverse("portal:tasks"), reverse("portal:commitment", args=[retired.pk])):
        response = client.get(page, {"scope": "all"})
        assert "Not applicable" in response.text
        assert "portal-status-not_started" not in response.text


def test_it_marks_commitments_with_a_report_awaiting_review(client, liaison, agreement):
    make_report(make_commitment(agreement), author=liaison)
    client.force_login(liaison)
    assert "report awaiting review" in client.get(reverse("portal:tasks"), {"scope": "all"}).text


def returned_report(commitment, liaison, staff, **fields):
    return make_report(
        commitment,
        author=liaison,
        status="returned",
        reviewer=staff,
        reviewed_at=timezone.now(),
        review_comment="Lampirkan daftar hadir.",
        **fields,
    )


def test_it_marks_commitments_whose_newest_report_was_returned_until_a_new_one_is_sent(
    client, liaison, staff, agreement
):
    commitment = make_commitment(agreement)
    returned_report(commitment, liaison, staff)
    client.force_login(liaison)
    assert "report returned: revise it" in client.get(reverse("portal:tasks"), {"scope": "all"}).text
    make_report(commitment, author=liaison)
    page = client.get(reverse("portal:tasks"), {"scope": "all"}).text
    assert "report returned" not in page and "report awaiting review" in page


def test_it_asks_for_no_revision_once_the_commitment_is_closed(client, liaison, staff, agreement):
    commitment = make_commitment(agreement, is_not_applicable=True, not_applicable_reason="Tidak ada pilkada")
    returned_report(commitment, liaison, staff)
    client.force_login(liaison)
    assert "report returned" not in client.get(reverse("portal:tasks"), {"scope": "all"}).text


def test_it_keeps_the_filters_in_the_page_links(client, liaison, agreement):
    for n in range(30):
        make_commitment(agreement, title=f"K{n}")
    client.force_login(liaison)
    response = client.get(reverse("portal:tasks"), {"scope": "all", "status": "not_started"})
    assert "?scope=all&amp;status=not_started&amp;page=2" in response.text


def test_it_tells_a_user_without_an_agency_whom_to_ask(client, db):
    from tests.factories import make_user

    client.force_login(make_user())
    assert "not linked to an agency" in client.get(reverse("portal:tasks")).text


def test_it_shows_the_agreement_due_date_and_stage_on_the_commitment_page(client, liaison, agreement):
    from tests.factories import make_stage

    stage = make_stage(name="Masa kampanye", name_en="Campaign")
    commitment = make_commitment(
        agreement,
        due_kind="stage",
        due_stage=stage,
        due_anchor="start",
        due_offset_days=-14,
        title="Sebar info",
    )
    client.force_login(liaison)
    page = client.get(reverse("portal:commitment", args=[commitment.pk])).text
    assert "PKS Dukcapil" in page
    assert "18 December 2023" in page
    assert "Campaign" in page
    assert "14 days before the stage starts" in page


def test_it_shows_the_new_due_date_once_kpu_moves_the_stage(client, liaison, agreement):
    from tests.factories import make_stage

    stage = make_stage(start_date=date(2024, 8, 27), end_date=date(2024, 8, 29))
    commitment = make_commitment(agreement, due_kind="stage", due_stage=stage, title="Ikut tahapan")
    client.force_login(liaison)
    assert "29 August 2024" in client.get(reverse("portal:commitment", args=[commitment.pk])).text

    stage.end_date = date(2024, 9, 5)
    stage.save()
    assert "5 September 2024" in client.get(reverse("portal:commitment", args=[commitment.pk])).text
    listed = client.get(reverse("portal:tasks"), {"scope": "all"})
    assert [c.due_on for c in listed.context["page"]] == [date(2024, 9, 5)]


def test_it_states_no_stage_rule_once_the_deadline_became_a_fixed_date(client, liaison, agreement):
    """A stage-tied deadline moved to a fixed date (a force majeure end, an addendum) keeps its stage on
    record but follows it no more: neither the portal nor the public page may say it does."""
    from agreements.due_date_moves import commitment_move_to_fixed_date
    from agreements.models import DueDateChange
    from tests.factories import make_stage

    stage = make_stage(name="Masa kampanye", name_en="Campaign", start_date=date(2023, 11, 28))
    commitment = make_commitment(
        agreement, due_kind="stage", due_stage=stage, due_anchor="start", due_offset_days=-14
    )
    commitment_move_to_fixed_date(
        commitment,
        new_due_on=date(2023, 11, 29),
        reason=DueDateChange.Reason.ADDENDUM,
        explanation=DueDateChange.Explanation.ADDENDUM,
        values={"title": "Adendum I", "addendum": agreement.pk},
    )
    agreement.is_published = True
    agreement.save()
    client.force_login(liaison)
    portal = client.get(reverse("portal:commitment", args=[commitment.pk])).text
    public = client.get(reverse("public:agreement_detail", args=[agreement.pk])).text
    assert "29 November 2023" in portal and "29 November 2023" in public
    assert "the date moves when KPU moves the stage" not in portal
    assert "days before the start of" not in public


def test_it_counts_and_pages_each_list_as_it_is_filtered(client, liaison, staff, agreement):
    """Mine, all and filtered: each list's count and pages are its own (an invalid filter is ignored)."""
    for n in range(30):
        assign(make_commitment(agreement, title=f"Ditugaskan {n}"), liaison)
    for n in range(10):
        make_commitment(agreement, title=f"Lain {n}", status=Commitment.Status.DONE)
    client.force_login(liaison)

    def shown(**params):
        response = client.get(reverse("portal:tasks"), params)
        return response.context["page"].paginator.count, len(titles(response))

    assert shown() == (30, 25)
    assert shown(page=2) == (30, 5)
    assert shown(scope="all") == (40, 25)
    assert shown(scope="all", page=2) == (40, 15)
    assert shown(scope="all", status="done") == (10, 10)
    assert shown(status="done") == (0, 0)
    assert shown(scope="mine", focus_area="999") == (30, 25)
    client.force_login(staff)
    assert shown(scope="mine") == (0, 0)
    assert shown() == (40, 25)
    assert client.get(reverse("portal:tasks"), {"scope": "all", "page": 3}).status_code == 404


def reassigned_to(other_agency, commitment):
    """The commitment handed to another agency, which takes the old one's place as a party."""
    agreement = commitment.agreement
    agreement.parties.filter(organisation=commitment.responsible).update(organisation=other_agency)
    Commitment.objects.filter(pk=commitment.pk).update(responsible=other_agency)


def test_it_marks_no_report_awaiting_review_that_the_previous_agency_filed(
    client, liaison, outsider, other_agency, agreement
):
    commitment = make_commitment(agreement)
    make_report(commitment, author=liaison)
    reassigned_to(other_agency, commitment)
    client.force_login(outsider)
    page = client.get(reverse("portal:tasks"), {"scope": "all"}).text
    assert commitment.title in page
    assert "report awaiting review" not in page


def test_it_asks_for_no_revision_of_a_report_the_previous_agency_filed(
    client, liaison, outsider, other_agency, staff, agreement
):
    commitment = make_commitment(agreement)
    returned_report(commitment, liaison, staff)
    reassigned_to(other_agency, commitment)
    client.force_login(outsider)
    page = client.get(reverse("portal:tasks"), {"scope": "all"}).text
    assert commitment.title in page
    assert "report returned" not in page


def test_it_asks_the_new_agency_to_revise_its_own_returned_report_under_the_previous_agency_s_newer_one(
    client, liaison, outsider, other_agency, staff, agreement
):
    """The tag reads the newest report the viewer's agency can see: its own returned one (filed while the
    commitment was last its own), not the previous agency's newer one it cannot open."""
    commitment = make_commitment(agreement)
    returned_report(commitment, outsider, staff, agency=other_agency)
    make_report(commitment, author=liaison, status="accepted", reviewer=staff, reviewed_at=timezone.now())
    reassigned_to(other_agency, commitment)
    client.force_login(outsider)
    assert "report returned: revise it" in client.get(reverse("portal:tasks"), {"scope": "all"}).text


def test_a_commitment_s_page_says_why_its_due_date_moved_and_what_suspends_it(client, liaison, agreement):
    # What the public page says of the same commitment: the liaison is not the last to learn it.
    commitment = due_in(10, agreement)
    commitment.due_date = TODAY() + timedelta(days=40)
    commitment.due_change_reason, commitment.due_change_note = "correction", "Salah ketik pada naskah"
    commitment.save()
    event = ForceMajeureEvent.objects.create(agreement=agreement, starts_on=TODAY(), reason="Banjir bandang")
    event.suspended_commitments.set([commitment])
    client.force_login(liaison)

    page = client.get(reverse("portal:commitment", args=[commitment.pk])).text

    assert f"(originally {date_format(TODAY() + timedelta(days=10))})" in page
    assert "Due date moved" in page and "(Correction): Salah ketik pada naskah" in page
    assert "Suspended by a force majeure event since" in page and "Banjir bandang" in page
