"""Gendan's one settings module.

Every knob is an environment variable with a default that suits the embedded set-up:
one machine, SQLite in ``var/``, no other services.  A bad value raises
``ImproperlyConfigured`` at start-up rather than failing later at run time.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}")
    return number


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# Where the embedded set-up keeps its database, uploads and secret key.
DATA_DIR = Path(env("GENDAN_DATA_DIR", str(BASE_DIR / "var"))).resolve()
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media"))).resolve()


SECRET_KEY_FILE = DATA_DIR / "secret_key"


def _secret_key() -> str:
    """SECRET_KEY from the environment, else the one ``manage.py secret_key`` kept in DATA_DIR.

    Reading settings writes nothing: without either, a process gets a key of its own,
    which is enough for tests and one-off commands but not for sessions shared by
    several processes (``make run`` creates the file first).
    """
    if value := os.environ.get("SECRET_KEY"):
        return value
    if SECRET_KEY_FILE.exists():
        return SECRET_KEY_FILE.read_text().strip()
    return secrets.token_urlsafe(50)


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
USE_HTTPS = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = USE_HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if USE_HTTPS else None
# Behind a proxy that terminates TLS: send plain-HTTP visitors to https:// and tell
# browsers to use nothing else (HSTS).  Both only make sense with an https:// SITE_URL.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", USE_HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if USE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", USE_HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", USE_HTTPS)
if (SECURE_SSL_REDIRECT or SECURE_HSTS_SECONDS) and not USE_HTTPS:
    raise ImproperlyConfigured(
        "SECURE_SSL_REDIRECT and SECURE_HSTS_SECONDS need an https:// SITE_URL"
    )
# The health check answers the proxy on plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600, minimum=300)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "template_partials",
    "django_countries",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "gendan.core",
    "gendan.accounts",
    "gendan.audit",
    "gendan.dataio",
    "gendan.customers",
    "gendan.catalog",
    "gendan.orders",
    "gendan.notify",
    "gendan.followup",
    "gendan.comms",
    "gendan.search",
    "gendan.demo",
    "gendan.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gendan.accounts.middleware.UserTimezoneMiddleware",
    "gendan.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so it sees the exceptions of every view: a busy database is a 503, not a 500.
    "gendan.core.middleware.BusyDatabaseMiddleware",
]

ROOT_URLCONF = "gendan.urls"
FORM_RENDERER = "gendan.core.forms.FormRenderer"
WSGI_APPLICATION = "gendan.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

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
                "django.template.context_processors.tz",
                "gendan.core.context_processors.navigation",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'gendan.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at
    # BEGIN so two writers queue on the busy timeout instead of failing mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20, minimum=1),
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA cache_size=-20000;"
        ),
    }
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    raise ImproperlyConfigured("DATABASE_URL must be a sqlite:// or postgres:// URL")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background work ------------------------------------------------------------------
TASKS = {
    "default": {
        # Tests run tasks inline so a test sees their effect without a worker process.
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Cache: local memory on one machine, Redis when several processes share state -------
REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Passwords and log-in -------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1) / 60  # hours
# Failures count per account and address together (see gendan.accounts.lockout); an
# address as a whole stops only past this much higher ceiling.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_IP_FAILURE_LIMIT = env_int("LOGIN_IP_FAILURE_LIMIT", 100, minimum=1)
AXES_HANDLER = "gendan.accounts.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "gendan.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# A try while locked out is refused without moving the end of the lock-out, so the time
# the page names stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False

# --- Languages, time ------------------------------------------------------------------
LANGUAGE_CODE = env("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(f"LANGUAGE_CODE must be one of {', '.join(dict(LANGUAGES))}")
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["gendan.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("TIME_ZONE", "Asia/Shanghai")
try:
    ZoneInfo(TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"TIME_ZONE {TIME_ZONE!r} is not an IANA time zone") from None

# --- Static and uploaded files --------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 25, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_MB * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Mail -----------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "gendan@localhost")

# --- Customer mail and chat --------------------------------------------------------------
# Mailbox passwords are stored encrypted with this key (default: derived from SECRET_KEY).
MAILBOX_KEY = env("MAILBOX_KEY", "")
MAIL_ATTACHMENT_MAX_MB = env_int("MAIL_ATTACHMENT_MAX_MB", 25, minimum=1)
MAIL_FETCH_MINUTES = env_int("MAIL_FETCH_MINUTES", 5, minimum=1)
# WhatsApp Business Cloud API (Meta); the base URL can point at a test server.
WHATSAPP_API_BASE_URL = env("WHATSAPP_API_BASE_URL", "https://graph.facebook.com/v21.0").rstrip("/")
WHATSAPP_PHONE_NUMBER_ID = env("WHATSAPP_PHONE_NUMBER_ID", "")
WHATSAPP_ACCESS_TOKEN = env("WHATSAPP_ACCESS_TOKEN", "")
WHATSAPP_APP_SECRET = env("WHATSAPP_APP_SECRET", "")
WHATSAPP_VERIFY_TOKEN = env("WHATSAPP_VERIFY_TOKEN", "")
# Meta's notifications are a few kilobytes (media comes by a separate download).
WHATSAPP_WEBHOOK_MAX_BYTES = env_int("WHATSAPP_WEBHOOK_MAX_BYTES", 256 * 1024, minimum=1024)

# --- API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON in and out; /api/docs/ is the interactive client.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "gendan.api.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "gendan.api.exceptions.exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Gendan API",
    "DESCRIPTION": "Customers, contacts, products, export orders and their follow-up "
    "(SOP templates, milestones, tasks, delay warnings). "
    "Authenticate with `Authorization: Token <key>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The interactive docs' files come from the installed sidecar package, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set where two fields share one, or two sets share a field name.
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "gendan.accounts.models.Role.choices",
        "EvidenceEnum": "gendan.followup.models.Evidence.choices",
        "StatusEnum": "gendan.orders.models.OrderStatus.choices",
        "MilestoneStatusEnum": "gendan.followup.models.MilestoneStatus.choices",
        "MilestoneStatusChangeEnum": "gendan.followup.api.STATUS_CHANGES",
        "MailServerSecurityEnum": "gendan.comms.models.Security.choices",
        "MessageChannelEnum": "gendan.comms.models.Channel.choices",
    },
}

# --- Gendan ---------------------------------------------------------------------------
# Order numbers: {year} is the four-digit year, {seq} the running number of that year.
ORDER_NUMBER_PATTERN = env("ORDER_NUMBER_PATTERN", "PI-{year}-{seq:04d}")
try:
    ORDER_NUMBER_PATTERN.format(year=2026, seq=1)
except (KeyError, IndexError, ValueError) as exc:
    raise ImproperlyConfigured(
        f"ORDER_NUMBER_PATTERN may use only {{year}} and {{seq}}: {exc}"
    ) from None
# Mail domains that many unrelated people share: never used to match or merge customers.
PUBLIC_MAIL_DOMAINS = set(
    env_list(
        "PUBLIC_MAIL_DOMAINS",
        "gmail.com,googlemail.com,outlook.com,hotmail.com,live.com,msn.com,yahoo.com,"
        "yahoo.co.uk,yahoo.co.jp,icloud.com,me.com,aol.com,proton.me,protonmail.com,"
        "gmx.de,gmx.net,web.de,mail.ru,yandex.ru,qq.com,foxmail.com,163.com,126.com,"
        "yeah.net,sina.com,sohu.com,aliyun.com,139.com,naver.com,daum.net,hanmail.net,"
        "libero.it,orange.fr,free.fr,laposte.net,rediffmail.com,zoho.com",
    )
)
APP_NAME = _("Gendan")
# Country names as a mainland company's documents write them in Chinese, and the upstream
# Chinese names that are wrong (尼珀尔, 塔吉克斯斯坦, Samoa as American Samoa, a cut-off
# 波斯尼亚和黑塞哥维那); the English names stay ISO 3166's.  Translated in our catalogue.
COUNTRIES_OVERRIDE = {
    "TW": _("Taiwan (Province of China)"),
    "HK": _("Hong Kong"),
    "MO": _("Macao"),
    "NP": _("Nepal"),
    "TJ": _("Tajikistan"),
    "WS": _("Samoa"),
    "BA": _("Bosnia and Herzegovina"),
    "SJ": _("Svalbard and Jan Mayen"),
    "MK": _("North Macedonia"),
    "KG": _("Kyrgyzstan"),
    "GF": _("French Guiana"),
    "DM": _("Dominica"),
    "KM": _("Comoros"),
    "LR": _("Liberia"),
    "ML": _("Mali"),
    "SR": _("Suriname"),
    "TT": _("Trinidad and Tobago"),
}
# An export stops at this many rows so one click cannot tie up a web process.
EXPORT_MAX_ROWS = env_int("EXPORT_MAX_ROWS", 100_000, minimum=1)
# Up to this many rows an export is written during the request; more go to the worker.
EXPORT_DIRECT_ROWS = env_int("EXPORT_DIRECT_ROWS", 5_000, minimum=1)
# An import file may have at most this many data rows; the whole file is one transaction.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20_000, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}
