"""One archive holding the database (dumpdata JSON) and the private uploaded files, with checksums.

Why dumpdata and not pg_dump: the same archive restores into SQLite or PostgreSQL, needs no server tools of a
matching version, and CI can run the drill on both databases. The price is speed, which at this app's size
(thousands of rows, not millions) is seconds.
"""

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
# Rebuilt by migrate (content types, permissions) or worthless elsewhere (sessions, pending lockouts).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes.accessattempt"]
DB_MEMBER = "db.json"
MANIFEST_MEMBER = "manifest.json"
FILES_PREFIX = "files/"


class BackupError(Exception):
    pass


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def files_root():
    return Path(default_storage.location)


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


def backup_create(*, output):
    """Write the archive to ``output`` (made readable by its owner only); returns the manifest."""
    output = Path(output)
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DB_MEMBER
        # all=True: models whose default manager hides rows (e.g. only active ones) are dumped whole.
        call_command(
            "dumpdata",
            natural_foreign=True,
            exclude=EXCLUDED,
            use_base_manager=True,
            output=str(dump),
            verbosity=0,
        )
        files = private_files()
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(timespec="seconds"),
            "django": django.get_version(),
            "database": connection.vendor,
            "migrations": applied_migrations(),
            "counts": row_counts_in(dump),
            "db_sha256": sha256_of(dump),
            "files": {
                name: {"sha256": sha256_of(path), "size": path.stat().st_size} for name, path in files.items()
            },
        }
        partial = output.with_name(output.name + ".partial")
        partial.touch(mode=0o600)
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST_MEMBER)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=DB_MEMBER)
            for name, path in files.items():
                archive.add(path, arcname=FILES_PREFIX + name)
        partial.replace(output)
    return manifest


def read_archive(archive_path, into):
    """Extract safely into ``into``, check every checksum, and return the manifest."""
    into = Path(into)
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            # The "data" filter refuses absolute paths, "..", links and devices.
            archive.extractall(into, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"The archive cannot be read: {error}") from None
    try:
        manifest = json.loads((into / MANIFEST_MEMBER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupError("The archive has no readable manifest.json.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown archive format {manifest.get('format')!r} (this version reads {FORMAT}).")
    if sha256_of(into / DB_MEMBER) != manifest["db_sha256"]:
        raise BackupError("db.json does not match its checksum: the archive is damaged.")
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
        raise BackupError("The files in the archive are not those its manifest lists.")
    for name, facts in manifest["files"].items():
        if sha256_of(into / "files" / name) != facts["sha256"]:
            raise BackupError(f"{name} does not match its checksum: the archive is damaged.")
    return manifest


def backup_restore(*, archive):
    """Restore an archive into an empty installation (migrated, no users, no uploaded files)."""
    if get_user_model().objects.exists():
        raise BackupError(
            "This installation already has users: restore only into an empty one "
            "(a new database after `manage.py migrate`, and an empty private files folder)."
        )
    if private_files():
        raise BackupError(f"The private files folder {files_root()} is not empty.")
    with tempfile.TemporaryDirectory() as work:
        manifest = read_archive(archive, work)
        if manifest["migrations"] != applied_migrations():
            raise BackupError(
                "The archive was made by another version of the app (its migrations differ from this "
                "database's): check out that version, or migrate this database to match, and restore again."
            )
        copied = copy_files(Path(work) / "files", manifest)
        try:
            with transaction.atomic(), changes_unrecorded():
                # Rows created by migrations (reference data) give way to the archive's own.
                call_command("flush", interactive=False, verbosity=0)
                call_command("loaddata", str(Path(work) / DB_MEMBER), verbosity=0)
        except Exception:
            for path in copied:
                path.unlink(missing_ok=True)
            raise
    counts = row_counts_now(manifest["counts"])
    if counts != manifest["counts"]:
        raise BackupError(
            f"Row counts differ after restore: archive {manifest['counts']}, database {counts}."
        )
    return manifest


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


def copy_files(source, manifest):
    root, copied = files_root(), []
    for name, facts in manifest["files"].items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, target)
        copied.append(target)
        if sha256_of(target) != facts["sha256"]:
            raise BackupError(f"{name} was not written correctly to {root}.")
    return copied
