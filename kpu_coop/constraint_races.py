"""A form that lost a race to a database constraint comes back with the field's error, not a 500 page.

Two people send forms naming one unique value at once (an email address, a slug, a region's KPU office):
both forms' checks read "nobody has it" before either writes, and the later INSERT or UPDATE waits for the
earlier one's commit, then trips the constraint. Its transaction (or savepoint) rolled back, the view runs
once more, as if sent a moment later: the form's own checks (unique fields, ``Meta.constraints``) now read
the committed row and show their usual error, with the user's input. A constraint that no form checks fails
again, and that error stands.

An upload that Django spooled to disk is moved into storage by the first run; the second run finds it where
the first did (``KeptUploads``, which a run again after a deadlock uses too). The first run's stored copy
stays in storage, unreferenced.
"""

import contextlib
import logging
import os
import shutil
import uuid
from functools import wraps

from django.db import IntegrityError

logger = logging.getLogger(__name__)


class KeptUploads:
    """While open, hard links to a request's uploads spooled to disk, to put each back where a run of the view
    moved it from; closed, the links go (Django deletes the spooled copies themselves after the response)."""

    def __init__(self, request):
        spooled = (
            upload.temporary_file_path()
            for _name, uploads in request.FILES.lists()
            for upload in uploads
            if hasattr(upload, "temporary_file_path")
        )
        # A link in the same folder: no copy whatever the size, and it outlives the move.
        self.links = {path: f"{path}.{uuid.uuid4().hex}" for path in spooled}

    def __enter__(self):
        for path, link in self.links.items():
            duplicate(path, link)
        return self

    def __exit__(self, *exc_info):
        for link in self.links.values():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(link)

    def put_back(self):
        for path, link in self.links.items():
            if not os.path.exists(path):
                duplicate(link, path)


def duplicate(source, target):
    """A second name for the file at ``source``, or a copy where its folder has no hard links (a mount)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def rerun_on_integrity_error(view):
    """Run ``view``, a whole transaction or savepoint, once more when the database refused its writes."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with KeptUploads(request) as uploads:
            try:
                return view(request, *args, **kwargs)
            except IntegrityError:
                logger.info("%s refused by a constraint; checking the form again", request.path)
            uploads.put_back()
            return view(request, *args, **kwargs)

    return wrapper
