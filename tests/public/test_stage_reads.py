"""An office's timeline reads its stages' previews and due dates from its own rows; the nation's from the
index. Both give the same answer for the same commitments."""

from datetime import date

import pytest

from agreements.models import Commitment
from public.queries import published_commitments
from public.timeline import stage_reads
from tests.factories import make_commitment, make_kpu_office, make_published_agreement, make_stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def stages():
    first = make_stage(start_date=date(2024, 2, 1), end_date=date(2024, 2, 28))
    second = make_stage(election=first.election, start_date=date(2024, 3, 1), end_date=date(2024, 3, 31))
    empty = make_stage(election=first.election, start_date=date(2024, 4, 1), end_date=date(2024, 4, 30))
    return [first, second, empty]


def due_on_stage(agreement, stage, offset):
    return make_commitment(
        agreement,
        due_kind=Commitment.DueKind.STAGE,
        due_stage=stage,
        due_anchor=Commitment.Anchor.END,
        due_offset_days=offset,
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
