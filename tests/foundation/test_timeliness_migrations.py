"""The data migrations fill the timeliness facts and the MoU roll-up for records made before them."""

import importlib
from datetime import UTC, date, datetime

import pytest
from django.apps import apps

from agreements.models import Agreement, Commitment
from tests.factories import make_agreement, make_commitment

pytestmark = pytest.mark.django_db

timeliness = importlib.import_module("agreements.migrations.0018_commitment_timeliness")
rollup = importlib.import_module("agreements.migrations.0019_mou_progress_rollup")


def test_it_takes_the_original_due_date_from_the_earliest_history():
    commitment = make_commitment(due_kind=Commitment.DueKind.FIXED, due_date=date(2024, 3, 1))
    commitment.due_date = date(2024, 4, 1)
    commitment.save()
    Commitment.objects.update(original_due_on=None)

    timeliness.fill_timeliness(apps, None)

    assert Commitment.objects.get().original_due_on == date(2024, 3, 1)


def test_it_dates_a_done_commitment_s_verification_in_jakarta_time():
    commitment = make_commitment()
    # 20:00 UTC is already the next day in Jakarta (UTC+7).
    verified_at = datetime(2024, 3, 4, 20, 0, tzinfo=UTC)
    Commitment.objects.filter(pk=commitment.pk).update(status="done", status_changed_at=verified_at)

    timeliness.fill_timeliness(apps, None)

    assert Commitment.objects.get().verified_on == date(2024, 3, 5)


def test_it_recounts_an_mou_with_its_published_pks():
    mou = make_agreement(kind=Agreement.Kind.MOU)
    pks = make_agreement(parent=mou, is_published=True)
    make_commitment(pks, weight=2, status="done")
    Agreement.objects.filter(pk=mou.pk).update(commitment_count=0, done_weight=0, applicable_weight=0)

    rollup.recount(apps, None)

    mou.refresh_from_db()
    assert (mou.commitment_count, mou.done_weight, mou.applicable_weight, mou.progress.percent) == (
        1,
        2,
        2,
        100,
    )
