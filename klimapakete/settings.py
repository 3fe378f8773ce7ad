"""Settings for Klimapakete — one file, read from the environment.

Safe production defaults: DEBUG is off unless DEBUG=1, secure cookies and
HTTPS redirects are on when DEBUG is off. See docs/deployment.md.
"""

from __future__ import annotations

import os
import sys
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules
DEBUG = envbool("DEBUG", False)
PRODUCTION = not DEBUG and not TESTING

(BASE_DIR / "var").mkdir(exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else a random key kept in var/secret_key."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = BASE_DIR / "var" / "secret_key"
    if not path.exists():
        import secrets

        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_URL_FROM_ENVIRONMENT = bool(os.environ.get("SITE_URL"))  # check --deploy warns if not

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "template_partials",
    # core first: its db_worker command (with heartbeat) replaces django-tasks-db's.
    "klimapakete.core",
    "django_tasks",
    "django_tasks_db",
    "klimapakete.accounts",
    "klimapakete.teams",
    "klimapakete.packages",
    "klimapakete.actors",
    "klimapakete.workshops",
    "klimapakete.selection",
    "klimapakete.kompass",
    "klimapakete.council",
    "klimapakete.neutrality",
    "klimapakete.support",
    "klimapakete.notifications",
    "klimapakete.forum",
]

MIDDLEWARE = [
    "klimapakete.core.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "klimapakete.core.links.CurrentRequestMiddleware",
    "klimapakete.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "klimapakete.core.middleware.BidiControlsMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "klimapakete.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "klimapakete.urls"
WSGI_APPLICATION = "klimapakete.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "klimapakete" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "klimapakete.core.context_processors.site",
            ],
        },
    }
]

# Database: SQLite (WAL) by default, anything else through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every process (analysis results, rate limits): a database table by
# default, so the two-command set-up needs no extra service (`migrate` creates it);
# CACHE_URL=redis://host:6379/0 for Redis in production, locmem:// for one process only.
CACHE_URL = os.environ.get("CACHE_URL", "db://klimapakete_cache")
CACHE_SECONDS = envint("CACHE_SECONDS", 7 * 24 * 3600)


def _cache(url: str) -> dict:
    scheme, _, rest = url.partition("://")
    if scheme == "db":
        backend = {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": rest or "klimapakete_cache",
            # Culling is a DELETE on the cache table; keep it rare.
            "OPTIONS": {"MAX_ENTRIES": envint("CACHE_MAX_ENTRIES", 20_000), "CULL_FREQUENCY": 4},
        }
    elif scheme in ("redis", "rediss"):
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    elif scheme == "locmem":
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest}
    else:
        raise ValueError(f"CACHE_URL: unknown scheme {scheme!r} (db://, redis://, locmem://)")
    return {**backend, "TIMEOUT": CACHE_SECONDS, "KEY_PREFIX": "kp"}


CACHES = {"default": _cache(CACHE_URL)}
# Database sessions, saved only when something in them changed (no writes on reads).
SESSION_ENGINE = "klimapakete.core.sessions"
# Suggestions a search picker shows (and matches it offers without JavaScript).
PICKER_RESULTS = envint("PICKER_RESULTS", 20)
# Analyses of a team's actor map (key persons, recruitment order, network layout) are
# computed by the task worker; a page computes them itself only for maps up to this size.
ANALYSIS_INLINE_MAX_SIZE = envint("ANALYSIS_INLINE_MAX_SIZE", 300)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing strength is not what the tests are about; keep them fast.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day
# Login throttling within a window: failures per account and client address, per client
# address across accounts, per account across addresses (a browser the account logged in
# from before only counts its own failures, so the owner is never locked out).
LOGIN_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = envint("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
LOGIN_ACCOUNT_FAILURE_LIMIT = envint("LOGIN_ACCOUNT_FAILURE_LIMIT", 50)
LOGIN_FAILURE_WINDOW_MINUTES = envint("LOGIN_FAILURE_WINDOW_MINUTES", 15)
PASSWORD_RESET_MAILS_PER_DAY = envint("PASSWORD_RESET_MAILS_PER_DAY", 3)
PASSWORD_RESETS_PER_ADDRESS_HOUR = envint("PASSWORD_RESETS_PER_ADDRESS_HOUR", 10)
OPEN_SIGNUP = envbool("OPEN_SIGNUP", True)
INVITATION_DAYS = envint("INVITATION_DAYS", 14)
# Seconds the breakout planner computes per request: two thirds for the plan (it stops
# early once the lower bounds are met), the rest for advice when the plan has repeats.
BREAKOUT_SOLVER_SECONDS = envint("BREAKOUT_SOLVER_SECONDS", 3)

# Every uploaded table (CSV, XLSX, ODS) is read within these limits (klimapakete.tables).
TABLE_MAX_MB = envint("TABLE_MAX_MB", 5)
TABLE_MAX_UNPACKED_MB = envint("TABLE_MAX_UNPACKED_MB", 100)
TABLE_MAX_ROWS = envint("TABLE_MAX_ROWS", 20_000)
TABLE_MAX_COLUMNS = envint("TABLE_MAX_COLUMNS", 100)
TABLE_MAX_CELL = envint("TABLE_MAX_CELL", 10_000)
TABLE_READ_SECONDS = envint("TABLE_READ_SECONDS", 10)

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "klimapakete" / "locale"]
LANGUAGE_COOKIE_NAME = "klimapakete_language"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
# English dates as "30 Nov 2026" instead of Django's US "11/30/2026" (klimapakete/formats).
FORMAT_MODULE_PATH = ["klimapakete.formats"]
USE_TZ = True

