"""The monev page shows each clause's next monev and flags a passed one no evaluation covers; the period
picker offers the scheduled days."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from agreements.models import MonevEvaluation
from agreements.monev_schedule import add_months
from kpu_coop import pagination
from tests.factories import default_kpu_office, make_agreement, make_election

pytestmark = pytest.mark.django_db


def short(day):
    return date_format(day, "j M Y")


@pytest.fixture
def dates():
    """A quarterly clause whose first monev passed 10 days ago; returns (term start, last due, next due)."""
    today = timezone.localdate()
    start = add_months(today - timedelta(days=10), -3)
    last = add_months(start, 3)
    return start, last, add_months(start, 6)


def clause(start, **fields):
    return make_agreement(
        monitoring_every_months=3, term_start=start, term_end=add_months(start, 24), **fields
    )


def test_it_flags_a_passed_monev_without_an_evaluation_and_shows_the_next(staff_client, dates):
    start, last, following = dates
    clause(start, title="PKS Terjadwal")
    make_agreement(title="PKS Tanpa Klausul")
    html = staff_client.get(reverse("workspace:monev_index")).content.decode()
    assert f"monev due {short(last)}, not evaluated" in html
    assert f"next: {short(following)}" in html
    assert "no monitoring clause" in html


def test_it_stops_flagging_once_an_evaluation_covers_the_day(staff_client, staff, dates):
    start, last, following = dates
    agreement = clause(start)
    MonevEvaluation.objects.create(
        agreement=agreement, office=default_kpu_office(), period=last.isoformat(), author=staff
    )
    html = staff_client.get(reverse("workspace:monev_index")).content.decode()
    assert "not evaluated" not in html
    assert f"next: {short(following)}" in html


def test_it_runs_the_same_queries_for_one_scheduled_agreement_and_many(
    staff_client, staff, dates, django_assert_num_queries
):
    start, last, _following = dates
    MonevEvaluation.objects.create(
        agreement=clause(start), office=default_kpu_office(), period=last.isoformat(), author=staff
    )
    with django_assert_num_queries(9) as one:
        staff_client.get(reverse("workspace:monev_index"))
    for _ in range(4):
        agreement = clause(start)
        MonevEvaluation.objects.create(
            agreement=agreement, office=default_kpu_office(), period="2020-Q1", author=staff
        )
    with django_assert_num_queries(len(one.captured_queries)):
        response = staff_client.get(reverse("workspace:monev_index"))
    assert len(response.context["agreements"]) == 5


def test_it_lists_the_agreements_a_page_at_a_time_keeping_the_chosen_election(staff_client, monkeypatch):
    monkeypatch.setattr(pagination, "WORKSPACE_MONEV", 2)
    election = make_election()
    for title in ("PKS A", "PKS B", "PKS C"):
        make_agreement(title=title).elections.add(election)
    make_agreement(title="PKS Lain")

    first = staff_client.get(reverse("workspace:monev_index"), {"election": election.slug})
    second = staff_client.get(reverse("workspace:monev_index"), {"election": election.slug, "page": "2"})

    assert [agreement.title for agreement in first.context["agreements"]] == ["PKS A", "PKS B"]
    assert f"?election={election.slug}&amp;page=2" in first.content.decode()
    assert [agreement.title for agreement in second.context["agreements"]] == ["PKS C"]
    assert staff_client.get(reverse("workspace:monev_index"), {"page": "9"}).status_code == 404


def test_it_offers_the_scheduled_days_in_the_period_picker(staff_client, dates):
    start, last, _following = dates
    clause(start)
    response = staff_client.get(reverse("workspace:monev_period_choose"))
    choices = dict(response.context["form"].fields["period"].choices)
    scheduled = dict(choices["Scheduled monev dates"])
    # Only the days already passed: a report for a future day has no position yet.
    assert list(scheduled) == [last.isoformat()]
    chosen = staff_client.get(
        reverse("workspace:monev_period_choose"),
        {"office": default_kpu_office().pk, "period": last.isoformat()},
    )
    assert chosen.url == reverse("workspace:monev_period", args=[default_kpu_office().pk, last.isoformat()])


def test_it_leaves_the_scheduled_group_out_when_no_clause_schedules_a_monev(staff_client):
    make_agreement()
    response = staff_client.get(reverse("workspace:monev_period_choose"))
    assert "Scheduled monev dates" not in dict(response.context["form"].fields["period"].choices)


def test_the_dashboard_counts_and_lists_the_monev_no_evaluation_covers(staff_client, staff, dates):
    start, last, _following = dates
    clause(start, title="PKS Terlambat")
    evaluated = clause(start, title="PKS Dievaluasi")
    MonevEvaluation.objects.create(
        agreement=evaluated, office=default_kpu_office(), period=last.isoformat(), author=staff
    )
    clause(start, title="PKS Draf", state="draft")
    make_agreement(title="PKS Tanpa Klausul")

    response = staff_client.get(reverse("workspace:dashboard") + "?election=all")

    html = response.content.decode()
    section = html.split('id="monev-overdue-title"')[1].split("</section>")[0]
    assert "PKS Terlambat" in section and f"monev due {date_format(last)}, not evaluated" in section
    assert "PKS Dievaluasi" not in section and "PKS Draf" not in section
    assert '<span class="figure number">1</span> monev overdue' in html


@pytest.mark.parametrize(
    ("start", "end"),
    [(date(9999, 11, 1), None), (date(2024, 1, 1), date(9999, 12, 31))],
    ids=["start", "end"],
)
def test_it_lists_a_term_stored_before_its_dates_were_checked(staff_client, start, end):
    """A year 9999 typed for "open-ended" stops at the planning years' end instead of overflowing."""
    make_agreement(monitoring_every_months=3, term_start=start, term_end=end or start)

    for page in ("workspace:monev_index", "workspace:monev_period_choose"):
        assert staff_client.get(reverse(page)).status_code == 200
