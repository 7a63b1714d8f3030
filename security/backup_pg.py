"""The PostgreSQL part of a backup: pg_dump in custom format and pg_restore (the archive: security.backup).

pg_dump and pg_restore run as subprocesses with the connection settings of the ``default`` database. They read
the host, port, user, password and TLS settings from libpq's environment variables, so the password never
appears on a command line (where ``ps`` shows it to every user of the host).
"""

import os
import re
import shutil
import subprocess
from contextlib import contextmanager

from django.apps import apps
from django.db import connection, transaction
from django.db.backends.postgresql.client import DatabaseClient
from django.utils.translation import gettext as _

from security.backup_errors import BackupError

# Replaces the schema that migrate created with the archive's own, in one transaction: all or nothing.
# --no-owner/--no-privileges: the restoring role owns everything, whatever roles the source server had.
RESTORE_OPTIONS = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]


def server_major():
    return connection.pg_version // 10000


def tool_major(path):
    """The major version of a PostgreSQL client tool: "pg_dump (PostgreSQL) 15.20 (Debian …)" gives 15."""
    try:
        output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise BackupError(_("%(tool)s does not run: %(error)s") % {"tool": path, "error": error}) from None
    match = re.search(r"\)\s*(\d+)", output)
    if match is None:
        raise BackupError(
            _("%(tool)s gives no version: %(output)s") % {"tool": path, "output": output.strip()}
        )
    return int(match.group(1))


def find_tool(name, *, at_least):
    """The path of pg_dump or pg_restore on PATH, refused when older than ``at_least`` (a major version)."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _(
                "%(tool)s was not found: install the PostgreSQL client tools, version %(major)s or newer "
                "(Debian and Ubuntu: apt-get install postgresql-client)."
            )
            % {"tool": name, "major": at_least}
        )
    major = tool_major(path)
    if major < at_least:
        raise BackupError(
            _(
                "%(tool)s is version %(found)s, older than the %(needed)s it must work with: install the "
                "PostgreSQL %(needed)s client tools (or newer) and put them first on PATH."
            )
            % {"tool": path, "found": major, "needed": at_least}
        )
    return path, major


def libpq_environment():
    """The environment for pg_dump and pg_restore: this process's, plus the connection settings."""
    settings_dict = connection.settings_dict
    _args, django_env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    environment = {**os.environ, **(django_env or {})}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    return environment


def run_tool(command):
    """Run a client tool; its messages (never the data) are captured for the error."""
    completed = subprocess.run(command, env=libpq_environment(), capture_output=True, text=True)
    if completed.returncode != 0:
        raise BackupError(
            _("%(tool)s failed (exit status %(status)s): %(messages)s")
            % {
                "tool": os.path.basename(command[0]),
                "status": completed.returncode,
                "messages": completed.stderr.strip()[-2000:],
            }
        )


def table_counts():
    """Rows in the table of every model, keyed like dumpdata's model labels ("agreements.agreement")."""
    models = apps.get_models(include_auto_created=True)
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in models
        if model._meta.managed and not model._meta.proxy
    }


@contextmanager
def exported_snapshot():
    """A read-only snapshot shared with pg_dump, so the manifest counts the very rows the dump holds."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        yield cursor.fetchone()[0]


def database_dump(*, into):
    """Write a custom-format dump to the file ``into``; returns the manifest's facts about it."""
    major = server_major()
    pg_dump, dump_major = find_tool("pg_dump", at_least=major)
    with exported_snapshot() as snapshot:
        counts = table_counts()
        run_tool(
            [
                pg_dump,
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={into}",
                f"--dbname={connection.settings_dict['NAME']}",
            ]
        )
    return {"counts": counts, "pg_dump_major": dump_major, "server_major": major}


def database_restore(*, dump, manifest):
    """Load a custom-format dump over this (migrated, empty) database, in one transaction."""
    needed = max(server_major(), manifest["pg_dump_major"])
    pg_restore, _major = find_tool("pg_restore", at_least=needed)
    # pg_restore drops and recreates the tables: this process must hold no transaction or lock on them.
    connection.close()
    run_tool([pg_restore, *RESTORE_OPTIONS, f"--dbname={connection.settings_dict['NAME']}", str(dump)])
