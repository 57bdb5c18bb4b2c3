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
- ``DELTACAP_ALLOWED_HOSTS``: comma separated.
- ``DELTACAP_DEBUG``: ``1`` for development only.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("DELTACAP_DATA_DIR", "deltacap-data")).resolve()
ENV = os.environ.get("DELTACAP_ENV", "embedded")
DEBUG = os.environ.get("DELTACAP_DEBUG") == "1"


def _secret_key() -> str:
    """The configured key; in the embedded default one generated once per data folder."""
    configured = os.environ.get("DELTACAP_SECRET_KEY")
    if configured:
        return configured
    if ENV == "production":
        raise ImproperlyConfigured("DELTACAP_SECRET_KEY must be set in production")
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
if ENV == "production" and (DEBUG or len(SECRET_KEY) < 40 or "changethis" in SECRET_KEY):
    raise ImproperlyConfigured("refusing to start: debug on or a weak secret key in production")

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DELTACAP_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "ninja",
    "deltacap.reference",
    "deltacap.accounts",
    "deltacap.audit",
    "deltacap.enterprises",
    "deltacap.targets",
    "deltacap.projects",
    "deltacap.monitoring",
    "deltacap.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'deltacap.sqlite3'}"),
        conn_max_age=int(os.environ.get("DELTACAP_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets pages read while a writer works; FULL sync so a committed write survives a crash.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Lockout after repeated failed logins (django-axes), per username.
AXES_FAILURE_LIMIT = int(os.environ.get("DELTACAP_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DELTACAP_LOCKOUT_MINUTES", "15")))
# Per user name, not per address: offices share one address behind NAT, and locking it
# would lock out a whole bureau. (django-axes warns about this choice: axes.W006.)
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
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
if ENV == "production":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# The embedded default serves assets straight from the package (WhiteNoise finders);
# production may collect them: set DELTACAP_STATIC_ROOT and run `deltacap manage collectstatic`.
STATIC_ROOT = os.environ.get("DELTACAP_STATIC_ROOT") or None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DELTACAP_LOG_LEVEL", "WARNING")},
}
