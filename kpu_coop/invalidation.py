"""Cache generations: counters in the shared cache that move when a write commits.

Each cached page's key holds the generation of what it shows. Every SQL write to a project table is seen
where it happens, at the database layer (an execute wrapper on every connection), so admin saves, services,
imports, bulk updates, stage moves and restores are all covered without each remembering to invalidate. The
counter moves in ``transaction.on_commit``, once the data is visible to every other connection: a page
rendered from the old data is stored under the old generation, which no request reads any more. Writes the
database layer cannot see (pg_restore, another program) call ``everything_changed()``.

Each KPU office's public pages have their own generation besides: a write is counted against the offices
whose records it changed when that is known for sure (it ran while an agreement, or one of its parties,
commitments, documents, clauses, progress reports or due-date moves, was saved or deleted, and that record
reaches its office through the records loaded with it, without a query), and against every office otherwise,
so one office's change leaves the other offices' cached pages alone. An election or stage counts against
every office: the offices below its own show it on their sites.

The counters live in the cache itself, beside the pages, so every worker and server sharing the cache shares
them; under the deployment's key prefix, not the release's as the pages are (settings.CACHES), so servers of
the old and the new release share them during a rolling deployment. A counter starts from the clock, so one
the cache evicted never comes back at a value that old pages were stored under.
"""

import functools
import logging
import re
import time

from django.apps import apps
from django.core.cache import caches
from django.core.signals import request_started
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import Model
from django.db.models.signals import post_migrate, pre_migrate
from django.dispatch import receiver

logger = logging.getLogger(__name__)

PUBLIC = "public"
INTERNAL = "internal"
# Moved by every public write whose office is not known: part of every office page's key.
EVERY_OFFICE = "offices"
# The records that belong to one office, and the field naming it: the office itself, or the record to follow
# to it (an agreement, or a commitment and then its agreement).
OFFICE_OWNED = {
    "agreements.agreement": "office",
    "agreements.agreementparty": "agreement",
    "agreements.commitment": "agreement",
    "agreements.document": "agreement",
    # Recounted inside the save of a commitment or agreement of that office (agreements.signals).
    "agreements.stagetally": "office",
    "agreements.focusareatally": "office",
    "agreements.officetotal": "office",
    "agreements.organisationtally": "office",
    "agreements.electiontally": "office",
    # Their public counts and traces are on their commitment's page.
    "agreements.progressreport": "commitment",
    "agreements.duedatechange": "commitment",
    # The agreement's clauses, shown on its page.
    "agreements.witness": "agreement",
    "agreements.granttranche": "agreement",
    "agreements.forcemajeureevent": "agreement",
}
# Apps whose tables hold what the sites show.
PROJECT_APPS = ("agencies", "agreements", "portal", "workspace")
# What only staff and liaisons see. Anything not named here counts as public: a new model is safe by default.
INTERNAL_ONLY = {
    "agencies.user",
    "agencies.membership",
    "agreements.commitmentassignment",
    # Not agreements.progressreport: the public commitment counts its accepted and returned reports.
    "agreements.evidence",
    "agreements.reminderlog",
    "agreements.monevevaluation",
    "portal.calendarfeed",
}
WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(\w+)', re.IGNORECASE)
WRITE_VERBS = ("INSERT", "UPDATE", "DELETE")


def generation_key(scope):
    # The "generations" cache's KEY_PREFIX (settings) already makes the key space the deployment's own.
    return f"generation:{scope}"


def counters():
    return caches["generations"]


def generation(scope):
    """The current generation of ``scope``; part of the key of every page that shows it."""
    key = generation_key(scope)
    value = counters().get(key)
    if value is None:
        counters().add(key, time.time_ns(), timeout=None)
        value = counters().get(key)
    return value


def office_scope(office_id):
    return f"office:{office_id}"


@functools.cache
def site_scopes(office_id=None):
    """What a site's pages are keyed on: an office's, every office's generation and the office's own; the
    national site's, the public generation."""
    return (EVERY_OFFICE, office_scope(office_id)) if office_id else (PUBLIC,)


