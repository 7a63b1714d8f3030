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


@pytest.fixture
def cache_reads(monkeypatch):
    """``watch(*stores)``: from then on, the reads of those cache stores, one list of the keys asked for
    together for each round trip a cache server would make."""

    def watch(*stores):
        asked, inside = [], []

        def counted(read, keys_of):
            def call(*args, **kwargs):
                # Local memory's get_many() calls get() for each key: only the outer call goes to a server.
                if not inside:
                    asked.append(keys_of(args[0]))
                inside.append(read)
                try:
                    return read(*args, **kwargs)
                finally:
                    inside.pop()

            return call

        for store in stores:
            monkeypatch.setattr(store, "get", counted(store.get, lambda key: [key]))
            monkeypatch.setattr(store, "get_many", counted(store.get_many, list))
        return asked

    return watch
