"""A fingerprint of the code this process runs (settings.RELEASE): part of the cached pages' key prefix, of
the open data files' version and of the ETag of a download read afresh.

Every worker and server running the same code computes the same fingerprint, so they share one key space in
a shared cache; a deployment with other templates or code gets a new one, so it never serves pages, files or
304s made by the old. Reading the source files takes a few milliseconds at start-up.
"""

import hashlib
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {".venv", "var", "tests", "node_modules", ".git", "docs", "__pycache__"}
SUFFIXES = {".py", ".html", ".txt", ".mo", ".css", ".js", ".svg", ".json"}


def source_files(root=ROOT):
    for folder, subfolders, names in os.walk(root):
        # Pruned in place, so os.walk never enters the virtualenv or the data folder.
        subfolders[:] = sorted(name for name in subfolders if name not in SKIPPED)
        for name in sorted(names):
            if Path(name).suffix in SUFFIXES:
                yield Path(folder, name)


def code_fingerprint(root=ROOT):
    digest = hashlib.sha256()
    for path in source_files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
