"""Settings for kpu-coop, read from the environment (see README, "Configuration")."""

import re
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from kpu_coop.environment import (
    env,
    limit_parallel_workers,
    prepare_statements,
    read_bool,
    read_cache_url,
    read_database_url,
    read_int,
    read_list,
    read_mailer,
    read_networks,
)
from kpu_coop.file_storage import DISK, file_storages
from kpu_coop.redis_cache import with_kept_clients
from kpu_coop.release import code_fingerprint

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
# The default SQLite database and private uploads live here; create it so a fresh clone just works.
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Development is the default so that `make run` needs no configuration; production sets DEBUG=false.
DEBUG = read_bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"
ALLOWED_HOSTS = read_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is false.")
# Links in emails sent without a request (reminders); pages build theirs from the request. Production must set
# it (security.checks); development assumes `make run`.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Full-text search on PostgreSQL (agreements.search_document); harmless on SQLite.
    "django.contrib.postgres",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "agencies",
    "agreements",
    "benchmarks",
    "portal",
    "public",
    # After agreements: its admin module extends the agreements admin.
    "workspace",
    "security",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

MIDDLEWARE = [
    # First: every later layer (HTTPS redirect, lockouts, logs) sees the client's address, not the proxy's.
    "security.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "security.middleware.CrossOriginResourcePolicyMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Inside the CSP middleware, so that downloads get the sandbox policy before the site-wide one.
    "security.middleware.SandboxedDownloadMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses pages (static files come precompressed from WhiteNoise above); Django's GZip masks BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Outside every layer that answers for a user (CSRF failures, two-factor redirects, lockout pages).
    "security.middleware.PrivatePagesMiddleware",
    "kpu_coop.locale.SiteLocaleMiddleware",
    # In the visitor's language already, so that its 400 page is too.
    "security.middleware.NulCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: a time-out says why the user is logged out.
    "security.middleware.SessionTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "security.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "security.middleware.SecurityLogMiddleware",
    "security.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes requires: it turns a lockout raised during login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# A history row keeps why it was written as a code and values (kpu_coop.change_reasons), composed in the
# reader's language when shown: titles and names make that longer than simple-history's 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Django's, with selects drawn without a template per option (kpu_coop/form_rendering.py).
FORM_RENDERER = "kpu_coop.form_rendering.FormRenderer"

ROOT_URLCONF = "kpu_coop.urls"
WSGI_APPLICATION = "kpu_coop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                # The CSP nonce for the admin's inline <script>/<style> tags (no 'unsafe-inline').
                "django.template.context_processors.csp",
            ],
            # A tag library outside any app, for the public site, the portal and the workspace alike.
            "libraries": {"languages": "kpu_coop.language_tags"},
        },
    },
]