STATIC_URL = "/static/"
WHITENOISE_USE_FINDERS = not PRODUCTION
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "klimapakete" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Mail: console in development, SMTP when EMAIL_HOST is set. Sent by the task worker.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Klimapakete <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Background tasks: django-tasks with the database backend; `make worker` runs them.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Task workers write a heartbeat every WORKER_HEARTBEAT_SECONDS; one silent for
# WORKER_STALE_SECONDS counts as lost (its running tasks fail). Pages whose queued work has
# waited TASK_WAIT_NOTICE_SECONDS with no live worker say so.
WORKER_HEARTBEAT_SECONDS = envint("WORKER_HEARTBEAT_SECONDS", 10)
WORKER_STALE_SECONDS = envint("WORKER_STALE_SECONDS", 60)
# Task workers also run the scheduled jobs (core/schedule.py: purges, digests, reminders);
# off when cron runs the same commands instead.
WORKER_SCHEDULE = envbool("WORKER_SCHEDULE", True)
TASK_WAIT_NOTICE_SECONDS = envint("TASK_WAIT_NOTICE_SECONDS", 20)
# /healthz/worker reports 503 when the oldest waiting task has waited longer than this.
HEALTH_MAX_TASK_WAIT_SECONDS = envint("HEALTH_MAX_TASK_WAIT_SECONDS", 300)

# Security. `manage.py check --deploy` passes with DEBUG off.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is hard to undo: opt in explicitly.
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
# Not preloading is the deliberate default, not an oversight for check --deploy.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if envbool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

# Uploaded files (best-practice attachments) live outside the web root and are only
# served by views that check access; there is deliberately no MEDIA_URL.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))

# Mail to people outside the app (round-table invitations to typed-in addresses, workshop
# invitations): at most this many per request, per team and day, per person and day.
MAIL_OUTSIDERS_PER_REQUEST = envint("MAIL_OUTSIDERS_PER_REQUEST", 50)
MAIL_OUTSIDERS_PER_TEAM_DAY = envint("MAIL_OUTSIDERS_PER_TEAM_DAY", 200)
MAIL_OUTSIDERS_PER_USER_DAY = envint("MAIL_OUTSIDERS_PER_USER_DAY", 100)
# Where people outside the app report abuse of a mail they got (named in every such mail).
ABUSE_CONTACT = os.environ.get("ABUSE_CONTACT", "") or parseaddr(SERVER_EMAIL)[1]

# Notifications: immediate mails per person and day; more go into the daily digest.
NOTIFICATION_MAILS_PER_DAY = envint("NOTIFICATION_MAILS_PER_DAY", 20)

