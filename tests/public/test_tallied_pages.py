"""A stage's figures as its pages read them: an office's timeline takes its stages' previews and due dates
from its own rows, the nation's from the index, with the same answer; a stage's page and a focus area's take
their totals from the stored tallies, which give what their commitments sum to."""

from datetime import date

import pytest
from django.urls import reverse

from agreements.models import Commitment
from public.queries import commitment_totals, listed_commitments, published_commitments
from public.timeline import stage_reads
from tests.factories import (
    make_agreement,
    make_commitment,
    make_focus_area,
    make_kpu_office,
    make_published_agreement,
    make_stage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stages():
    first = make_stage(start_date=date(2024, 2, 1), end_date=date(2024, 2, 28))
    second = make_stage(election=first.election, start_date=date(2024, 3, 1), end_date=date(2024, 3, 31))
    empty = make_stage(election=first.election, start_date=date(2024, 4, 1), end_date=date(2024, 4, 30))
    return [first, second, empty]


def due_on_stage(agreement, stage, offset, **fields):
    return make_commitment(
        agreement,
        due_kind=Commitment.DueKind.STAGE,
        due_stage=stage,
        due_anchor=Commitment.Anchor.END,
        due_offset_days=offset,
        **fields,
    )


def test_an_office_s_rows_give_what_the_nation_s_index_gives(stages):
    first, second, _empty = stages
    bantul, sleman = make_kpu_office(slug="kpu-bantul"), make_kpu_office(slug="kpu-sleman")
    own, other = make_published_agreement(kpu=bantul), make_published_agreement(kpu=sleman)
    # More than a preview holds in the first stage, in an order their ids do not give.
    for offset in (9, -3, 0, 4, -8, 2, 7):
        due_on_stage(own, first, offset)
    due_on_stage(own, second, -1)
    for offset in (-20, 20):
        due_on_stage(other, first, offset)
        due_on_stage(other, second, offset)
    commitments = published_commitments(bantul)

    reads = stage_reads(commitments, stages, one_office=True)

    assert reads == stage_reads(commitments, stages)
    assert len(reads[first.pk]["preview"]) == 5
    assert (reads[first.pk]["first_due"], reads[first.pk]["last_due"]) == (
        date(2024, 2, 20),
        date(2024, 3, 8),
    )
    assert reads[stages[2].pk] == {"preview": [], "first_due": None, "last_due": None}


def pages_of(kind, first, area, office=None):
    """The page of the stage or of the focus area, nationally or on ``office``'s site."""
    name, args = (
        ("stage_detail", [first.election.slug, first.pk])
        if kind == "stage"
        else ("focus_area_detail", [area.slug])
    )
    if office is None:
        return reverse(f"public:{name}", args=args)
    return reverse(f"public:office:{name}", args=[office.slug, *args])


@pytest.mark.parametrize("kind", ["stage", "focus area"])
def test_a_stage_or_focus_area_page_s_totals_are_what_its_commitments_sum_to(client, stages, kind):
    first, area = stages[0], make_focus_area()
    bantul, sleman = make_kpu_office(slug="kpu-bantul"), make_kpu_office(slug="kpu-sleman")
    own, other = make_published_agreement(kpu=bantul), make_published_agreement(kpu=sleman)
    for offset, status in (
        (0, Commitment.Status.DONE),
        (3, Commitment.Status.IN_PROGRESS),
        (-2, Commitment.Status.DONE),
    ):
        due_on_stage(own, first, offset, status=status, weight=2, focus_area=area)
    due_on_stage(other, first, 1, focus_area=area)
    due_on_stage(make_agreement(kpu=bantul), first, 1, focus_area=area)  # unpublished: counted nowhere
    shown = {
        office: client.get(pages_of(kind, first, area, office)).context["totals"] for office in (None, bantul)
    }

    for office, totals in shown.items():
        summed = commitment_totals(listed_commitments(office).filter(due_stage=first, focus_area=area))
        assert (totals["count"], totals["done_count"], str(totals["progress"])) == (
            summed["count"],
            summed["done_count"],
            str(summed["progress"]),
        )
    assert (shown[None]["count"], shown[bantul]["count"]) == (4, 3)
