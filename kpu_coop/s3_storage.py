"""The private storage on an S3-compatible object store (FILE_STORAGE=s3): django-storages' S3 storage,
noting what a request stores (kpu_coop.stored_files). A module of its own: only that setting imports it."""

from storages.backends.s3 import S3Storage as BaseS3Storage

from kpu_coop.stored_files import NotingStorageMixin


class S3Storage(NotingStorageMixin, BaseS3Storage):
    pass
