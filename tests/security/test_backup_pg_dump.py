"""Backups on PostgreSQL: pg_dump and pg_restore found, recent enough, and never shown the password."""

import io
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from agencies.models import User
from security import backup_pg
from tests.security.backups import checksums, lose_everything, on_postgresql, rewritten

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not on_postgresql, reason="pg_dump and pg_restore need PostgreSQL"),
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def pg_archive(world, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    return archive


def fake_tool(folder, name, version):
    script = folder / name
    script.write_text(f"#!/bin/sh\necho '{name} (PostgreSQL) {version}'\n")
    script.chmod(0o755)


def test_it_goes_on_numbering_rows_after_a_restore(pg_archive, private_files):
    lose_everything(private_files)
    call_command("restore", str(pg_archive), stdout=io.StringIO())
    assert User.objects.create(username="after_restore").pk > User.objects.order_by("pk").first().pk


def test_it_says_when_pg_dump_is_missing(world, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CommandError, match="pg_dump was not found: install the PostgreSQL client tools"):
        call_command("backup", str(tmp_path / "backup.tar.gz"))


def test_it_refuses_a_pg_dump_older_than_the_server(world, tmp_path, monkeypatch):
    fake_tool(tmp_path, "pg_dump", "9.6.24")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CommandError, match="is version 9, older than the"):
        call_command("backup", str(tmp_path / "backup.tar.gz"))
    assert not (tmp_path / "backup.tar.gz").exists()


def test_it_refuses_a_pg_restore_older_than_the_dump(pg_archive, private_files, tmp_path, monkeypatch):
    lose_everything(private_files)
    fake_tool(tmp_path, "pg_restore", "9.6.24")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CommandError, match="pg_restore is version 9"):
        call_command("restore", str(pg_archive))
    assert not User.objects.exists()
    assert not private_files.exists() or checksums(private_files) == {}


def test_it_restores_nothing_when_pg_restore_fails(pg_archive, private_files, tmp_path):
    import hashlib

    garbage = b"PGDMP but not really"

    def broken_dump(manifest):
        return {**manifest, "db_sha256": hashlib.sha256(garbage).hexdigest()}

    broken = rewritten(
        pg_archive,
        tmp_path / "broken.tar.gz",
        member=lambda name, data: garbage if name == "db.pgdump" else data,
        manifest=broken_dump,
    )
    lose_everything(private_files)
    with pytest.raises(CommandError, match="pg_restore failed"):
        call_command("restore", str(broken))
    assert not User.objects.exists()
    assert not private_files.exists() or checksums(private_files) == {}


def test_it_passes_the_password_in_the_environment_not_on_the_command_line(world, tmp_path, monkeypatch):
    # The test server trusts local connections, so any password works and none is checked.
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", "not-on-the-command-line")
    calls = []
    real_run = subprocess.run

    def recording_run(command, **options):
        calls.append((command, options.get("env") or {}))
        return real_run(command, **options)

    monkeypatch.setattr(backup_pg.subprocess, "run", recording_run)
    call_command("backup", str(tmp_path / "backup.tar.gz"), stdout=io.StringIO())
    dumps = [(command, env) for command, env in calls if "--format=custom" in command]
    assert len(dumps) == 1
    command, env = dumps[0]
    assert not any("not-on-the-command-line" in part for part in command)
    assert env["PGPASSWORD"] == "not-on-the-command-line"
