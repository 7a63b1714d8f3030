"""One archive holding the database and the private uploaded files, with checksums and a manifest.

The manifest names the format of the database part (``database_format``):

- ``pg_dump``, the default on PostgreSQL: pg_dump's custom format (security.backup_pg). It is fast and small
  at national size, and restores into PostgreSQL only, with client tools no older than the server.
- ``json``, the default on SQLite and ``backup --format=json`` on PostgreSQL: Django's dumpdata. It restores
  into either database (the cross-database drill) without server tools, but loading holds every row in memory,
  so at national size it is slow and large (docs/operations.md has the figures).

Both are written to a temporary file first and streamed into the archive, never held in memory.
"""

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
import zlib
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from kpu_coop import invalidation
from kpu_coop.file_storage import keeps_files_on_disk
from security import backup_pg
from security.backup_errors import BackupError

__all__ = ["BackupError", "backup_create", "backup_restore"]

# The archive's layout; 1 (before the database format was named: always dumpdata JSON) is still read.
FORMAT = 2
READABLE_FORMATS = {1, 2}
JSON, PG_DUMP = "json", "pg_dump"
DB_MEMBERS = {JSON: "db.json", PG_DUMP: "db.pgdump"}
# Rebuilt by migrate (content types, permissions) or worthless elsewhere (sessions, pending lockouts).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes.accessattempt"]
MANIFEST_MEMBER = "manifest.json"
FILES_PREFIX = "files/"
# The database part is compressed already (pg_dump) or compresses easily (JSON), and uploads are PDFs and
# images: a light gzip level saves nearly as much as the heaviest at a fraction of the time.
COMPRESS_LEVEL = 1


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def files_root():
    """The private files folder; refused on an object store, whose files are no files here to archive."""
    if not keeps_files_on_disk(default_storage):
        raise BackupError(
            _(
                "The uploaded files are in an object store (FILE_STORAGE=s3), not in a folder on this "
                "machine: backup and restore handle files on disk only. Back up the bucket with the store's "
                "own versioning or replication, and the database with pg_dump (docs/operations.md, "
                '"Backups and the object store").'
            )
        )
    return Path(default_storage.path(""))


def private_files():
    """Relative path → absolute path of every uploaded file."""
    root = files_root()
    if not root.exists():
        return {}
    return {path.relative_to(root).as_posix(): path for path in sorted(root.rglob("*")) if path.is_file()}


def applied_migrations():
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def row_counts_in(dump_path):
    with open(dump_path, encoding="utf-8") as handle:
        return dict(Counter(record["model"] for record in json.load(handle)))


def row_counts_now(labels):
    return {label: apps.get_model(label)._base_manager.count() for label in labels}


def default_database_format():
    return PG_DUMP if connection.vendor == "postgresql" else JSON


def json_dump(*, into):
    # use_base_manager: models whose default manager hides rows (e.g. only active ones) are dumped whole.
    call_command(
        "dumpdata",
        natural_foreign=True,
        exclude=EXCLUDED,
        use_base_manager=True,
        output=str(into),
        verbosity=0,
    )
    return {"counts": row_counts_in(into)}


def backup_create(*, output, database_format=None):
    """Write the archive to ``output`` (made readable by its owner only); returns the manifest.

    ``database_format`` is ``"pg_dump"`` (PostgreSQL only) or ``"json"``; by default the database's own.
    """
    output = Path(output)
    database_format = database_format or default_database_format()
    if database_format == PG_DUMP and connection.vendor != "postgresql":
        raise BackupError(
            _("pg_dump backs up PostgreSQL only; this installation runs on %(vendor)s: use --format=json.")
            % {"vendor": connection.vendor}
        )
    if not output.parent.is_dir():
        raise BackupError(_("The folder %(folder)s does not exist.") % {"folder": output.parent})
    # Before the database is dumped, which may take minutes: an archive without the files is refused.
    files_root()
    # Next to the archive: the dump may be large, and the archive's disk was chosen to hold it.
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".kpu-coop-backup-") as work:
        dump = Path(work) / DB_MEMBERS[database_format]
        dumped = backup_pg.database_dump(into=dump) if database_format == PG_DUMP else json_dump(into=dump)
        files = private_files()
        manifest = {
            "format": FORMAT,
            "database_format": database_format,
            "created_at": timezone.now().isoformat(timespec="seconds"),
            "django": django.get_version(),
            "database": connection.vendor,
            "migrations": applied_migrations(),
            **dumped,
            "db_sha256": sha256_of(dump),
            "files": {
                name: {"sha256": sha256_of(path), "size": path.stat().st_size} for name, path in files.items()
            },
        }
        write_archive(output, manifest=manifest, dump=dump, files=files)
    return manifest


def write_archive(output, *, manifest, dump, files):
    """The manifest first (restore reads it before anything else), then the database, then the files."""
    partial = output.with_name(output.name + ".partial")
    partial.unlink(missing_ok=True)
    partial.touch(mode=0o600)
    with tarfile.open(partial, "w:gz", compresslevel=COMPRESS_LEVEL) as archive:
        data = json.dumps(manifest, indent=1, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST_MEMBER)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
        archive.add(dump, arcname=dump.name)
        for name, path in files.items():
            archive.add(path, arcname=FILES_PREFIX + name)
    partial.replace(output)


