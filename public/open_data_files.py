"""The full open data files, kept in the "opendata" storage and served from there (never from the cache).

The storage is a folder on disk (OPEN_DATA_DIR) or the object store (FILE_STORAGE=s3) that every app server
shares: a file one server's worker builds, any server serves.

A build writes each file (and a gzip copy) under a name that carries its SHA-256, then replaces manifest.json,
which names the current files with their hash (the strong ETag), size and the time of the build. A reader that
holds a manifest always finds the files it names, and no build ever changes a file in place.

Builds are serialised by a lock (a file beside them on disk, a cache key on an object store, shared by every
server through Redis); the public generation and the day each build read are in the manifest,
so a build that finds the files current does nothing. A change the public can see asks for a rebuild when its
transaction commits (kpu_coop.invalidation, whatever wrote it); a download that finds the files behind the
data (the worker was down, or the day turned and with it the agreements' status) asks too, and is served the
files as they are, with their Last-Modified: the open data page says when they were made.
"""

import fcntl
import gzip
import hashlib
import json
import logging
import os
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone, translation

from kpu_coop.file_storage import keeps_files_on_disk
from kpu_coop.invalidation import PUBLIC, generation
from public import opendata
from public.filters import AgreementFilterForm, FilterOptions

logger = logging.getLogger(__name__)

DATASETS = opendata.DATASETS
MANIFEST = "manifest.json"
LOCK = ".lock"
LOCK_KEY = "open-data-build-lock"
# Longer than any build (about a minute at national size): a lock whose holder died frees itself.
LOCK_SECONDS = 15 * 60


@dataclass(frozen=True)
class ServedFile:
    name: str
    sha256: str
    generated_at: datetime
    gzip: bool

    def open(self):
        return storage().open(self.name, "rb")


def storage():
    return storages["opendata"]


def public_data_version():
    """What the files were built from: the public cache generation, which moves when a change commits, and
    the release, whose columns and labels they follow (the generation outlives a release: settings.CACHES)."""
    return f"{generation(PUBLIC)}:{settings.RELEASE}"


def read_manifest():
    try:
        with storage().open(MANIFEST, "rb") as handle:
            return json.loads(handle.read())
    except FileNotFoundError:
        return None


def is_current(manifest, version):
    # The status column (active, ended) follows today's date, so a new day needs new files too.
    return (
        manifest is not None
        and manifest["version"] == version
        and manifest["day"] == timezone.localdate().isoformat()
    )


def files_current(manifest):
    """Whether ``manifest``'s files show the data as it is now. With the cache down (it holds the data's
    generation) nobody can tell: the files are served as they are, rather than failing the request."""
    try:
        version = public_data_version()
    except Exception:
        logger.exception("cache unavailable")
        return True
    return is_current(manifest, version)


def open_data_state():
    """For the open data page: when the files were made, their sizes, and whether they are behind the data."""
    manifest = read_manifest()
    if manifest is None:
        return None
    return {
        "generated_at": datetime.fromisoformat(manifest["generated_at"]),
        # Keyed agreements_csv and so on: a template cannot look up a name with a dot in it.
        "sizes": {name.replace(".", "_"): entry["size"] for name, entry in manifest["files"].items()},
        "is_current": files_current(manifest),
    }


class FilesNotReady(Exception):
    """There are no files yet (a fresh installation): a build is queued; ask again in a minute."""


def open_data_file(name, *, gzip=False):
    """The file to serve for ``name`` (e.g. "agreements.csv").

    Files behind the data are served as they are, after asking for a rebuild (which, run at once as in
    development and tests, already replaced them). With no files yet, a build is asked for too: run at once,
    its files are served; queued for the worker, FilesNotReady is raised. A request never builds them itself:
    at national size that takes about a minute, longer than gunicorn lets a request run, and a build cut
    short would be started again by the next download, and cut short again.
    """
    manifest = read_manifest()
    if manifest is None:
        request_rebuild(None)
        manifest = read_manifest()
        if manifest is None:
            raise FilesNotReady
    elif not files_current(manifest):
        request_rebuild(manifest)
        manifest = read_manifest()
    entry = manifest["files"][name]
    stored_name = entry["gzip_file"] if gzip else entry["file"]
    return ServedFile(stored_name, entry["sha256"], datetime.fromisoformat(manifest["generated_at"]), gzip)


# The rebuild this process asked for last: one request per process and state, not one per download.
_last_requested = None


