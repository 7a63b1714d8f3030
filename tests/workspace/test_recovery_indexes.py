"""Deleted records are found from an index of the deletions alone, however long the history grows."""

import pytest
from django.db import connection
from django.db.models import Q

from agreements.models import Commitment
from tests.factories import make_agreement, make_commitment
from workspace.recovery import LIST_LIMIT, RECOVERABLE, still_deleted


@pytest.mark.parametrize("key", RECOVERABLE)
def test_every_recoverable_record_keeps_an_index_of_its_deletions(key):
    indexes = RECOVERABLE[key].history.model._meta.indexes

    assert any(
        index.condition == Q(history_type="-") and index.fields == ["-history_date", "-history_id"]
        for index in indexes
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan asked for is PostgreSQL's")
@pytest.mark.django_db
def test_the_deleted_commitments_are_read_from_that_index_past_a_long_history():
    agreement = make_agreement()
    kept, deleted = make_commitment(agreement), make_commitment(agreement, title="Dihapus")
    table = Commitment.history.model._meta.db_table
    with connection.cursor() as cursor:
        # A stage move's worth of changes: one history row per commitment and move, none of them deletions.
        cursor.execute(
            f"""INSERT INTO {table} (id, title, description, is_example, weight, is_not_applicable,
                not_applicable_reason, not_carried_out_reason, due_kind, due_anchor, due_offset_days, status,
                "order", created_at, agreement_id, responsible_id, history_date, history_type)
            SELECT id, title, description, is_example, weight, is_not_applicable, not_applicable_reason,
                not_carried_out_reason, due_kind, due_anchor, due_offset_days, status, "order", created_at,
                agreement_id, responsible_id, history_date - make_interval(secs => n), '~'
            FROM {table}, generate_series(1, 5000) AS n WHERE id = %s""",
            [kept.pk],
        )
        deleted.delete()
        cursor.execute(f"ANALYZE {table}")
        rows = still_deleted(Commitment)[:LIST_LIMIT]
        plan = rows.explain()

    assert [row.title for row in rows] == ["Dihapus"]
    assert "deleted_commitment" in plan
