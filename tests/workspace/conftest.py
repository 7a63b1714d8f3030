import pytest

from tests.factories import make_organisation, make_staff, make_user


@pytest.fixture(autouse=True)
def plain_static_files(settings, private_files):
    """Static files by their own names: no collected manifest is needed to render a page."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def english(settings):
    """Pages in English, so that assertions read like the msgids; Indonesian is tested on its own."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def staff(db):
    return make_staff("kpu")


@pytest.fixture
def staff_client(client, staff):
    """Logged in as staff; the project's test client passes two-factor authentication for staff."""
    client.force_login(staff)
    return client


@pytest.fixture
def liaison(db):
    return make_user("dukcapil", organisation=make_organisation(short_name="Dukcapil"))
