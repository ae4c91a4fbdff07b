"""CCHC Hub settings: one module, read from the environment.

Every setting an operator may change is an environment variable (see README, "Cấu hình").
A git-ignored ``local_settings.py`` beside this file, if present, is imported last.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import xstatic.pkg.bootstrap
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VERSION = "0.1.0"


def envstr(name: str, default: str = "") -> str:
    """Value of ``name``, or the contents of the file named by ``name_FILE`` (for secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    value = envstr(name, "")
    if value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = envstr(name, "")
    return int(value) if value.strip() else default


def envlist(name: str, default: list[str]) -> list[str]:
    value = envstr(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


CCHC_ENV = envstr("CCHC_ENV", "development")
PRODUCTION = CCHC_ENV == "production"

DEBUG = envbool("DEBUG", False)
SECRET_KEY = envstr("SECRET_KEY", "")
if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("CCHC_ENV=production: không được bật DEBUG.")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("CCHC_ENV=production: cần đặt SECRET_KEY (ít nhất 50 ký tự ngẫu nhiên).")
elif not SECRET_KEY:
    SECRET_KEY = "cchc-development-only-key-never-use-in-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

# Every file of an instance lives under CCHC_DATA_DIR: SQLite database, uploads, generated documents, mail.
DATA_DIR = Path(envstr("CCHC_DATA_DIR", str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

# The clock: CCHC_TODAY=YYYY-MM-DD fixes "today" for every date rule (see cchc.core.clock).
CCHC_TODAY = envstr("CCHC_TODAY", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "auditlog",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # CCHC Hub, from the bottom layer up.
    "cchc.core",
    "cchc.units",
    "cchc.accounts",
    "cchc.reminders",
    "cchc.directives",
    "cchc.reports",
    "cchc.monitoring",
    "cchc.synthesis",
    # The public face.
    "cchc.column",
    "cchc.indices",
    "cchc.harvest",
    "cchc.screens",
    "cchc.printing",
    "cchc.feedback",
    "cchc.contests",
    "cchc.surveys",
    "cchc.demo",
]

MIDDLEWARE = [
    "cchc.core.middleware.RequestSizeLimitMiddleware",
    "cchc.core.middleware.NulByteMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "cchc.accounts.middleware.ForcePasswordChangeMiddleware",
    "axes.middleware.AxesMiddleware",
    "cchc.core.middleware.StorageFullMiddleware",
]

ROOT_URLCONF = "cchc.urls"
WSGI_APPLICATION = "cchc.wsgi.application"

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
                "cchc.core.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://user:pass@host:5432/name), else SQLite under the data folder.
# SQLite in WAL mode with a busy timeout and IMMEDIATE transactions: the web server and the worker write at once.
if envstr("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(envstr("DATABASE_URL"), conn_max_age=envint("CONN_MAX_AGE", 60))}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "db.sqlite3",
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache (rate limits, lock-out counters shared by every process): Redis when REDIS_URL is set, else the database.
if envstr("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": envstr("REDIS_URL")}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cchc_cache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock-out after repeated failed logins (django-axes), per user name and address.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The address is the real client's: X-Forwarded-For is believed only from CCHC_TRUSTED_PROXIES (see README), so
# behind nginx one attacker cannot lock the coordinator out for everyone.
AXES_CLIENT_IP_CALLABLE = "cchc.core.ratelimit.client_ip"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLED = envbool("AXES_ENABLED", True)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Numbers are grouped (1.234,5) explicitly with the |vnnumber filter: automatic grouping would also turn ids
# rendered in templates (value="{{ unit.pk }}", ?unit=1590) into "1.590".
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["cchc.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static", ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR)]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "cchc.core.storage.SafeFileSystemStorage"},  # no truncated file when the disk fills
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # a body without files (forms, JSON)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
CCHC_MAX_UPLOAD_MB = envint("CCHC_MAX_UPLOAD_MB", 20)
# Any request body (files included) above this is refused with 413 before it is read (RequestSizeLimitMiddleware).
CCHC_MAX_REQUEST_MB = envint("CCHC_MAX_REQUEST_MB", CCHC_MAX_UPLOAD_MB + 5)
# Old Office formats (.doc, .xls, .ppt) may carry macros: refused as evidence unless this is on.
CCHC_ALLOW_LEGACY_OFFICE = envbool("CCHC_ALLOW_LEGACY_OFFICE", False)
# Password reset e-mails per hour: from one address, and for one e-mail address.
CCHC_PASSWORD_RESET_PER_IP = envint("CCHC_PASSWORD_RESET_PER_IP", 5)
CCHC_PASSWORD_RESET_PER_ACCOUNT = envint("CCHC_PASSWORD_RESET_PER_ACCOUNT", 3)
# A running background job that has not reported progress for this long is considered dead (``cchc reap-jobs``);
# a queued job no worker picked up for CCHC_JOB_QUEUED_TIMEOUT seconds is failed too.
CCHC_JOB_STALE_SECONDS = envint("CCHC_JOB_STALE_SECONDS", 10 * 60)
CCHC_JOB_QUEUED_TIMEOUT = envint("CCHC_JOB_QUEUED_TIMEOUT", 6 * 3600)
CCHC_JOB_MAX_ATTEMPTS = envint("CCHC_JOB_MAX_ATTEMPTS", 2)

# E-mail: SMTP when EMAIL_HOST is set, else files under the data folder (the demo and development).
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "CCHC Hub <cchc@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if envstr("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = envstr("EMAIL_HOST")
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"

# Background work: Django's task API (django-tasks), stored in the database (no broker).
TASKS = {"default": {"BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
    # Every API error is JSON in Vietnamese (also 404 and 500 under /api/: core.views).
    "EXCEPTION_HANDLER": "cchc.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CCHC Hub API",
    "DESCRIPTION": "API của CCHC Hub: đơn vị, văn bản chỉ đạo, nhiệm vụ, báo cáo. Xác thực bằng phiên hoặc "
    "`Authorization: Token <token>` (lấy tại POST /api/v1/auth/token/).",
    "VERSION": VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Fields named "kind" in several apps: name the contests' enum explicitly (no warning, stable schema).
    "ENUM_NAME_OVERRIDES": {"ContestKindEnum": "cchc.contests.choices.ContestKind"},
}

# Security. In production everything defaults to safe; behind a TLS proxy set SECURE_PROXY_SSL_HEADER.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "cchc.core.views.csrf_failure"
# Content-Security-Policy (django-csp 4): no inline script, no outside origin. A page meant to be embedded elsewhere
# (a widget) sets its own frame-ancestors with csp.decorators.csp_update / csp_replace.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    if envbool("BEHIND_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SILENCED_SYSTEM_CHECKS = ["security.W021"] if not SECURE_HSTS_PRELOAD else []

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Periodic commands that `cchc scheduler` (started by `make run`) runs, with their interval in seconds.
# Each is idempotent: in production a systemd timer may run `cchc scheduler --once` instead.
# A command that does not exist (yet) is skipped.
CCHC_SCHEDULE = [
    ("remind", 15 * 60),
    ("clearsessions", 24 * 3600),
    ("reap-jobs", 5 * 60),  # jobs whose worker vanished: retried or failed
    ("publish-scheduled", 60),  # the column's scheduled items
    ("harvest", 30 * 60),  # the units' portals
    ("screens-activities", 60 * 60),  # plays of the screens become activities
    ("feedback-deadlines", 15 * 60),  # feedback time limits, overdue flags, reminders; outbound webhooks retried
    ("contests-close", 60),  # rounds past their end are closed
]

# The demo: accounts with a known password exist only outside production.
CCHC_DEMO_PASSWORD = "demo12345"  # noqa: S105
CCHC_SITE_NAME = envstr("CCHC_SITE_NAME", "CCHC Hub")
# The public address of this instance, for links in e-mails (e.g. https://cchc.gialai.gov.vn).
CCHC_SITE_URL = envstr("CCHC_SITE_URL", "" if PRODUCTION else f"http://127.0.0.1:{envstr('PORT', '8000')}").rstrip("/")
CCHC_PROVINCE_NAME = envstr("CCHC_PROVINCE_NAME", "Gia Lai")
# Addresses of the reverse proxies (nginx) in front of the site: only from these is X-Forwarded-For believed.
CCHC_TRUSTED_PROXIES = envlist("CCHC_TRUSTED_PROXIES", [])

try:  # pragma: no cover - an operator's own overrides
    from cchc.local_settings import *  # noqa: F403
except ImportError:
    pass
