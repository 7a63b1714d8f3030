"""The migration to several witnesses keeps the single witness each agreement had."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("agreements", "0016_monev_evaluation")]
AFTER = [("agreements", "0017_agreement_clauses_and_grants")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest_schema_after():
    """Leave the database at the latest migrations: later tests in this worker expect every column."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_it_turns_the_witness_fields_into_a_first_witness_row(latest_schema_after):
    old = migrate(BEFORE)
    Organisation = old.get_model("agencies", "Organisation")
    Agreement = old.get_model("agreements", "Agreement")
    office = Organisation.objects.create(
        kind="election_commission", short_name="KPU Uji", name="KPU Uji", slug="kpu-uji-m"
    )
    witnessed = Agreement.objects.create(
        office=office, title="PKS", witness_name="Joko Purnomo", witness_position="Wakil Bupati Bantul"
    )
    Agreement.objects.create(office=office, title="PKS tanpa saksi")

    new = migrate(AFTER)
    rows = new.get_model("agreements", "Witness").objects.values_list(
        "agreement_id", "name", "position", "order"
    )
    assert list(rows) == [(witnessed.pk, "Joko Purnomo", "Wakil Bupati Bantul", 1)]
