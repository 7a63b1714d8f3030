"""A stand-in for an S3 bucket in tests: no files on disk, nothing on the network."""

from django.core.files.storage import InMemoryStorage


class ObjectStore(InMemoryStorage):
    """An object saved under a name it already has replaces it, as in a bucket with file_overwrite on."""

    def get_available_name(self, name, max_length=None):
        return name
