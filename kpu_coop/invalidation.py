"""Cache generations: counters in the shared cache that move when a write commits.

Each cached page's key holds the generation of what it shows. Every SQL write to a project table is seen
where it happens, at the database layer (an execute wrapper on every connection), so admin saves, services,
imports, bulk updates, stage moves and restores are all covered without each remembering to invalidate. The
counter moves in ``transaction.on_commit``, once the data is visible to every other connection: a page
rendered from the old data is stored under the old generation, which no request reads any more. Writes the
database layer cannot see (pg_restore, another program) call ``everything_changed()``.

The counters live in the cache itself, beside the pages, so every worker and server sharing the cache shares
them. A counter starts from the clock, so one the cache evicted never comes back at a value that old pages
were stored under.
"""

import functools
import logging
import re
import time

from django.apps import apps
from django.core.cache import cache
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.dispatch import receiver

logger = logging.getLogger(__name__)

PUBLIC = "public"
INTERNAL = "internal"
# Apps whose tables hold what the sites show.
PROJECT_APPS = ("agencies", "agreements", "portal", "workspace")
# What only staff and liaisons see. Anything not named here counts as public: a new model is safe by default.
INTERNAL_ONLY = {
    "agencies.user",
    "agencies.membership",
    "agreements.commitmentassignment",
    "agreements.progressreport",
    "agreements.evidence",
    "agreements.reminderlog",
    "agreements.monevevaluation",
    "portal.calendarfeed",
}
WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(\w+)', re.IGNORECASE)
WRITE_VERBS = ("INSERT", "UPDATE", "DELETE")


def generation_key(scope):
    # Django's cache KEY_PREFIX (settings) already makes the key space the deployment's own.
    return f"generation:{scope}"


def generation(scope):
    """The current generation of ``scope``; part of the key of every page that shows it."""
    key = generation_key(scope)
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), timeout=None)
        value = cache.get(key)
    return value


def bump(scope):
    key = generation_key(scope)
    try:
        cache.incr(key)
    except ValueError:
        # Never set or evicted: a clock value is past every generation ever handed out.
        cache.add(key, time.time_ns(), timeout=None)
    except Exception:
        # The data committed whatever the cache says; a cache that is down serves no stale pages either.
        logger.exception("cache generation %s not moved", scope)


# Called once a change the public can see has committed (public.apps: the open data files ask for a rebuild).
public_change_listeners = []


def bump_public():
    bump(PUBLIC)
    bump(INTERNAL)
    for listener in public_change_listeners:
        try:
            listener()
        except Exception:
            logger.exception("%s failed after a public change", listener)


def bump_internal():
    bump(INTERNAL)


def everything_changed():
    """For writes made outside Django's connections (a restore with pg_restore)."""
    bump_public()


@functools.cache
def scope_of_tables():
    """Each project table, historical ones included, and the generation a write to it moves."""
    scopes = {}
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            tracked = getattr(model, "instance_type", model)  # a historical model follows its record
            origin = tracked._meta.auto_created or tracked  # an m2m table follows the model declaring it
            name = origin._meta.label_lower
            scopes[model._meta.db_table] = INTERNAL if name in INTERNAL_ONLY else PUBLIC
    return scopes


def schedule(connection, callback):
    # Once per transaction: on_commit drops callbacks of a rolled-back transaction or savepoint, so this
    # registers again after one.
    if not any(registered is callback for _sids, registered, _robust in connection.run_on_commit):
        connection.on_commit(callback, robust=True)


# While migrations run, the models in memory may not match the tables yet: nothing may react to a write then.
migrating = False


@receiver(pre_migrate)
def pause_during_migrations(sender, **kwargs):
    global migrating
    migrating = True


@receiver(post_migrate)
def resume_after_migrations(sender, **kwargs):
    # Sent once the whole plan has run, for every app: the first one resumes, and pages start afresh.
    global migrating
    if migrating:
        migrating = False
        bump(PUBLIC)
        bump(INTERNAL)


def watch_writes(connection):
    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not migrating and sql.lstrip()[:6].upper() in WRITE_VERBS:
            match = WRITE.match(sql)
            scope = match and scope_of_tables().get(match.group(1))
            if scope and connection.in_atomic_block:
                schedule(connection, bump_public if scope == PUBLIC else bump_internal)
            elif scope:
                # Committed already (autocommit), but its result may still be open on the cursor: move the
                # counters, which touch only the cache, and leave the listeners' database work for later (the
                # open data files catch up at their next download, public.open_data_files).
                if scope == PUBLIC:
                    bump(PUBLIC)
                bump(INTERNAL)
        return result

    wrapper.watches_writes = True
    return wrapper


@receiver(connection_created)
def install(sender, connection, **kwargs):
    if not any(getattr(wrapper, "watches_writes", False) for wrapper in connection.execute_wrappers):
        connection.execute_wrappers.append(watch_writes(connection))


def install_on_open_connections():
    """Connections opened before this module was imported (the test database's) get the wrapper too."""
    for connection in connections.all(initialized_only=True):
        install(None, connection)