def request_rebuild(manifest):
    global _last_requested
    where = repr(settings.STORAGES["opendata"])
    if manifest is None:
        # No files yet: once a minute at most (Retry-After), so that a build that failed is asked for again.
        key = (where, None, public_data_version(), int(time.monotonic() // 60))
    else:
        key = (where, manifest["generated_at"], public_data_version(), manifest["day"])
    if key != _last_requested:
        _last_requested = key
        enqueue_rebuild()


def enqueue_rebuild():
    from public.tasks import open_data_rebuild

    open_data_rebuild.enqueue()


def open_data_refresh(*, force=False):
    """Build the files unless they are current; return the manifest of the files now in place."""
    with build_lock():
        # Another build may have finished while this one waited for the lock.
        previous = read_manifest()
        if is_current(previous, public_data_version()) and not force:
            return previous
        with staging_folder() as folder:
            manifest = build(folder)
        remove_superseded([manifest, previous])
        return manifest


@contextmanager
def staging_folder():
    """Where a build writes its files before they take their final names (hashing needs the whole file)."""
    if keeps_files_on_disk(storage()):
        # Beside them, so that a finished file is renamed into place, never copied.
        yield disk_folder()
    else:
        with tempfile.TemporaryDirectory(prefix="kpu-coop-open-data-") as work:
            yield Path(work)


def disk_folder():
    folder = Path(storage().path(""))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def build_lock():
    return file_lock() if keeps_files_on_disk(storage()) else cache_lock()


@contextmanager
def file_lock():
    with (disk_folder() / LOCK).open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextmanager
def cache_lock():
    """A lock every server sees (the cache is Redis in production); waits for the build holding it."""
    token = uuid.uuid4().hex
    while not cache.add(LOCK_KEY, token, timeout=LOCK_SECONDS):
        time.sleep(0.5)
    try:
        yield
    finally:
        # Only its own: a lock that expired under a build far too slow may be another build's by now.
        if cache.get(LOCK_KEY) == token:
            cache.delete(LOCK_KEY)


def build(folder):
    started = time.monotonic()
    form = AgreementFilterForm({}, options=FilterOptions())
    form.is_valid()
    # Addresses in the files are the site's own (SITE_URL), in its default language: no request is at hand.
    context = {"absolute_url": lambda path: settings.SITE_URL.rstrip("/") + path}
    with translation.override(settings.LANGUAGE_CODE), opendata.consistent_snapshot():
        # Read first, inside the snapshot: a change committed during the build moves the version past it.
        version, day = public_data_version(), timezone.localdate().isoformat()
        generated_at = timezone.now()
        files = {}
        for dataset in DATASETS:
            records = opendata.RECORDS[dataset](form)
            # Counted in the snapshot, so that the JSON's count is the number of records it holds.
            pairs = opendata.both_formats(
                dataset, records.count(), records.iterator(chunk_size=opendata.CHUNK_SIZE), context
            )
            with (
                FileWriter(folder, f"{dataset}.csv") as csv_file,
                FileWriter(folder, f"{dataset}.json") as json_file,
            ):
                for csv_text, json_text in pairs:
                    csv_file.write(csv_text)
                    json_file.write(json_text)
            files[csv_file.name], files[json_file.name] = csv_file.entry, json_file.entry
    manifest = {"generated_at": generated_at.isoformat(), "version": version, "day": day, "files": files}
    replace_manifest(json.dumps(manifest, indent=1).encode())
    logger.info("Open data files built in %.1f s.", time.monotonic() - started)
    return manifest


class FileWriter:
    """Writes one file and its gzip copy, both named by their hash when done (``entry`` for the manifest)."""

    def __init__(self, folder, name):
        self.folder, self.name = folder, name
        self.digest, self.size, self.pending, self.pending_size = hashlib.sha256(), 0, [], 0
        self.plain_temp, self.gzip_temp = folder / f".building-{name}", folder / f".building-{name}.gz"

    def __enter__(self):
        self.plain, self.raw = self.plain_temp.open("wb"), self.gzip_temp.open("wb")
        # mtime 0: the same data gives the same bytes.
        self.compressed = gzip.GzipFile(fileobj=self.raw, mode="wb", compresslevel=6, mtime=0)
        return self

    def write(self, text):
        # Collected into pieces of about BATCH_BYTES: hashing and compressing cost less per call that way.
        self.pending.append(text)
        self.pending_size += len(text)
        if self.pending_size >= opendata.BATCH_BYTES:
            self.flush_pending()

    def flush_pending(self):
        chunk = "".join(self.pending).encode()
        self.pending, self.pending_size = [], 0
        self.plain.write(chunk)
        self.compressed.write(chunk)
        self.digest.update(chunk)
        self.size += len(chunk)

    def __exit__(self, error_type, error, traceback):
        if error is None:
            self.flush_pending()
        self.compressed.close()
        for handle in (self.plain, self.raw):
            if error is None:
                handle.flush()
                os.fsync(handle.fileno())
            handle.close()
        if error is not None:
            return
        sha256 = self.digest.hexdigest()
        stem, extension = self.name.split(".")
        file = f"{stem}-{sha256[:16]}.{extension}"
        store(file, self.plain_temp)
        store(f"{file}.gz", self.gzip_temp)
        self.entry = {"file": file, "gzip_file": f"{file}.gz", "sha256": sha256, "size": self.size}


def store(name, path):
    """Give a finished file its final name in the storage; under that name it is always whole."""
    target = storage()
    if keeps_files_on_disk(target):
        os.replace(path, target.path(name))
    # An object appears whole or not at all; one of that name holds these bytes already (named by their hash).
    elif not target.exists(name):
        with path.open("rb") as handle:
            target.save(name, File(handle, name=name))


def replace_manifest(content):
    target = storage()
    if keeps_files_on_disk(target):
        # Written beside it and renamed over it: a reader never sees half a manifest.
        replace_atomically(Path(target.path(MANIFEST)), content)
    else:
        # An object store replaces an object whole.
        target.save(MANIFEST, ContentFile(content))


def replace_atomically(path, content):
    temp = path.with_name(f".building-{path.name}")
    with temp.open("wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)


def remove_superseded(manifests):
    """Remove every file but those of the new and the previous manifest, which a download may be sending."""
    kept = {MANIFEST, LOCK}
    for manifest in filter(None, manifests):
        for entry in manifest["files"].values():
            kept.update((entry["file"], entry["gzip_file"]))
    target = storage()
    for name in target.listdir("")[1]:
        if name not in kept:
            target.delete(name)
