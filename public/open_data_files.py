"""The full open data files, kept on disk in OPEN_DATA_DIR and served from there (never from the cache).

A build writes each file (and a gzip copy) under a name that carries its SHA-256, then replaces manifest.json,
which names the current files with their hash (the strong ETag), size and the time of the build. A reader that
holds a manifest always finds the files it names, and no build ever changes a file in place.

Builds are serialised by a lock file; the public generation and the day each build read are in the manifest,
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
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation

from kpu_coop.invalidation import PUBLIC, generation
from public import opendata
from public.filters import AgreementFilterForm, FilterOptions

logger = logging.getLogger(__name__)

DATASETS = ["agreements", "commitments"]
MANIFEST = "manifest.json"
LOCK = ".lock"


@dataclass(frozen=True)
class ServedFile:
    path: Path
    sha256: str
    generated_at: datetime
    gzip: bool

    def open(self):
        return self.path.open("rb")


def directory():
    return Path(settings.OPEN_DATA_DIR)


def public_data_version():
    """What the files were built from: the public cache generation, which moves when a change commits."""
    return generation(PUBLIC)


def read_manifest():
    try:
        return json.loads((directory() / MANIFEST).read_text())
    except FileNotFoundError:
        return None


def is_current(manifest, version):
    # The status column (active, ended) follows today's date, so a new day needs new files too.
    return (
        manifest is not None
        and manifest["version"] == version
        and manifest["day"] == timezone.localdate().isoformat()
    )


def open_data_state():
    """For the open data page: when the files were made, their sizes, and whether they are behind the data."""
    manifest = read_manifest()
    if manifest is None:
        return None
    return {
        "generated_at": datetime.fromisoformat(manifest["generated_at"]),
        # Keyed agreements_csv and so on: a template cannot look up a name with a dot in it.
        "sizes": {name.replace(".", "_"): entry["size"] for name, entry in manifest["files"].items()},
        "is_current": is_current(manifest, public_data_version()),
    }


def open_data_file(name, *, gzip=False):
    """The file to serve for ``name`` (e.g. "agreements.csv"); built here, once, if there is none yet.

    Files behind the data are served as they are, after asking for a rebuild (which, run at once as in
    development and tests, already replaced them).
    """
    manifest = read_manifest()
    if manifest is None:
        manifest = open_data_refresh()
    elif not is_current(manifest, public_data_version()):
        request_rebuild(manifest)
        manifest = read_manifest()
    entry = manifest["files"][name]
    path = directory() / (entry["gzip_file"] if gzip else entry["file"])
    return ServedFile(path, entry["sha256"], datetime.fromisoformat(manifest["generated_at"]), gzip)


# The rebuild this process asked for last: one request per process and state, not one per download.
_last_requested = None


def request_rebuild(manifest):
    global _last_requested
    key = (str(directory()), manifest["generated_at"], public_data_version(), manifest["day"])
    if key != _last_requested:
        _last_requested = key
        enqueue_rebuild()


def enqueue_rebuild():
    from public.tasks import open_data_rebuild

    open_data_rebuild.enqueue()


def open_data_refresh(*, force=False):
    """Build the files unless they are current; return the manifest of the files now in place."""
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    with build_lock(folder):
        # Another build may have finished while this one waited for the lock.
        previous = read_manifest()
        if is_current(previous, public_data_version()) and not force:
            return previous
        manifest = build(folder)
        remove_superseded(folder, [manifest, previous])
        return manifest


@contextmanager
def build_lock(folder):
    with (folder / LOCK).open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


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
    replace_atomically(folder / MANIFEST, json.dumps(manifest, indent=1).encode())
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
        os.replace(self.plain_temp, self.folder / file)
        os.replace(self.gzip_temp, self.folder / f"{file}.gz")
        self.entry = {"file": file, "gzip_file": f"{file}.gz", "sha256": sha256, "size": self.size}


def replace_atomically(path, content):
    temp = path.with_name(f".building-{path.name}")
    with temp.open("wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)


def remove_superseded(folder, manifests):
    """Remove every file but those of the new and the previous manifest, which a download may be sending."""
    kept = {MANIFEST, LOCK}
    for manifest in filter(None, manifests):
        for entry in manifest["files"].values():
            kept.update((entry["file"], entry["gzip_file"]))
    for path in folder.iterdir():
        if path.name not in kept:
            path.unlink(missing_ok=True)