def generations_with(scopes, keys=()):
    """The generations of ``scopes``, and what the counters' cache holds under ``keys`` (None where nothing),
    in one round trip: a site's shared reads are kept beside its counters (public.caching.site_data), so
    that a request fetches them together with what says whether they are still current."""
    generation_keys = [generation_key(scope) for scope in scopes]
    found = counters().get_many([*generation_keys, *keys])
    generations = tuple(
        found.get(key) or generation(scope) for scope, key in zip(scopes, generation_keys, strict=True)
    )
    return generations, [found.get(key) for key in keys]


def office_generations(office_id):
    """What an office's pages are keyed on, read together (every office page, cached or not, waits for
    them)."""
    return generations_with(site_scopes(office_id))[0]


def bump(scope):
    key = generation_key(scope)
    try:
        counters().incr(key)
    except ValueError:
        # Never set or evicted: a clock value is past every generation ever handed out.
        counters().add(key, time.time_ns(), timeout=None)
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


def bump_every_office():
    bump(EVERY_OFFICE)


@functools.cache
def office_bumper(office_id):
    # One function per office, so that schedule() registers it once per transaction.
    def bump_office():
        bump(office_scope(office_id))

    return bump_office


def everything_changed():
    """For writes made outside Django's connections (a restore with pg_restore)."""
    bump_public()
    bump_every_office()


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


@functools.cache
def office_owned_tables():
    """The tables of the office-owned records, their history and the agreements' links to elections and focus
    areas: what saving such a record writes (progress and search are refreshed on the agreement)."""
    tables = set()
    for label in ("agreements", *PROJECT_APPS):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            tracked = getattr(model, "instance_type", model)
            origin = tracked._meta.auto_created or tracked
            if origin._meta.label_lower in OFFICE_OWNED:
                tables.add(model._meta.db_table)
    return frozenset(tables)


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
        bump(EVERY_OFFICE)


def offices_written(connection, table):
    """The offices a write to ``table`` changed, or None when that is not known for sure: those of every
    record being saved or deleted now. A save nests inside another's (an MoU moving its PKS) and a delete
    runs while all its records' windows are open (Django's collector signals them all first)."""
    windows = getattr(connection, "office_windows", None)
    if not windows or table not in office_owned_tables():
        return None
    if any(offices is None for _token, offices in windows):
        return None
    return frozenset().union(*(offices for _token, offices in windows))


def schedule_public(connection, offices):
    schedule(connection, bump_public)
    if offices is None:
        schedule(connection, bump_every_office)
    for office_id in offices or ():
        schedule(connection, office_bumper(office_id))


def watch_writes(connection):
    def wrapper(execute, sql, params, many, context):
        try:
            result = execute(sql, params, many, context)
        except Exception:
            # A save that failed never reaches post_save: its window must not claim later writes.
            if getattr(connection, "office_windows", None):
                connection.office_windows.clear()
            raise
        if not migrating and sql.lstrip()[:6].upper() in WRITE_VERBS:
            match = WRITE.match(sql)
            scope = match and scope_of_tables().get(match.group(1))
            offices = offices_written(connection, match.group(1)) if scope == PUBLIC else None
            if scope == PUBLIC and connection.in_atomic_block:
                schedule_public(connection, offices)
            elif scope == INTERNAL and connection.in_atomic_block:
                schedule(connection, bump_internal)
            elif scope:
                # Committed already (autocommit), but its result may still be open on the cursor: move the
                # counters, which touch only the cache, and leave the listeners' database work for later (the
                # open data files catch up at their next download, public.open_data_files).
                if scope == PUBLIC:
                    bump(PUBLIC)
                    for office_id in offices or ():
                        bump(office_scope(office_id))
                    if offices is None:
                        bump(EVERY_OFFICE)
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


# Which offices a write changed, learnt from the records being saved or deleted. A save runs between its
# pre_save and its post_save signal (this module's receiver is connected last, after the history and the
# progress recount), so the writes in between are that record's: its row, its history row and its agreement's
# stored figures; a delete between its pre_delete and post_delete.


