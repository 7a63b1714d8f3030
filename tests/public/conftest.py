import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory):
    """Pages link hashed static names from the manifest, so collect once into a throw-away folder."""
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


@pytest.fixture(autouse=True)
def default_language(settings):
    # A request to /en/ leaves English active in the thread, and reverse() would then give /en/ addresses.
    with translation.override(settings.LANGUAGE_CODE):
        yield
