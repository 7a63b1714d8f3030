"""Which archive restores where: JSON anywhere, pg_dump into PostgreSQL only, older archives still."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from agencies.models import User
from tests.security.backups import lose_everything, manifest_of, on_postgresql, rewritten, row_counts

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def json_archive(world, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), "--format=json", stdout=io.StringIO())
    return archive


def as_pg_dump(manifest):
    """What the manifest of a pg_dump archive says (the test on SQLite cannot run pg_dump)."""
    return {**manifest, "database_format": "pg_dump", "pg_dump_major": 17, "server_major": 17}


def test_it_writes_json_by_default_on_sqlite_and_pg_dump_on_postgresql(world, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    assert manifest_of(archive)["database_format"] == ("pg_dump" if on_postgresql else "json")


@pytest.mark.skipif(on_postgresql, reason="the refusal is SQLite's")
def test_it_refuses_a_pg_dump_archive_on_sqlite_in_the_users_language(json_archive, private_files, tmp_path):
    pg_archive = rewritten(json_archive, tmp_path / "pg.tar.gz", manifest=as_pg_dump)
    lose_everything(private_files)
    with pytest.raises(CommandError, match="hanya dapat dipulihkan ke PostgreSQL"):
        call_command("restore", str(pg_archive))
    assert not User.objects.exists()


@pytest.mark.skipif(on_postgresql, reason="the refusal is SQLite's")
def test_it_refuses_to_back_up_sqlite_with_pg_dump(world, tmp_path):
    with pytest.raises(CommandError, match="--format=json"):
        call_command("backup", str(tmp_path / "backup.tar.gz"), "--format=pg_dump")
    assert not (tmp_path / "backup.tar.gz").exists()


def test_it_still_restores_an_archive_of_the_first_format(json_archive, private_files, tmp_path):
    counts = row_counts()

    def first_format(manifest):
        del manifest["database_format"]
        return {**manifest, "format": 1}

    old = rewritten(json_archive, tmp_path / "old.tar.gz", manifest=first_format)
    lose_everything(private_files)
    call_command("restore", str(old), stdout=io.StringIO())
    assert row_counts() == counts


def test_it_refuses_an_archive_of_an_unknown_format(json_archive, private_files, tmp_path):
    future = rewritten(
        json_archive, tmp_path / "future.tar.gz", manifest=lambda manifest: {**manifest, "format": 9}
    )
    lose_everything(private_files)
    with pytest.raises(CommandError, match="9"):
        call_command("restore", str(future))
