import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from agencies.models import Organisation
from kpu_coop.environment import (
    limit_parallel_workers,
    prepare_statements,
    read_bool,
    read_cache_url,
    read_database_url,
    read_int,
    read_mailer,
)

ROOT = Path(__file__).resolve().parents[2]


def start_up_with(**variables):
    """Run `manage.py check` in a fresh interpreter with the given environment."""
    env = {**os.environ, **variables}
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_it_reads_booleans_in_several_spellings(monkeypatch):
    monkeypatch.setenv("DEBUG", "Yes")
    assert read_bool("DEBUG", default=False) is True
    monkeypatch.setenv("DEBUG", "off")
    assert read_bool("DEBUG", default=True) is False


def test_it_refuses_a_boolean_it_cannot_read(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe'"):
        read_bool("DEBUG", default=False)


def test_it_refuses_a_number_it_cannot_read(monkeypatch):
    monkeypatch.setenv("CONN_MAX_AGE", "ten")
    with pytest.raises(ImproperlyConfigured, match="CONN_MAX_AGE"):
        read_int("CONN_MAX_AGE", default=0)


@pytest.mark.parametrize("url", ["not a url", "mysql//nohost", "ftp://example/db", "postgres://host"])
def test_it_refuses_a_database_url_it_cannot_use(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        read_database_url("DATABASE_URL", default="sqlite:///x.db")


def test_it_reads_a_postgresql_url(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://kpu:secret@db.local:5433/coop")
    config = read_database_url("DATABASE_URL", default="sqlite:///x.db")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.local", 5433, "coop")


def test_postgresql_queries_get_a_parallel_worker_limit_beside_the_urls_own_options(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://kpu@db.local/coop?options=-c%20work_mem%3D8MB")
    config = limit_parallel_workers(read_database_url("DATABASE_URL", default="sqlite:///x.db"), 0)
    assert config["OPTIONS"]["options"] == "-c work_mem=8MB -c max_parallel_workers_per_gather=0"
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": "x.db"}
    assert limit_parallel_workers(dict(sqlite), 2) == sqlite


@pytest.mark.django_db
def test_the_apps_postgresql_connection_plans_serially_by_default():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"


def test_postgresql_queries_are_bound_on_the_server_and_prepared_unless_turned_off(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://kpu@db.local/coop?sslmode=require")
    config = prepare_statements(read_database_url("DATABASE_URL", default="sqlite:///x.db"), 5)
    assert config["OPTIONS"] == {"sslmode": "require", "server_side_binding": True, "prepare_threshold": 5}
    off = prepare_statements(read_database_url("DATABASE_URL", default="sqlite:///x.db"), 0)
    assert off["OPTIONS"] == {"sslmode": "require"}
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": "x.db"}
    assert prepare_statements(dict(sqlite), 5) == sqlite


@pytest.mark.django_db
def test_the_apps_postgresql_connection_prepares_a_query_it_runs_again():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    connection.ensure_connection()
    assert connection.connection.prepare_threshold == 5
    for _ in range(6):
        list(Organisation.objects.filter(slug="tidak-ada"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any("agencies_organisation" in statement for statement in prepared)


def test_it_refuses_an_unknown_cache_scheme(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "memcachedx://host")
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        read_cache_url("CACHE_URL", default="locmemcache://")


def test_it_turns_a_mail_url_into_a_mailer(monkeypatch):
    monkeypatch.setenv("MAIL_URL", "smtp+tls://kpu:secret@mail.example.org:587")
    mailer = read_mailer("MAIL_URL", default="consolemail://")
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"]["host"] == "mail.example.org"
    assert mailer["OPTIONS"]["port"] == 587
    assert mailer["OPTIONS"]["use_tls"] is True


def test_it_stops_start_up_naming_the_bad_variable():
    result = start_up_with(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe'" in result.stderr
    assert "Traceback" not in result.stderr.splitlines()[-1]


def test_it_stops_start_up_on_an_unparsable_database_url():
    result = start_up_with(DATABASE_URL="definitely-not-a-url")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_it_needs_a_secret_key_in_production():
    result = start_up_with(DEBUG="false", SECRET_KEY="", ALLOWED_HOSTS="kpu.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
