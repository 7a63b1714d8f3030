"""Strict readers for environment variables.

django-environ reads values leniently (``DEBUG=maybe`` silently becomes False);
these wrappers stop start-up instead and name the variable at fault.
"""

import ipaddress
from urllib.parse import urlparse

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def read_bool(name, *, default):
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of true/false, yes/no, on/off, 1/0."
    )


def read_int(name, *, default):
    raw = env.str(name, default=str(default)).strip()
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def read_list(name, *, default):
    return [item.strip() for item in env.list(name, default=default) if item.strip()]


def read_networks(name, *, default):
    """A comma-separated list of IP addresses or networks such as ``127.0.0.1,10.0.0.0/8``."""
    networks = []
    for item in read_list(name, default=default):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(f"{name}: {item!r} is not an IP address or network.") from None
    return networks


def _require_known_scheme(name, url, schemes):
    scheme = urlparse(url).scheme
    if scheme not in schemes:
        known = ", ".join(sorted(schemes))
        raise ImproperlyConfigured(f"{name}={url!r} cannot be parsed: the scheme must be one of {known}.")


def read_database_url(name, *, default):
    url = env.str(name, default=default)
    _require_known_scheme(name, url, {"sqlite", "postgres", "postgresql", "pgsql"})
    try:
        config = env.db_url_config(url)
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(f"{name}={url!r} cannot be parsed: {error}") from None
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name}={url!r} names no database.")
    return config


def limit_parallel_workers(config, workers):
    """Let each PostgreSQL query of the app use at most ``workers`` parallel workers (a libpq option, kept
    beside any options the database URL gives); other databases are left alone."""
    if config["ENGINE"] != "django.db.backends.postgresql":
        return config
    options = config.setdefault("OPTIONS", {})
    setting = f"-c max_parallel_workers_per_gather={workers}"
    options["options"] = f"{options['options']} {setting}" if options.get("options") else setting
    return config


def prepare_statements(config, threshold):
    """Let PostgreSQL plan each of the app's queries once per connection: the values travel apart from the
    query (server-side binding), and psycopg prepares a query once it has run ``threshold`` times on the
    connection; 0 turns preparing off (a connection pooler that cannot keep prepared statements). Other
    databases are left alone."""
    if config["ENGINE"] != "django.db.backends.postgresql" or not threshold:
        return config
    config.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=threshold)
    return config


def read_cache_url(name, *, default):
    url = env.str(name, default=default)
    _require_known_scheme(name, url, set(environ.Env.CACHE_SCHEMES))
    return env.cache_url_config(url)


def read_mailer(name, *, default):
    """Turn a MAIL_URL such as ``smtp+tls://user:pass@host:587`` into a MAILERS entry."""
    url = env.str(name, default=default)
    _require_known_scheme(name, url, set(environ.Env.EMAIL_SCHEMES))
    config = env.email_url_config(url)
    options = {
        "host": config.get("EMAIL_HOST") or "localhost",
        "port": config.get("EMAIL_PORT") or 25,
        "username": config.get("EMAIL_HOST_USER") or "",
        "password": config.get("EMAIL_HOST_PASSWORD") or "",
        "use_tls": bool(config.get("EMAIL_USE_TLS")),
        "use_ssl": bool(config.get("EMAIL_USE_SSL")),
    }
    backend = config["EMAIL_BACKEND"]
    if not backend.endswith("smtp.EmailBackend"):
        options = {}
    if backend.endswith("filebased.EmailBackend"):
        options = {"file_path": config.get("EMAIL_FILE_PATH") or "var/mail"}
    return {"BACKEND": backend, "OPTIONS": options}
