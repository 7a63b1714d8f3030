"""The staff dashboard: totals, charts with tables, lists and the timeline, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.models import Organisation
from agreements.models import Agreement, Commitment
from tests.factories import make_agreement, make_commitment, make_election, make_staff, make_stage
from tests.workspace.builders import make_cycle
from workspace import figures
from workspace.figures import AGENCY_LIMIT

# Session, user and 2FA device; elections; the ids of the agreements followed; then two totals, the agency
# chart and its names, the focus-area chart, two report reads, the agreements with a monitoring clause and
# their evaluations, overdue, upcoming, stages and timeline marks, the reports waiting in other elections;
# and the staff menu's count of reports awaiting review, with the superuser's memberships it leaves out
# (their agencies' reports are not theirs to verify).
DASHBOARD_QUERIES = 21


def dashboard(client, election):
    return client.get(reverse("workspace:dashboard"), {"election": election.slug})


@pytest.fixture
def cycle(db):
    return make_cycle(3)


def test_it_counts_agreements_and_commitments_of_the_election(staff_client, cycle):
    context = dashboard(staff_client, cycle).context
    assert context["agreement_totals"]["total"] == 3
    assert context["totals"]["total"] == 15
    assert context["totals"]["not_applicable"] == 3
    assert context["totals"]["overdue"] == 3
    assert context["totals"]["upcoming"] == 3
    assert context["awaiting_count"] == 3


def test_its_breakdown_of_the_agreements_adds_up_to_their_total(staff_client, cycle):
    today = timezone.localdate()
    ended, terminated = Agreement.objects.filter(elections=cycle)[:2]
    ended.term_start, ended.term_end = today - timedelta(days=400), today - timedelta(days=1)
    ended.save()
    terminated.state, terminated.termination_date = Agreement.Status.TERMINATED, today - timedelta(days=1)
    terminated.save()
    staff_client.cookies["django_language"] = "en"
    page = dashboard(staff_client, cycle).text
    assert "0 active, 1 signed, 0 draft, 1 ended, 1 terminated" in " ".join(page.split())


def test_it_computes_overall_progress_by_weight(staff_client, cycle):
    # Per agreement: done weighs 2 of 2 + 1 + 1 + 1 applicable.
    assert str(dashboard(staff_client, cycle).context["totals"]["progress"]) == "40%"


def test_it_leaves_out_commitments_of_drafts(staff_client, cycle):
    draft = make_agreement(state=Agreement.Status.DRAFT)
    draft.elections.add(cycle)
    make_commitment(draft, due_kind="fixed", due_date=timezone.localdate() - timedelta(days=1))
    assert dashboard(staff_client, cycle).context["totals"]["overdue"] == 3


def test_it_charts_progress_by_agency_with_a_table(staff_client, cycle):
    response = dashboard(staff_client, cycle)
    rows = response.context["by_agency"]
    assert len(rows) == 3
    assert all(str(row.progress) == "40%" for row in rows)
    html = response.content.decode()
    assert html.count('<rect class="ws-bar-done" width="40"') == 3
    assert "<caption>Progress by agency</caption>" in html


@pytest.mark.parametrize("language", ["id", "en"])
def test_it_names_each_agency_by_its_short_name_in_either_language(staff_client, cycle, language):
    # The official name is Indonesian in both languages; the English page showed it instead of the short one.
    staff_client.cookies["django_language"] = language
    rows = dashboard(staff_client, cycle).context["by_agency"]
    short_names = Organisation.objects.filter(pk__in=[row.key for row in rows]).values_list(
        "short_name", flat=True
    )
    assert sorted(row.label for row in rows) == sorted(short_names)


def test_it_charts_only_the_agencies_needing_attention_most_and_says_how_many_there_are(staff_client, db):
    election = make_cycle(AGENCY_LIMIT + 1)
    response = dashboard(staff_client, election)
    assert len(response.context["by_agency"]) == AGENCY_LIMIT
    assert response.context["agency_count"] == AGENCY_LIMIT + 1
    html = response.content.decode()
    shown, total = AGENCY_LIMIT, AGENCY_LIMIT + 1
    assert f"The {shown} of {total} responsible organisations that need attention most" in html
    full_list = reverse("workspace:agency_progress") + f"?election={election.slug}"
    assert f'<a href="{full_list}">All {AGENCY_LIMIT + 1} organisations by progress</a>' in html


def test_it_charts_the_agency_with_the_most_overdue_commitments_first(staff_client, cycle):
    late = Agreement.objects.filter(elections=cycle).order_by("pk").last()
    make_commitment(late, due_kind="fixed", due_date=timezone.localdate() - timedelta(days=1))
    rows = dashboard(staff_client, cycle).context["by_agency"]
    assert rows[0].key == late.commitments.first().responsible_id
    assert [row.overdue for row in rows] == [2, 1, 1]


def test_it_charts_progress_by_focus_area_and_names_commitments_without_one(staff_client, cycle):
    rows = dashboard(staff_client, cycle).context["by_focus_area"]
    labels = [row.label for row in rows]
    assert labels[-1] == "No focus area"
    # Focus area: overdue (1) + done (2) per agreement; done is 2 of 3.
    assert str(rows[0].progress) == "66%"


def test_it_lists_overdue_commitments_oldest_first(staff_client, cycle):
    # Due dates out of creation order, so that only sorting by date gives the expected order.
    today = timezone.localdate()
    for title, days_late in (("Overdue 0", 2), ("Overdue 1", 9), ("Overdue 2", 5)):
        Commitment.objects.filter(title=title).update(
            due_date=today - timedelta(days=days_late), due_on=today - timedelta(days=days_late)
        )
    overdue = dashboard(staff_client, cycle).context["overdue"]
    assert [commitment.title for commitment in overdue] == ["Overdue 1", "Overdue 2", "Overdue 0"]


def test_it_lists_reports_awaiting_verification_with_links_to_review_them(staff_client, cycle):
    response = dashboard(staff_client, cycle)
    for report in response.context["awaiting"]:
        assert reverse("portal:report", args=[report.pk]) in response.content.decode()


def test_it_groups_the_commitments_due_soon_by_election_stage(staff_client, cycle):
    groups = dashboard(staff_client, cycle).context["upcoming"]
    assert [group.stage.name for group in groups] == ["Masa kampanye"]
    assert sorted(c.title for c in groups[0].commitments) == ["Soon 0", "Soon 1", "Soon 2"]


def test_it_draws_each_stage_as_a_bar_with_its_commitments_as_marks(staff_client, cycle):
    response = dashboard(staff_client, cycle)
    timeline = response.context["timeline"]
    labels = [row.label for row in timeline.rows]
    assert labels == ["Masa kampanye", "Pemungutan suara", "Fixed due dates"]
    campaign = timeline.rows[0]
    assert (campaign.total, campaign.open, campaign.overdue) == (3, 3, 0)
    assert [marker.state for marker in timeline.rows[2].markers] == ["overdue"]
    assert timeline.today_x is not None
    assert 'class="ws-stage"' in response.content.decode()


def test_it_filters_everything_by_election(staff_client, cycle):
    other = make_cycle(1)
    context = dashboard(staff_client, other).context
    assert context["agreement_totals"]["total"] == 1
    assert context["totals"]["total"] == 5


def test_it_shows_all_elections_together_without_a_timeline(staff_client, cycle):
    make_cycle(1)
    context = staff_client.get(reverse("workspace:dashboard"), {"election": "all"}).context
    assert context["agreement_totals"]["total"] == 4
    assert context["timeline"] is None


def test_it_opens_on_the_next_election_by_default(staff_client, db):
    today = timezone.localdate()
    make_election(slug="past", voting_day=today - timedelta(days=400))
    next_one = make_election(slug="next", voting_day=today + timedelta(days=30))
    make_election(slug="later", voting_day=today + timedelta(days=900))
    assert staff_client.get(reverse("workspace:dashboard")).context["election"] == next_one


def with_monitoring_clause(election):
    """A quarterly monitoring clause whose first monev passed without an evaluation, on ``election``."""
    start = timezone.localdate() - timedelta(days=100)
    agreement = make_agreement(
        monitoring_every_months=3, term_start=start, term_end=start + timedelta(days=700)
    )
    agreement.elections.add(election)


def test_it_runs_the_same_number_of_queries_for_few_and_many_records(
    staff_client, django_assert_num_queries, db
):
    small = make_cycle(2)
    with_monitoring_clause(small)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        dashboard(staff_client, small)
    large = make_cycle(25)
    for _n in range(5):
        with_monitoring_clause(large)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = dashboard(staff_client, large)
    assert response.context["totals"]["total"] == 125


def test_it_counts_the_same_whether_it_names_the_agreements_or_not(cycle, monkeypatch):
    # Named up to NAMED_AGREEMENTS (an office or a province), else read through a semi-join (the nation).
    staff, today = make_staff(), timezone.localdate()
    named = figures.dashboard_figures(cycle, today, staff)
    monkeypatch.setattr(figures, "NAMED_AGREEMENTS", 0)
    joined = figures.dashboard_figures(cycle, today, staff)
    assert named["totals"]["total"] == 15
    assert named == joined


def test_it_renders_the_timeline_without_stages_or_dates_as_a_message(staff_client, db):
    election = make_election(slug="kosong")
    response = dashboard(staff_client, election)
    assert response.context["timeline"] is None
    assert "This election has no stages or due dates yet." in response.content.decode()


def test_it_marks_stages_without_a_start_as_a_single_day(staff_client, db):
    election = make_election(slug="satu-hari")
    make_stage(election, name="Penetapan", start_date=None, end_date=timezone.localdate())
    row = dashboard(staff_client, election).context["timeline"].rows[0]
    assert row.bar_width == 3


def pilkada_commitment_in(election):
    """An agreement of ``election`` also covers a Pilkada, and owes something overdue in a Pilkada stage."""
    today = timezone.localdate()
    pilkada = make_election(slug="pilkada-uji", voting_day=today + timedelta(days=90))
    campaign = make_stage(
        pilkada,
        name="Kampanye Pilkada",
        start_date=today - timedelta(days=30),
        end_date=today - timedelta(days=2),
    )
    agreement = Agreement.objects.filter(elections=election).order_by("pk").first()
    agreement.elections.add(pilkada)
    make_commitment(agreement, title="Untuk Pilkada", due_kind="stage", due_stage=campaign, due_anchor="end")
    return pilkada


def test_it_leaves_out_commitments_due_in_a_stage_of_another_election(staff_client, cycle):
    pilkada_commitment_in(cycle)
    context = dashboard(staff_client, cycle).context
    assert context["totals"]["total"] == 15
    assert context["totals"]["overdue"] == 3
    assert "Untuk Pilkada" not in {commitment.title for commitment in context["overdue"]}
    assert sum(row.commitments for row in context["by_agency"]) == 12


def test_it_counts_those_commitments_for_their_own_election(staff_client, cycle):
    pilkada = pilkada_commitment_in(cycle)
    context = dashboard(staff_client, pilkada).context
    # The shared agreement's commitments that are not due in a stage of the other election, plus its own.
    assert {commitment.title for commitment in context["overdue"]} == {"Overdue 0", "Untuk Pilkada"}
    assert context["agreement_totals"]["total"] == 1
    assert [row.label for row in context["timeline"].rows] == ["Kampanye Pilkada", "Fixed due dates"]


def test_it_counts_every_commitment_once_for_all_elections(staff_client, cycle):
    pilkada_commitment_in(cycle)
    context = staff_client.get(reverse("workspace:dashboard"), {"election": "all"}).context
    assert context["totals"]["total"] == 16
    assert context["totals"]["overdue"] == 4


def test_it_says_plainly_which_election_every_figure_is_for(staff_client, cycle):
    html = dashboard(staff_client, cycle).content.decode()
    assert f"Every figure, chart and list below is for <strong>{cycle.display_name}</strong>" in html
    everything = staff_client.get(reverse("workspace:dashboard"), {"election": "all"}).content.decode()
    assert "Every figure, chart and list below covers all elections together." in everything


def test_it_says_how_many_reports_wait_in_the_elections_it_leaves_out(staff_client, cycle):
    # The staff menu counts every waiting report: the dashboard of one election must not answer "none" alone.
    other = make_cycle(1)
    response = dashboard(staff_client, other)
    assert (response.context["awaiting_count"], response.context["awaiting_elsewhere"]) == (1, 3)
    html = " ".join(response.content.decode().split())
    assert "3 more reports are waiting on commitments this election leaves out." in html
    assert '<a href="?election=all#awaiting-title">Show all elections</a>' in html
    assert "3 more in other elections" in html
    assert dashboard(staff_client, cycle).context["awaiting_elsewhere"] == 1


def test_it_says_no_report_of_the_election_waits_and_points_to_those_that_do(staff_client, cycle):
    quiet = make_election(slug="sepi")
    html = " ".join(dashboard(staff_client, quiet).content.decode().split())
    assert "No report of this election is waiting." in html
    assert "3 more reports are waiting on commitments this election leaves out." in html
    everything = staff_client.get(reverse("workspace:dashboard"), {"election": "all"})
    assert everything.context["awaiting_elsewhere"] == 0
    assert "leaves out" not in everything.content.decode()
