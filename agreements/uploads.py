"""Checks on uploaded files: name, size and type by content as well as by extension."""

import hashlib
import os
import uuid

from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

from security.uploads import check_content, check_name

# Extension → the bytes a real file of that type starts with.
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}
MAX_NAME_LENGTH = 150


def is_stored(upload):
    """Whether ``upload`` is the file a saved record already keeps, not a new one (a form saved again without
    a new file). It was checked when it arrived, and its name is now the storage's (``documents/<uuid>.pdf``),
    which the name check would refuse as a path."""
    return isinstance(upload, FieldFile) and upload._committed


def validate_upload(upload, *, max_bytes, extensions=tuple(SIGNATURES)):
    """Raise ValidationError unless the upload is a small, honestly named file of an allowed type.

    Hostile names and contents (double extensions, polyglots, archives, markup, active PDFs) are refused by
    the security app's checks; see security/uploads.py for the rules.
    """
    # A form and then a service check the same file: once is enough, as checking a PDF can take seconds.
    if getattr(upload, "passed_validate_upload", None) == (max_bytes, extensions) or is_stored(upload):
        return
    name = upload.name or ""
    check_name(name)
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(_("The file name is too long."), code="name")
    extension = os.path.splitext(name)[1].lower()
    if extension not in extensions:
        allowed = ", ".join(ext.lstrip(".").upper() for ext in extensions)
        raise ValidationError(
            _("This type of file is not accepted. Allowed: %(allowed)s.") % {"allowed": allowed},
            code="extension",
        )
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large: at most %(mb)d MB.") % {"mb": max_bytes // 1_000_000},
            code="size",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(SIGNATURES[extension]):
        raise ValidationError(
            _("The content of the file does not match its name (%(ext)s).") % {"ext": extension},
            code="content",
        )
    check_content(upload, extension)
    upload.passed_validate_upload = (max_bytes, extensions)


def file_sha256(upload):
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def random_storage_name(folder, original_name):
    """A random name keeping only the (already validated) extension of the original."""
    extension = os.path.splitext(original_name)[1].lower()
    return f"{folder}/{uuid.uuid4().hex}{extension}"
