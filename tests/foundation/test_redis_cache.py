"""The Redis cache backend (kpu_coop.redis_cache) keeps one redis-py client per pool and caches as Django's
does."""

import uuid

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from kpu_coop.environment import read_cache_url
from kpu_coop.redis_cache import BACKEND, RedisCache, with_kept_clients

# A database of its own on the machine's Redis, which production uses too (tests/security/conftest.py: 15).
URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def backend():
    # A prefix of its own, not a flush: tests in other processes may use the same database.
    cache = RedisCache(URL, {"KEY_PREFIX": f"test-redis-cache-{uuid.uuid4()}"})
    yield cache
    cache.delete_many(["page", "one", "two"])


def test_a_redis_url_gets_the_backend_that_keeps_its_clients(monkeypatch):
    monkeypatch.setenv("CACHE_URL", URL)

    assert with_kept_clients(read_cache_url("CACHE_URL", default=""))["BACKEND"] == BACKEND


def test_other_caches_are_left_as_they_are(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "locmemcache://x")
    config = read_cache_url("CACHE_URL", default="")

    assert with_kept_clients(config) == config


def test_every_call_uses_the_same_client(backend):
    first = backend._cache.get_client("a")

    assert backend._cache.get_client("b", write=True) is first
    assert isinstance(backend, DjangoRedisCache)


def test_it_caches_as_djangos_backend_does(backend):
    backend.set("page", {"content": b"<p>Halo</p>"}, 60)
    backend.set_many({"one": 1, "two": 2})
    backend.incr("two")

    assert backend.get("page") == {"content": b"<p>Halo</p>"}
    assert backend.get_many(["one", "two", "none"]) == {"one": 1, "two": 3}
    assert backend.add("one", 5) is False
    backend.delete("page")
    assert backend.get("page") is None
