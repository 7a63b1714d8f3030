"""In production the open data files are rebuilt by the task worker: a change committed through the app queues
the rebuild in the database (TASKS_BACKEND=database, django-tasks-db) and `manage.py db_worker` runs it.

Run as production runs it, in processes of their own with DEBUG=false, on a PostgreSQL database of their own
(the test database has no task tables: tests run tasks at once). PostgreSQL only, as CI runs it.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def production(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("The database task backend is tested on PostgreSQL; CI runs it there.")
    settings = connection.settings_dict
    name = f"task_worker_{uuid.uuid4().hex[:8]}"
    server = {
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
        "password": settings["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    user = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    environment = {
        "PATH": os.environ["PATH"],
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "kpu_coop.settings",
        "DEBUG": "false",
        "SECRET_KEY": "task-worker-test-secret-key-not-for-production-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "DATABASE_URL": f"postgres://{user}@{server['host']}:{server['port']}/{name}",
        "CACHE_URL": "locmemcache://task-worker",
        "TASKS_BACKEND": "database",
        "OPEN_DATA_DIR": str(tmp_path / "open-data"),
        "PRIVATE_FILES_ROOT": str(tmp_path / "private"),
        "LOG_LEVEL": "WARNING",
    }

    def manage(*arguments):
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    try:
        manage("migrate", "--no-input")
        yield manage, tmp_path / "open-data"
    finally:
        with psycopg.connect(**server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


QUEUED = (
    "from django_tasks_db.models import DBTaskResult; "
    "print(DBTaskResult.objects.filter(task_path='public.tasks.open_data_rebuild', status='READY').count())"
)


def test_a_committed_change_queues_the_rebuild_and_the_worker_runs_it(production):
    manage, open_data = production
    manage("load_demo")
    assert int(manage("shell", "--no-imports", "-c", QUEUED)) >= 1
    assert not list(open_data.rglob("agreements*.csv"))

    manage("db_worker", "--batch", "--no-startup-delay")

    assert int(manage("shell", "--no-imports", "-c", QUEUED)) == 0
    (built,) = open_data.rglob("agreements*.csv")
    assert "Kabupaten Bantul" in built.read_text(encoding="utf-8-sig")