# Forum and best-practice library: limits on what one person can cause.
FORUM_POST_MAX_CHARS = envint("FORUM_POST_MAX_CHARS", 20000)
FORUM_POSTS_PER_HOUR = envint("FORUM_POSTS_PER_HOUR", 30)
FORUM_NEW_ACCOUNT_DAYS = envint("FORUM_NEW_ACCOUNT_DAYS", 7)
FORUM_NEW_ACCOUNT_POSTS_PER_DAY = envint("FORUM_NEW_ACCOUNT_POSTS_PER_DAY", 10)
FORUM_REPORTS_PER_DAY = envint("FORUM_REPORTS_PER_DAY", 20)
FORUM_EDITS_PER_POST = envint("FORUM_EDITS_PER_POST", 50)
FORUM_SEARCH_MAX_CHARS = envint("FORUM_SEARCH_MAX_CHARS", 200)
LIBRARY_ATTACHMENT_MAX_BYTES = envint("LIBRARY_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
LIBRARY_ATTACHMENTS_PER_PRACTICE = envint("LIBRARY_ATTACHMENTS_PER_PRACTICE", 5)
LIBRARY_PRACTICES_PER_DAY = envint("LIBRARY_PRACTICES_PER_DAY", 10)

# Support organisation: the dashboard's "stuck for long" (days without a tick in the current
# step; counts below the minimum are not shown).
SUPPORT_STUCK_DAYS = envint("SUPPORT_STUCK_DAYS", 42)
SUPPORT_STUCK_MIN_TEAMS = envint("SUPPORT_STUCK_MIN_TEAMS", 3)
# Files on advisory requests and workshop materials (checked by content, core/uploads.py).
SUPPORT_ATTACHMENT_MAX_BYTES = envint("SUPPORT_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
SUPPORT_ATTACHMENTS_PER_REQUEST = envint("SUPPORT_ATTACHMENTS_PER_REQUEST", 10)

# Climate-council builder: limits of what a team can store.
COUNCIL_MAX_VERSIONS = envint("COUNCIL_MAX_VERSIONS", 50)
COUNCIL_MAX_SEAT_GROUPS = envint("COUNCIL_MAX_SEAT_GROUPS", 10)
COUNCIL_UPLOAD_MAX_BYTES = envint("COUNCIL_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
COUNCIL_ADOPTED_TEXT_MAX_CHARS = envint("COUNCIL_ADOPTED_TEXT_MAX_CHARS", 100_000)

# Package content (versioned TOML files, see docs/content-authoring.md).
PACKAGE_CONTENT_DIR = Path(os.environ.get("PACKAGE_CONTENT_DIR", BASE_DIR / "content" / "packages"))

# The Kompass and the public alliance page (README, "Configuration").
# Neutrality: entries of a baseline (also the import's row limit); the support overview
# shows a count only when at least this many teams share it.
NEUTRALITY_MAX_ENTRIES = envint("NEUTRALITY_MAX_ENTRIES", 500)
NEUTRALITY_AGGREGATE_MIN_TEAMS = envint("NEUTRALITY_AGGREGATE_MIN_TEAMS", 3)
KOMPASS_LOGO_MAX_BYTES = envint("KOMPASS_LOGO_MAX_BYTES", 2 * 1024 * 1024)
KOMPASS_LOGO_MAX_PIXELS = envint("KOMPASS_LOGO_MAX_PIXELS", 20_000_000)
KOMPASS_PREVIEWS_PER_MINUTE = envint("KOMPASS_PREVIEWS_PER_MINUTE", 40)
KOMPASS_VERSIONS_KEPT = envint("KOMPASS_VERSIONS_KEPT", 100)
KOMPASS_CONTACT_LIMIT = envint("KOMPASS_CONTACT_LIMIT", 5)
KOMPASS_CONTACT_WINDOW_MINUTES = envint("KOMPASS_CONTACT_WINDOW_MINUTES", 60)
KOMPASS_CONTACT_DAILY_LIMIT = envint("KOMPASS_CONTACT_DAILY_LIMIT", 30)
KOMPASS_CONTACT_MIN_SECONDS = envint("KOMPASS_CONTACT_MIN_SECONDS", 3)

# Citizen selection (README, "Configuration").
SELECTION_TIME_LIMIT = envint("SELECTION_TIME_LIMIT", 900)
SELECTION_RUN_STALE_SECONDS = envint("SELECTION_RUN_STALE_SECONDS", 120)
SELECTION_REGISTRATIONS_PER_CLIENT = envint("SELECTION_REGISTRATIONS_PER_CLIENT", 5)
SELECTION_REGISTRATION_WINDOW_MINUTES = envint("SELECTION_REGISTRATION_WINDOW_MINUTES", 60)
SELECTION_REGISTRATIONS_PER_DAY = envint("SELECTION_REGISTRATIONS_PER_DAY", 2000)
SELECTION_REGISTRATION_MIN_SECONDS = envint("SELECTION_REGISTRATION_MIN_SECONDS", 3)
SELECTION_LOTTERY_MAX_PANELS = envint("SELECTION_LOTTERY_MAX_PANELS", 10_000)
SELECTION_ROUNDING_SECONDS = envint("SELECTION_ROUNDING_SECONDS", 10)

# Logs go to stderr: one line per request and per task with its duration (core/logs.py);
# LOG_FORMAT=json (the production default) or text.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "klimapakete.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Requests are logged once, by klimapakete.core.logs.RequestLogMiddleware.
        "django.server": {"level": "WARNING"},
    },
}