def loaded_office_key(sender, instance, **kwargs):
    # What the record named when it was read: moving it to another office changes both offices' pages.
    field = OFFICE_OWNED[sender._meta.label_lower]
    instance._office_key_at_load = instance.__dict__.get(f"{field}_id")


def offices_of(instance):
    """The offices ``instance`` belongs to, before and after this save; None when a query would be needed."""
    field = OFFICE_OWNED[instance._meta.label_lower]
    # The instance's own fields: reading a deferred one costs a query; then the answer is "not known".
    keys = {instance.__dict__.get(f"{field}_id")}
    if not instance._state.adding:
        keys.add(getattr(instance, "_office_key_at_load", None))
    if None in keys:
        return None
    if field == "office":
        return frozenset(keys)
    office_id = len(keys) == 1 and office_in_memory(instance, field)
    return frozenset({office_id}) if office_id else None


def office_in_memory(instance, field):
    """The office reached from ``instance`` through ``field`` by the records already loaded with it (the
    commitment of a report, and its agreement); None when a query would be needed."""
    if field == "office":
        return instance.__dict__.get("office_id")
    related = instance._state.fields_cache.get(field)
    if related is None or related.pk != instance.__dict__.get(f"{field}_id"):
        return None
    return office_in_memory(related, OFFICE_OWNED[related._meta.label_lower])


def open_window(connection, token, offices):
    if not hasattr(connection, "office_windows"):
        connection.office_windows = []
    connection.office_windows.append((token, offices))


def close_window(connection, token):
    windows = getattr(connection, "office_windows", [])
    connection.office_windows = [window for window in windows if window[0] is not token]


def saving_starts(sender, instance, raw=False, using=None, **kwargs):
    open_window(connections[using], instance, None if raw else offices_of(instance))


def saving_ends(sender, instance, using=None, **kwargs):
    close_window(connections[using], instance)


def deleting_starts(sender, instance, using=None, origin=None, **kwargs):
    offices = offices_of(instance)
    if offices is None and isinstance(origin, Model) and origin._meta.label_lower in OFFICE_OWNED:
        # Deleted with the agreement or commitment asked for (Django's cascade): every cascade from one
        # reaches only its own records (parties, commitments, their reports...), of the same offices.
        offices = offices_of(origin)
    open_window(connections[using], instance, offices)


def linking(sender, instance, action, reverse, model, pk_set, using=None, **kwargs):
    # Links added or removed from the agreement's side: its office; from an election's side: not known.
    if action.startswith("pre_"):
        open_window(connections[using], instance, None if reverse else offices_of(instance))
    else:
        close_window(connections[using], instance)


def forget_windows(**kwargs):
    """A save that failed without an SQL error (a stale ``update_fields`` save, a file the storage refused)
    never reached post_save: its window must not outlive the request and claim another office's writes."""
    for connection in connections.all(initialized_only=True):
        connection.office_windows = []


def watch_office_saves():
    """Connect the receivers that tell a write's office; called once every app's receivers are connected."""
    from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_delete, pre_save

    for label in OFFICE_OWNED:
        model = apps.get_model(label)
        post_init.connect(loaded_office_key, sender=model, dispatch_uid=f"office-key-{label}")
        pre_save.connect(saving_starts, sender=model, dispatch_uid=f"office-save-starts-{label}")
        post_save.connect(saving_ends, sender=model, dispatch_uid=f"office-save-ends-{label}")
        pre_delete.connect(deleting_starts, sender=model, dispatch_uid=f"office-delete-starts-{label}")
        post_delete.connect(saving_ends, sender=model, dispatch_uid=f"office-delete-ends-{label}")
    request_started.connect(forget_windows, dispatch_uid="office-windows-forgotten")
    agreement = apps.get_model("agreements.agreement")
    for relation in (agreement.elections, agreement.focus_areas):
        m2m_changed.connect(
            linking, sender=relation.through, dispatch_uid=f"office-links-{relation.field.name}"
        )