def read_manifest(archive, member):
    if member.name != MANIFEST_MEMBER or not member.isfile():
        raise BackupError(_("The archive has no readable manifest.json."))
    try:
        manifest = json.loads(archive.extractfile(member).read())
    except ValueError:
        raise BackupError(_("The archive has no readable manifest.json.")) from None
    if not isinstance(manifest, dict) or manifest.get("format") not in READABLE_FORMATS:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupError(
            _("Unknown archive format %(found)r (this version reads %(known)s).")
            % {"found": found, "known": ", ".join(map(str, sorted(READABLE_FORMATS)))}
        )
    manifest.setdefault("database_format", JSON)
    if manifest["database_format"] not in DB_MEMBERS:
        raise BackupError(
            _("Unknown database format %(found)r in the archive.") % {"found": manifest["database_format"]}
        )
    return manifest


def check_restorable_here(manifest):
    if manifest["database_format"] == PG_DUMP and connection.vendor != "postgresql":
        raise BackupError(
            _(
                "This archive holds a PostgreSQL dump (pg_dump), which restores into PostgreSQL only; this "
                "installation runs on %(vendor)s. Restore it into PostgreSQL, or make a portable archive "
                "there with `manage.py backup --format=json`."
            )
            % {"vendor": connection.vendor}
        )


def read_archive(archive_path, into):
    """Extract safely into ``into``, check every checksum, and return the manifest.

    One pass over the compressed stream; the manifest comes first, so an archive this installation cannot
    restore is refused before anything else is unpacked.
    """
    into, manifest = Path(into), None
    try:
        with tarfile.open(archive_path, "r|gz") as archive:
            for member in archive:
                if manifest is None:
                    manifest = read_manifest(archive, member)
                    check_restorable_here(manifest)
                    continue
                expected = member.name == DB_MEMBERS[manifest["database_format"]]
                if not expected and not member.name.startswith(FILES_PREFIX):
                    raise BackupError(
                        _("The archive holds %(name)s, which a backup never holds.") % {"name": member.name}
                    )
                # The "data" filter refuses absolute paths, "..", links and devices.
                archive.extract(member, into, filter="data")
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupError(_("The archive cannot be read: %(error)s") % {"error": error}) from None
    if manifest is None:
        raise BackupError(_("The archive has no readable manifest.json."))
    check_contents(into, manifest)
    return manifest


def check_contents(into, manifest):
    dump = into / DB_MEMBERS[manifest["database_format"]]
    if not dump.is_file() or sha256_of(dump) != manifest["db_sha256"]:
        raise BackupError(
            _("%(name)s does not match its checksum: the archive is damaged.") % {"name": dump.name}
        )
    extracted = (
        {
            path.relative_to(into / "files").as_posix()
            for path in (into / "files").rglob("*")
            if path.is_file()
        }
        if (into / "files").exists()
        else set()
    )
    if extracted != set(manifest["files"]):
        raise BackupError(_("The files in the archive are not those its manifest lists."))
    for name, facts in manifest["files"].items():
        if sha256_of(into / "files" / name) != facts["sha256"]:
            raise BackupError(
                _("%(name)s does not match its checksum: the archive is damaged.") % {"name": name}
            )


def backup_restore(*, archive):
    """Restore an archive into an empty installation (migrated, no users, no uploaded files)."""
    if get_user_model().objects.exists():
        raise BackupError(
            _(
                "This installation already has users: restore only into an empty one "
                "(a new database after `manage.py migrate`, and an empty private files folder)."
            )
        )
    if private_files():
        raise BackupError(_("The private files folder %(folder)s is not empty.") % {"folder": files_root()})
    with tempfile.TemporaryDirectory(prefix="kpu-coop-restore-") as work:
        manifest = read_archive(archive, work)
        if manifest["migrations"] != applied_migrations():
            raise BackupError(
                _(
                    "The archive was made by another version of the app (its migrations differ from this "
                    "database's): check out that version, or migrate this database to match, and restore "
                    "again."
                )
            )
        dump = Path(work) / DB_MEMBERS[manifest["database_format"]]
        copied = []
        try:
            copy_files(Path(work) / "files", manifest, copied=copied)
            if manifest["database_format"] == PG_DUMP:
                backup_pg.database_restore(dump=dump, manifest=manifest)
                # The content types' ids are now the archive's.
                ContentType.objects.clear_cache()
            else:
                json_restore(dump)
        except Exception:
            for path in copied:
                path.unlink(missing_ok=True)
            raise
    counts = row_counts_now(manifest["counts"])
    if counts != manifest["counts"]:
        raise BackupError(
            _("Row counts differ after restore: archive %(archive)s, database %(database)s.")
            % {"archive": manifest["counts"], "database": counts}
        )
    # pg_restore wrote from another process, out of sight of the invalidation hook: every cached page goes.
    invalidation.everything_changed()
    return manifest


def json_restore(dump):
    with transaction.atomic(), changes_unrecorded():
        # Rows created by migrations (reference data) give way to the archive's own.
        call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(dump), verbosity=0)


@contextmanager
def changes_unrecorded():
    """Loading rows writes no history and touches nothing: the archive holds the history as it was.

    Setting links (elections, focus areas) would otherwise write history rows whose ids clash with the
    archive's, and move the agreements' updated_at (agreements.signals follows the same setting).
    """
    before = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        yield
    finally:
        settings.SIMPLE_HISTORY_ENABLED = before


def copy_files(source, manifest, *, copied):
    """Copy the archive's files into place, each listed in ``copied`` once written (to undo a failure)."""
    root = files_root()
    for name, facts in manifest["files"].items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, target)
        copied.append(target)
        if sha256_of(target) != facts["sha256"]:
            raise BackupError(
                _("%(name)s was not written correctly to %(folder)s.") % {"name": name, "folder": root}
            )