DATABASES = {"default": read_database_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = read_int("CONN_MAX_AGE", default=0)
# A kept connection that died with a database restart is replaced on the next request, not reused.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Serial plans by default: on an app server's few cores, a parallel plan (the election timeline's grouped
# read) spends three processes' CPU on one request while others wait for it (docs/production.md).
limit_parallel_workers(DATABASES["default"], read_int("DB_PARALLEL_WORKERS", default=0))
# Parsing and planning were half of a page's SQL time: each query is planned once per kept connection
# (docs/production.md, "Prepared statements").
prepare_statements(DATABASES["default"], read_int("DB_PREPARE_THRESHOLD", default=5))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis in production (redis://host:6379/0), shared by every worker and server; local memory for `make run`,
# which is one process. Pages are stamped with generations that move on commit (kpu_coop.invalidation).
CACHES = {"default": with_kept_clients(read_cache_url("CACHE_URL", default="locmemcache://kpu-coop"))}
# The deployment's key space, shared by every worker and server and by every release of the code.
CACHE_KEY_PREFIX = env.str("CACHE_KEY_PREFIX", default="kpu-coop")
# What else is cached under the release too, so a new release starts afresh; the generations outside it (with
# the pages and site data stamped with them, whose keys name the release), so that a change committed through
# a server of either release moves every server's pages while a rolling deployment runs old and new side by
# side.
RELEASE = code_fingerprint()
CACHES["default"]["KEY_PREFIX"] = f"{CACHE_KEY_PREFIX}:{RELEASE}"
CACHES["generations"] = {**CACHES["default"], "KEY_PREFIX": CACHE_KEY_PREFIX}
# Off: every anonymous page is rendered afresh (what `make bench` measures as "cold").
PAGE_CACHE = read_bool("PAGE_CACHE", default=True)
# true: one office's installation, the public site at today's addresses only; false: a national landing page
# at / and a site per KPU office at /<office-slug>/ (public.sites).
SINGLE_OFFICE = read_bool("SINGLE_OFFICE", default=False)

AUTH_USER_MODEL = "agencies.User"
# django-axes first: it refuses a locked-out username and address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # KPU staff's admin rights come from their role (agencies/roles.py), never from editable groups. Asked
    # before ModelBackend: a staff page's permission check then costs no query (ModelBackend reads two).
    "agencies.roles.RolePermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Liaisons land on their tasks and staff on the verification queue (portal:home decides).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "security.passwords.MaximumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# DATE_FORMAT and DATETIME_FORMAT per language (kpu_coop/formats): templates write |date, not a format.
FORMAT_MODULE_PATH = ["kpu_coop.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files are private: they have no URL and are served only through views that check access.
# FILE_STORAGE=disk keeps them under PRIVATE_FILES_ROOT; s3 puts them in an S3-compatible object store shared
# by every app server (S3_* settings, kpu_coop.file_storage; docs/production.md).
# On disk with two or more app servers, one folder mounted on each (NFS) for each of PRIVATE_FILES_ROOT and
# OPEN_DATA_DIR.
PRIVATE_FILES_ROOT = Path(env.str("PRIVATE_FILES_ROOT", default=str(VAR_DIR / "private")))
# The full open data files (every published agreement and commitment), written by the rebuild task
# (public.open_data_files) through the "opendata" storage: this folder on disk, or the object store.
OPEN_DATA_DIR = Path(env.str("OPEN_DATA_DIR", default=str(VAR_DIR / "open-data")))
FILE_STORAGE = env.str("FILE_STORAGE", default=DISK).strip()
STORAGES = {
    **file_storages(FILE_STORAGE, private_root=PRIVATE_FILES_ROOT, open_data_root=OPEN_DATA_DIR),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="kpu-coop <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MAILERS = {"default": read_mailer("MAIL_URL", default="consolemail://")}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # One JSON object per line (security/log.py), kept even when LOG_LEVEL hides other INFO lines.
    "loggers": {
        "security": {"level": "INFO"},
        # pypdf warns of every flaw in a damaged upload; the refusal is what matters, not a line per flaw.
        "pypdf": {"level": "ERROR"},
    },
}

# Background tasks (Django's tasks framework): the open data files are rebuilt after a change (public.tasks).
# Development and tests run a task at once, in the process that enqueued it, so `make run` needs no other
# process; production keeps tasks in the database for a worker, `manage.py db_worker` (docs/production.md).
TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate" if DEBUG else "database")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)} (got {TASKS_BACKEND!r})."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
if TASKS_BACKEND == "database":
    INSTALLED_APPS.append("django_tasks_db")
# The licence and publisher the data package (/data/datapackage.json) states for the open data.
OPEN_DATA_LICENSE = env.str("OPEN_DATA_LICENSE", default="CC-BY-4.0")
OPEN_DATA_LICENSE_TITLE = env.str("OPEN_DATA_LICENSE_TITLE", default="Creative Commons Attribution 4.0")
OPEN_DATA_LICENSE_URL = env.str(
    "OPEN_DATA_LICENSE_URL", default="https://creativecommons.org/licenses/by/4.0/"
)
# The changes feed holds back the newest seconds, so that a transaction committing late is not stepped over.
CHANGES_FEED_SETTLE_SECONDS = read_int("CHANGES_FEED_SETTLE_SECONDS", default=30)
OPEN_DATA_PUBLISHER = env.str("OPEN_DATA_PUBLISHER", default="Komisi Pemilihan Umum (KPU)")

# The public API (api/, docs/api.md): read-only, JSON, anonymous except the token-only task list.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousClients", "api.throttling.TokenClients"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Requests per client address (anonymous) or per token user; counted in the default (shared) cache.
API_ANON_RATE = env.str("API_ANON_RATE", default="120/minute")
API_USER_RATE = env.str("API_USER_RATE", default="600/minute")
for _name, _rate in (("API_ANON_RATE", API_ANON_RATE), ("API_USER_RATE", API_USER_RATE)):
    # DRF reads a rate only when a request comes: a typo would be a 500 then, not a refusal to start now.
    if not re.fullmatch(r"[1-9][0-9]*/(second|minute|hour|day)", _rate):
        raise ImproperlyConfigured(f"{_name} must look like 120/minute (per second, minute, hour or day).")
SPECTACULAR_SETTINGS = {
    "TITLE": "kpu-coop API",
    "DESCRIPTION": "Published cooperation agreements of KPU offices, read-only. See /data/ for the files.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Its schema generation reads the database (filter choices): `check --deploy` must run without one. The
    # schema is generated and checked by tests/api (schemathesis) instead.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    # Several models have a "kind" and a "status": each choice set gets its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "AgreementKindEnum": "api.enums.AGREEMENT_KIND",
        "AgreementStatusEnum": "api.enums.AGREEMENT_STATUS",
        "CommitmentStatusEnum": "api.enums.COMMITMENT_STATUS",
        "OrganisationKindEnum": "api.enums.ORGANISATION_KIND",
    },
}

# Password for the accounts the demo command creates; only for local use.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo-kpu-2024")

# Security (README "Security", docs/production.md). Whatever needs HTTPS is on only when DEBUG is false,
# so that `make run` on http://127.0.0.1 keeps working.
# Proxies whose X-Forwarded-For and -Proto are believed (security.middleware.TrustedProxyMiddleware).
TRUSTED_PROXIES = read_networks("TRUSTED_PROXIES", default=[])
# Only trusted proxies' X-Forwarded-Proto reaches Django: the middleware drops it from anyone else.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXIES else None
SECURE_SSL_REDIRECT = read_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The local monitor asks /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Only makes the site eligible: nothing is preloaded until someone submits the registrable domain.
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline code and no eval: the admin's few inline tags carry a per-response nonce.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = not DEBUG
# The __Host- prefix makes browsers refuse these cookies unless Secure, for this host only and path /.
SESSION_COOKIE_NAME = "sessionid" if DEBUG else "__Host-sessionid"
CSRF_COOKIE_NAME = "csrftoken" if DEBUG else "__Host-csrftoken"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
# Seconds without a request before a login ends, and seconds after which it ends anyway.
SESSION_IDLE_TIMEOUT = read_int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_ABSOLUTE_TIMEOUT = read_int("SESSION_ABSOLUTE_TIMEOUT", default=10 * 60 * 60)
if not 0 < SESSION_IDLE_TIMEOUT <= SESSION_ABSOLUTE_TIMEOUT:
    raise ImproperlyConfigured(
        "SESSION_IDLE_TIMEOUT must be positive and at most SESSION_ABSOLUTE_TIMEOUT "
        f"(got {SESSION_IDLE_TIMEOUT} and {SESSION_ABSOLUTE_TIMEOUT})."
    )
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT

# Lockout (django-axes) after LOGIN_FAILURE_LIMIT failures of one username from one address, for
# LOGIN_COOLOFF_MINUTES: a stranger elsewhere cannot lock a user out, nor one typist an office behind NAT.
AXES_FAILURE_LIMIT = read_int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=read_int("LOGIN_COOLOFF_MINUTES", default=15))
if AXES_FAILURE_LIMIT < 1 or not AXES_COOLOFF_TIME:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT and LOGIN_COOLOFF_MINUTES must be positive.")
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "security.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "security.client_ip.client_ip"
# Lockouts are written to the security log (security/signals.py); axes' own lines would repeat them.
AXES_VERBOSE = False

# Evidence uploads (agreements.services_reports.report_submit): what one user may store per window, counted
# from the database so that it holds across workers, and what one agency may keep in all (MB: 10^6 bytes).
UPLOAD_RATE_LIMIT_BYTES = read_int("UPLOAD_RATE_LIMIT_BYTES", default=200_000_000)
UPLOAD_RATE_WINDOW_MINUTES = read_int("UPLOAD_RATE_WINDOW_MINUTES", default=60)
AGENCY_STORAGE_QUOTA_MB = read_int("AGENCY_STORAGE_QUOTA_MB", default=5_000)
if min(UPLOAD_RATE_LIMIT_BYTES, UPLOAD_RATE_WINDOW_MINUTES, AGENCY_STORAGE_QUOTA_MB) < 1:
    raise ImproperlyConfigured(
        "UPLOAD_RATE_LIMIT_BYTES, UPLOAD_RATE_WINDOW_MINUTES and AGENCY_STORAGE_QUOTA_MB must be positive."
    )

# Two-factor authentication: TOTP (django-otp), required for staff (security.middleware.TwoFactorMiddleware).
OTP_TOTP_ISSUER = "kpu-coop"
# No one reads another user's TOTP secret or QR code in the admin: each user sets up their own device.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
