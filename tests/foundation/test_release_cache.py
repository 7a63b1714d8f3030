"""During a rolling deployment, servers of the old and the new release share the cache: their pages are kept
apart (a new release starts afresh), their generations are not, so a change committed through either moves
every server's pages."""

import pytest
from django.conf import settings
from django.core.cache import caches

from kpu_coop import invalidation
from kpu_coop.invalidation import PUBLIC, generation
from kpu_coop.release import code_fingerprint
from public.open_data_files import is_current, open_data_refresh, public_data_version, read_manifest


def release_caches(release):
    shared = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rolling-deployment"}
    return {
        "default": {**shared, "KEY_PREFIX": f"bantul:{release}"},
        "generations": {**shared, "KEY_PREFIX": "bantul"},
    }


def test_pages_are_kept_per_release_and_generations_per_deployment():
    # The fingerprint as the settings took it (code edited since gives another).
    deployment, release = settings.CACHES["default"]["KEY_PREFIX"].split(":")
    assert (deployment, len(release)) == (settings.CACHE_KEY_PREFIX, len(code_fingerprint()))
    assert settings.CACHES["generations"]["KEY_PREFIX"] == settings.CACHE_KEY_PREFIX
    assert settings.CACHES["generations"]["LOCATION"] == settings.CACHES["default"]["LOCATION"]


@pytest.mark.parametrize("writer, reader", [("new", "old"), ("old", "new")])
def test_a_change_committed_by_one_release_moves_the_other_releases_generation(settings, writer, reader):
    settings.CACHES = release_caches(reader)
    caches["default"].clear()  # The two releases' shared memory, left from another test.
    seen = generation(PUBLIC)
    caches["default"].set("page", "rendered by the reader's release")

    settings.CACHES = release_caches(writer)
    invalidation.bump(PUBLIC)

    settings.CACHES = release_caches(reader)
    assert generation(PUBLIC) > seen
    assert caches["default"].get("page") == "rendered by the reader's release"


@pytest.mark.django_db
def test_a_new_release_rebuilds_the_open_data_and_answers_no_304_for_the_old_release_s_download(
    client, settings
):
    """Its generations carry over, but its columns and labels may have changed."""

    address = "/data/agreements.csv?q=pemilu"
    etag = client.get(address)["ETag"]
    open_data_refresh()
    assert client.get(address, headers={"If-None-Match": etag}).status_code == 304

    settings.RELEASE = "a-new-release"
    assert client.get(address, headers={"If-None-Match": etag}).status_code == 200
    assert not is_current(read_manifest(), public_data_version())
