"""Files that a request stored for rows that never committed are deleted when the request ends.

Django stores an upload while its row is being saved, before the transaction commits. A save the database
then refuses, or a transaction rolled back (an admin form run again after a lost race or a deadlock,
kpu_coop.constraint_races and kpu_coop.deadlocks), left the file in storage with no row naming it. The private
storage notes each file it stores during a request; when the request ends, each of its transactions has
committed or rolled back, and a noted file that no row names (in any model's file field) is deleted. The
database decides, not whether an on-commit hook ran: a hook skipped because another one failed cannot cost a
committed file.
"""

import logging
import threading

from django.apps import apps
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.signals import request_finished, request_started
from django.db import DatabaseError
from django.db.models import FileField

logger = logging.getLogger(__name__)

_noted = threading.local()


class NotingStorageMixin:
    """For the private storage: notes the name of each file it stores while a request runs."""

    def _save(self, name, content):
        name = super()._save(name, content)
        names = getattr(_noted, "names", None)
        if names is not None:
            names.add(name)
        return name


class DiskStorage(NotingStorageMixin, FileSystemStorage):
    """Django's file system storage, noting what a request stores (settings.STORAGES["default"])."""


def start_noting(**kwargs):
    _noted.names = set()


def delete_unreferenced(**kwargs):
    names, _noted.names = getattr(_noted, "names", None), None
    if not names:
        return
    try:
        left = names - referenced(names)
    except DatabaseError:
        # The database cannot tell: keeping a file nobody needs is better than losing one somebody does.
        logger.warning("Could not check %d stored file(s) against the database; kept", len(names))
        return
    for name in sorted(left):
        logger.info("Deleting %s: stored by a save that did not commit", name)
        try:
            default_storage.delete(name)
        except Exception:  # A disk's or an object store's own error: the request's answer stands.
            logger.warning("Could not delete %s", name, exc_info=True)


def referenced(names):
    """Those of ``names`` that a row of any model names in a file field of the private storage."""
    found = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, FileField) and field.storage is default_storage:
                rows = model._base_manager.filter(**{f"{field.attname}__in": names})
                found |= set(rows.values_list(field.attname, flat=True))
    return found


def connect():
    request_started.connect(start_noting, dispatch_uid="stored_files.start_noting")
    request_finished.connect(delete_unreferenced, dispatch_uid="stored_files.delete_unreferenced")
