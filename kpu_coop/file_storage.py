"""Where uploaded files live (FILE_STORAGE): this machine's disk, or an S3-compatible object store.

Either way the files are private: no storage here hands out a URL, and every download goes through a view that
checks who is asking (portal.views.evidence, public.views.documents). Two or more app servers share the
object store, or one disk mounted on each (docs/production.md, "Two or more app servers").
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage

from kpu_coop.environment import env

DISK, S3 = "disk", "s3"
KINDS = (DISK, S3)
DISK_BACKEND = "django.core.files.storage.FileSystemStorage"
S3_BACKEND = "storages.backends.s3.S3Storage"
# The private storage: the same, deleting the files of saves that did not commit (kpu_coop.stored_files).
PRIVATE_DISK_BACKEND = "kpu_coop.stored_files.DiskStorage"
PRIVATE_S3_BACKEND = "kpu_coop.s3_storage.S3Storage"
ADDRESSING_STYLES = ("auto", "path", "virtual")


def file_storages(kind, *, private_root, open_data_root):
    """STORAGES' ``default`` (private uploads) and ``opendata`` (the open data files) entries for ``kind``.

    On an object store both live in one bucket, under ``private/`` and ``open-data/`` (after S3_PREFIX), as on
    disk under VAR_DIR; the S3 settings are read from S3_* variables.
    """
    if kind == DISK:
        return {
            "default": {
                "BACKEND": PRIVATE_DISK_BACKEND,
                "OPTIONS": {"location": private_root, "base_url": None},
            },
            "opendata": {"BACKEND": DISK_BACKEND, "OPTIONS": {"location": open_data_root, "base_url": None}},
        }
    if kind == S3:
        options = s3_options()
        prefix = options.pop("location")
        return {
            "default": {
                "BACKEND": PRIVATE_S3_BACKEND,
                "OPTIONS": {**options, "location": f"{prefix}private"},
            },
            # The manifest is replaced in place; every other open data file is named by its hash.
            "opendata": {
                "BACKEND": S3_BACKEND,
                "OPTIONS": {**options, "location": f"{prefix}open-data", "file_overwrite": True},
            },
        }
    raise ImproperlyConfigured(f"FILE_STORAGE={kind!r} is unknown: use one of {', '.join(KINDS)}.")


def s3_options():
    bucket = env.str("S3_BUCKET", default="").strip()
    if not bucket:
        raise ImproperlyConfigured("FILE_STORAGE=s3 needs S3_BUCKET, the name of a private bucket.")
    access_key = env.str("S3_ACCESS_KEY_ID", default="").strip()
    secret_key = env.str("S3_SECRET_ACCESS_KEY", default="").strip()
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured(
            "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither to use the "
            "machine's own credentials (an instance role)."
        )
    prefix = env.str("S3_PREFIX", default="").strip().strip("/")
    addressing_style = env.str("S3_ADDRESSING_STYLE", default="auto").strip()
    if addressing_style not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"S3_ADDRESSING_STYLE={addressing_style!r} is unknown: use one of {', '.join(ADDRESSING_STYLES)}."
        )
    return {
        "bucket_name": bucket,
        # Empty: Amazon S3 itself; otherwise the S3-compatible store's address (MinIO, Ceph, a cloud's own).
        "endpoint_url": env.str("S3_ENDPOINT_URL", default="").strip() or None,
        "region_name": env.str("S3_REGION", default="").strip() or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        # Folders inside the bucket start with it (e.g. "kpu-bantul/" for one installation among several).
        "location": prefix and f"{prefix}/",
        "addressing_style": None if addressing_style == "auto" else addressing_style,
        # Never a public address: files are served by the permission-checked views only.
        "custom_domain": None,
        "querystring_auth": True,
        # The bucket's own policy (private, with public access blocked) decides; no object is made public.
        "default_acl": None,
        # As on disk: a second upload of "bukti.pdf" gets a name of its own instead of replacing the first.
        "file_overwrite": False,
    }


def keeps_files_on_disk(storage):
    """Whether ``storage`` keeps its files as files in a folder here (only then can a backup archive them)."""
    return isinstance(storage, FileSystemStorage)
