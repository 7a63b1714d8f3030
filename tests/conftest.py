import pytest


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Uploaded files go to a throw-away folder per test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    return tmp_path / "private"
