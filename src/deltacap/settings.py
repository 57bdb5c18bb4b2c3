"""Django settings for deltacap.

Everything is read once, here, from the environment:

- ``DELTACAP_DATA_DIR``: the data folder (default ``./deltacap-data``). With no
  other configuration it holds the SQLite database, the measurement store and a
  generated secret key: the embedded default.
- ``DATABASE_URL``: switches to another database, e.g.
  ``postgres://user@127.0.0.1:5432/deltacap`` for production.
- ``DELTACAP_SECRET_KEY``: required in production.
- ``DELTACAP_ENV``: ``production`` turns on the production guard (no debug, a
  real secret key, explicit allowed hosts).
- ``DELTACAP_ALLOWED_HOSTS``: comma separated (required in production).
- ``DELTACAP_CSRF_TRUSTED_ORIGINS``: comma separated, e.g. ``https://deltacap.example.gov.cn``.
- ``DELTACAP_DEBUG``: ``1`` for development only.
- ``DELTACAP_WORKING_EMAIL``: ``1`` sends the working group's reminders by e-mail too
  (``DELTACAP_EMAIL_HOST``, ``DELTACAP_FROM_EMAIL``); off by default.
- ``DELTACAP_TASK_LIST_OPENS``, ``DELTACAP_TASK_LIST_CLOSES``, ``DELTACAP_SUBMISSIONS_DUE``,
  ``DELTACAP_REGION_REPORT_DUE``: the evaluation calendar as MM-DD (defaults 10-01, 03-31,
  03-31, 06-30: the plan's Q4 to Q1 window, 31 March, end of Q2).
- ``DELTACAP_SHARING_EMAIL``: ``1`` mails the daily digest of the shared changes to the
  subscribers (``deltacap sharing digest --since DAY --send``); off by default.
- ``DELTACAP_CACHE_URL``: where the figures every visitor sees alike are kept
  (deltacap/public_cache.py): empty, a folder of the data folder shared by the processes of
  one machine; ``locmem://`` one process's memory (a single process only);
  ``redis://host:6379/0`` or ``memcached://host:11211`` a server shared by several machines.
- ``DELTACAP_DB_CONN_MAX_AGE``: seconds a web process keeps its database connection
  (default 60 on PostgreSQL, 0 on SQLite).
- ``DELTACAP_PLAUSIBLE_RANGES``: a JSON file of plausible ranges of HJ 212 factors
  (default: ``monitoring/data/plausible_ranges.json``).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from deltacap.domain.china_time import CHINA_TIME_ZONE_NAME

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("DELTACAP_DATA_DIR", "deltacap-data")).resolve()
ENV = os.environ.get("DELTACAP_ENV", "embedded")
DEBUG = os.environ.get("DELTACAP_DEBUG") == "1"


def _data_dir() -> Path:
    """The data folder, created private (0700): it holds sessions, hashes and the key."""
    if not DATA_DIR.exists():
        DATA_DIR.mkdir(parents=True, mode=0o700)
    return DATA_DIR


def _secret_key() -> str:
    """The configured key; in the embedded default one generated once per data folder."""
    configured = os.environ.get("DELTACAP_SECRET_KEY")
    if configured:
        return configured
    if ENV == "production":
        raise ImproperlyConfigured("DELTACAP_SECRET_KEY must be set in production")
    key_file = _data_dir() / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key)
    return key


def _weak(key: str) -> bool:
    return len(key) < 50 or len(set(key)) < 5 or "changethis" in key or "insecure" in key


SECRET_KEY = _secret_key()
_hosts = os.environ.get("DELTACAP_ALLOWED_HOSTS", "")
if ENV == "production":
    # The production guard: refuse to start rather than run with development defaults.
    if DEBUG or _weak(SECRET_KEY):
        raise ImproperlyConfigured(
            "refusing to start in production: debug is on or DELTACAP_SECRET_KEY is weak "
            "(use 50 or more random characters)"
        )
    if not _hosts:
        raise ImproperlyConfigured("DELTACAP_ALLOWED_HOSTS must name the hosts in production")
ALLOWED_HOSTS = [
    h.strip() for h in (_hosts or "127.0.0.1,localhost,testserver").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DELTACAP_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",
    "deltacap.reference",
    "deltacap.accounts",
    "deltacap.audit",
    "deltacap.enterprises",
    "deltacap.targets",
    "deltacap.projects",
    "deltacap.monitoring",
    "deltacap.rights",
    "deltacap.water",
    "deltacap.air",
    "deltacap.working",
    "deltacap.sharing",
    "deltacap.mobile",
    "deltacap.petrochem",
    "deltacap.reports",
    "deltacap.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "deltacap.web.middleware.PageLocaleMiddleware",
    "deltacap.web.guard.RequestGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "deltacap.web.middleware.DeltacapErrorMiddleware",
]

ROOT_URLCONF = "deltacap.urls"
WSGI_APPLICATION = "deltacap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "deltacap.web.navigation.navigation",
            ],
            # Names of codes and the form of numbers, on every page (web/templatetags/labels.py).
            "builtins": ["deltacap.web.templatetags.labels"],
        },
    },
]

_database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{_data_dir() / 'deltacap.sqlite3'}"
# Persistent connections on PostgreSQL (a connection costs a few milliseconds to open),
# checked before each request reuses them; SQLite opens its file in microseconds.
DATABASES = {
    "default": dj_database_url.parse(
        _database_url,
        conn_max_age=int(
            os.environ.get(
                "DELTACAP_DB_CONN_MAX_AGE", "60" if _database_url.startswith("postgres") else "0"
            )
        ),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets pages read while a writer works; FULL sync so a committed write survives a crash.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# The settlement path's statements (``deltacap.db``) are prepared on PostgreSQL; set
# DELTACAP_DB_PREPARED=0 behind a pooler in transaction mode that cannot keep them.
DELTACAP_DB_PREPARED = os.environ.get("DELTACAP_DB_PREPARED", "1") != "0"

# Request bodies (deltacap.web.guard refuses more with 413 before anything reads them):
# a JSON body or a form at most 1 MB; a multipart upload (evidence, an Excel import: files
# up to 20 MB) at most 21 MB in all.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DELTACAP_MAX_UPLOAD_BYTES = 21 * 1024 * 1024

# The working group's documents and evidence files (kept in DATA_DIR/working/) are at most
# this large.
DELTACAP_WORKING_MAX_FILE_BYTES = 10 * 1024 * 1024
# Reminders of the working group's deadlines by e-mail (Django's mail backend, configured
# with the usual EMAIL_* settings): off unless DELTACAP_WORKING_EMAIL=1.
DELTACAP_WORKING_EMAIL = os.environ.get("DELTACAP_WORKING_EMAIL") == "1"
# The evaluation calendar (plan 二(五)), each as MM-DD: the task-list window opens in the
# evaluated year and closes in the next, when the members' submissions and the region's
# report are due (defaults: the plan's Q4 to Q1, 31 March, end of Q2).
DELTACAP_TASK_LIST_OPENS = os.environ.get("DELTACAP_TASK_LIST_OPENS", "10-01")
DELTACAP_TASK_LIST_CLOSES = os.environ.get("DELTACAP_TASK_LIST_CLOSES", "03-31")
DELTACAP_SUBMISSIONS_DUE = os.environ.get("DELTACAP_SUBMISSIONS_DUE", "03-31")
DELTACAP_REGION_REPORT_DUE = os.environ.get("DELTACAP_REGION_REPORT_DUE", "06-30")
# The daily digest of the shared changes to the subscribers by e-mail: off unless
# DELTACAP_SHARING_EMAIL=1 (then `deltacap sharing digest --since DAY --send`, run daily).
DELTACAP_SHARING_EMAIL = os.environ.get("DELTACAP_SHARING_EMAIL") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DELTACAP_FROM_EMAIL", "deltacap@localhost")
EMAIL_HOST = os.environ.get("DELTACAP_EMAIL_HOST", "localhost")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "deltacap.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Lockout after repeated failed logins (django-axes; accounts/lockout.py). Failures count per
# user name and client address together: a bureau's staff share one address, so a lock by
# name alone would let anyone lock an official out, and one by address alone would lock out
# the whole bureau. One address trying many names is stopped by a second, wider limit on
# the address's failures over all names. A lock lasts AXES_COOLOFF_TIME from the failure
# that set it: attempts during it are refused without being counted, so they cannot extend
# it; the region office can lift it (deltacap unlock).
AXES_FAILURE_LIMIT = int(os.environ.get("DELTACAP_LOGIN_FAILURE_LIMIT", "5"))
ADDRESS_FAILURE_LIMIT = int(os.environ.get("DELTACAP_ADDRESS_FAILURE_LIMIT", "30"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DELTACAP_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "deltacap.accounts.lockout.NameAndAddressHandler"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "deltacap.accounts.lockout.lockout_response"
AXES_VERBOSE = False

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:dashboard"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
API_TOKEN_TTL = timedelta(hours=int(os.environ.get("DELTACAP_API_TOKEN_HOURS", "12")))
# Two-factor sign-in (TOTP, django-otp): the name authenticator apps show for the account.
OTP_TOTP_ISSUER = "deltacap"
# Plausible ranges of HJ 212 factors (monitoring/screening.py); empty: the shipped file.
PLAUSIBLE_RANGES_FILE = os.environ.get("DELTACAP_PLAUSIBLE_RANGES", "")
if ENV == "production":
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = os.environ.get("DELTACAP_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = int(os.environ.get("DELTACAP_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = CHINA_TIME_ZONE_NAME
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# `deltacap serve` and `deltacap demo` collect the assets into STATIC_ROOT (default: the
# data folder's static/) with hashed names and compressed copies, which WhiteNoise serves
# with a cache lifetime of a year (web/static_storage.py). Before they have been
# collected (tests, development) the assets are served straight from the package.
STATIC_ROOT = Path(os.environ.get("DELTACAP_STATIC_ROOT") or _data_dir() / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "deltacap.web.static_storage.StaticStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG


def _cache(url: str) -> dict[str, object]:
    """settings.CACHES["default"] for DELTACAP_CACHE_URL (see the top of this file)."""
    if url.startswith("locmem:"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url.startswith(("redis:", "rediss:")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url.startswith("memcached:"):
        return {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": url.removeprefix("memcached://"),
        }
    if url:
        raise ImproperlyConfigured(f"DELTACAP_CACHE_URL: unknown kind of cache {url!r}")
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(_data_dir() / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }


CACHES = {"default": _cache(os.environ.get("DELTACAP_CACHE_URL", ""))}
# Figures of one database are never read for another sharing the cache.
CACHES["default"]["KEY_PREFIX"] = hashlib.sha256(_database_url.encode()).hexdigest()[:12]
# Where every web process shares the cache (not ``locmem:``), a request's session and its
# signed-in account are read from it rather than from the database (written to both;
# accounts/backends.py says when an account is read again).
DELTACAP_SHARED_CACHE = not str(CACHES["default"]["BACKEND"]).endswith("LocMemCache")
if DELTACAP_SHARED_CACHE:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    AUTHENTICATION_BACKENDS[-1] = "deltacap.accounts.backends.CachedModelBackend"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DELTACAP_LOG_LEVEL", "WARNING")},
}
