"""Helpers of the backup tests: what an installation holds, losing it, and archives altered on purpose."""

import hashlib
import io
import json
import shutil
import tarfile

from django.apps import apps
from django.core.management import call_command
from django.db import connection

from security.backup import EXCLUDED

on_postgresql = connection.vendor == "postgresql"


def row_counts():
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label for label in EXCLUDED if "." in label}
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in excluded_apps and model._meta.label_lower not in excluded_models
    }


def checksums(folder):
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


def lose_everything(private_files):
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(private_files)


def manifest_of(archive):
    with tarfile.open(archive) as source:
        return json.load(source.extractfile("manifest.json"))


def rewritten(archive, target, *, member=lambda name, data: data, manifest=lambda manifest: manifest):
    """A copy of ``archive`` with each member's bytes passed through ``member`` and the manifest through
    ``manifest`` (checksums left as they were: that is the caller's business)."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for info in source.getmembers():
            data = source.extractfile(info).read()
            if info.name == "manifest.json":
                data = json.dumps(manifest(json.loads(data))).encode()
            else:
                data = member(info.name, data)
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
    return target
