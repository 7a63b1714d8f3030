"""Two writers side by side on PostgreSQL, each in its own thread and connection: the first is held at the
point under test while the second runs into it."""

import threading
import time

import pytest
from django.db import connection


def wait_for_a_lock_wait():
    """Until another connection waits for a row lock (the second writer, queued behind the first)."""
    with connection.cursor() as cursor:
        for _ in range(200):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    pytest.fail("no other connection ever waited for a lock")


def lock_wait_or_end(thread):
    """Until another connection waits for a row lock (True) or ``thread`` has ended without one (False)."""
    with connection.cursor() as cursor:
        for _ in range(200):
            if not thread.is_alive():
                return False
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    pytest.fail("the second writer neither ended nor waited for a lock")


def held_while_or_before(first, second, *, holding, go_on):
    """``held_while`` for a second writer that may not meet the first's locks at all (a race the fix closes
    without making it wait, or one left open): the first goes on once the second waits for a lock or has
    ended. Returns whether the second waited, for the assertion messages."""
    threads = [
        threading.Thread(target=work, name=name) for name, work in (("first", first), ("second", second))
    ]
    threads[0].start()
    assert holding.wait(timeout=20)
    threads[1].start()
    waited = lock_wait_or_end(threads[1])
    go_on.set()
    for thread in threads:
        thread.join(timeout=30)
    return waited


def recorded(results, work):
    """A thread body running ``work``: its result (or its error's repr) goes into ``results`` under the
    thread's name, and the thread's connection is closed."""

    def run():
        name = threading.current_thread().name
        try:
            results[name] = work()
        except Exception as error:  # the test reads it
            results[name] = repr(error)
        finally:
            connection.close()

    return run


def held_while(first, second, *, holding, go_on):
    """Run ``first`` in a thread named "first", which sets ``holding`` where it is held and then waits for
    ``go_on``; then ``second`` in a thread named "second"; once a connection waits for a lock, let the first
    go on, and wait for both."""
    threads = [
        threading.Thread(target=work, name=name) for name, work in (("first", first), ("second", second))
    ]
    threads[0].start()
    assert holding.wait(timeout=20)
    threads[1].start()
    wait_for_a_lock_wait()
    go_on.set()
    for thread in threads:
        thread.join(timeout=30)


def admin_paused_before_saving(monkeypatch, model):
    """Make ``model``'s admin stop before its first save (its record locked, its forms read and checked);
    returns (holding, go_on): it sets ``holding`` there and goes on once ``go_on`` is set."""
    from django.contrib import admin

    model_admin = type(admin.site._registry[model])
    save_model = model_admin.save_model
    holding, go_on = threading.Event(), threading.Event()

    def save_model_after_a_pause(self, request, obj, form, change):
        # Only the first save pauses: a second save through the same admin runs on.
        if not holding.is_set():
            holding.set()
            go_on.wait(timeout=20)
        save_model(self, request, obj, form, change)

    monkeypatch.setattr(model_admin, "save_model", save_model_after_a_pause)
    return holding, go_on
