"""One settings module, read from the environment; `.env.example` lists every variable."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from presales.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PRESALES_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", True)
# With DEBUG, a view's 404 (an object missing or not visible to the user) still answers the
# product's own page; turn off to see Django's technical 404 page there.
PRESALES_OWN_404_IN_DEBUG = env_bool("PRESALES_OWN_404_IN_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "presales.accounts.apps.AxesConfig",  # django-axes, named in the user's language
    "simple_history",
    "django_htmx",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "presales.accounts",
    "presales.events",
    "presales.search",
    "presales.customers",
    "presales.opportunities",
    "presales.notifications",
    "presales.approvals",
    "presales.service_requests",
    "presales.solutions",
    "presales.handover",
    "presales.catalog",
    "presales.quotes",
    "presales.contracts",
    "presales.knowledge",
    "presales.tenders",
    "presales.answers",
    "presales.responses",
    "presales.api",
    "presales.demo",
    "presales.backups",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A logged-in user reads his own language or the organisation's, not his browser's.
    "presales.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After MessageMiddleware: it tells the user why the session ended.
    "presales.accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A view's 404 answers the product's own page in DEBUG too (PRESALES_OWN_404_IN_DEBUG).
    "presales.lib.middleware.OwnNotFoundPageMiddleware",
    # Axes goes last: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "presales.urls"
WSGI_APPLICATION = "presales.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "presales" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "presales.accounts.context_processors.roles",
                "presales.approvals.context_processors.inbox_counts",
            ],
            # {{ quantity|plain }} everywhere, without {% load %}
            "builtins": ["presales.lib.templatetags.numbers"],
            # {% load sections %}: {% render_section s %} of presales.lib.sections (lib is no app)
            "libraries": {
                "sections": "presales.lib.templatetags.sections",
                "sorting": "presales.lib.templatetags.sorting",
            },
        },
    }
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)  # whitenoise warns at start-up when STATIC_ROOT is missing
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'presales.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let a reader and a writer work at once on the embedded default.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, plus every model permission for the admin role (the admin screens).
    "presales.accounts.backends.RoleModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email", "first_name", "last_name")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Log-in throttling (django-axes): lock a user name + address after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# Sessions: idle timeout by cookie age renewed on each request; absolute timeout by middleware.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30) * 60
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_TIMEOUT_HOURS", 10) * 3600
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
# The organisation's language: every logged-in user's who has not chosen his own (his
# profile). Before log-in the browser's language is used.
LANGUAGE_CODE = env_str("PRESALES_LANGUAGE", "zh-hans")
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise RuntimeError(f"PRESALES_LANGUAGE must be one of {', '.join(dict(LANGUAGES))}, got {LANGUAGE_CODE!r}.")
LOCALE_PATHS = [BASE_DIR / "presales" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["presales.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "presales" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("PRESALES_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    # Local disk; names longer than the disk allows are shortened (presales/lib/uploads.py).
    "default": {"BACKEND": "presales.lib.uploads.UploadStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Uploads: the largest deliverable file accepted (bid documents can be large).
PRESALES_MAX_UPLOAD_MB = env_int("PRESALES_MAX_UPLOAD_MB", 50)
# Zip-based files (Office documents, .zip, Excel imports): refused when they would unpack to
# more than this, or hold more entries (archive bombs).
PRESALES_MAX_UNCOMPRESSED_MB = env_int("PRESALES_MAX_UNCOMPRESSED_MB", 200)
PRESALES_MAX_ARCHIVE_ENTRIES = env_int("PRESALES_MAX_ARCHIVE_ENTRIES", 10000)
# Spreadsheet imports: every row read counts, empty ones too.
PRESALES_IMPORT_MAX_ROWS = env_int("PRESALES_IMPORT_MAX_ROWS", 5000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Content Security Policy (Django 6 built-in): everything from this origin, scripts by nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Production hardening: on unless DEBUG; each can be turned off behind a TLS proxy.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # oletools (the macro check of uploads) logs every file it opens at INFO.
    "loggers": {"axes": {"level": "WARNING"}, "olevba": {"level": "WARNING"}},
}

# E-mail (Django 6.1 MAILERS): SMTP (EMAIL_HOST, default localhost) in production; printed
# to the console in development unless EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST or "localhost",
                "port": env_int("EMAIL_PORT", 25),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "use_ssl": env_bool("EMAIL_USE_SSL", False),
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "presales@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every e-mail is queued (presales/notifications/outbox.py); a failed send is retried after
# these waits in minutes (the last one repeats) and given up, kept for the admin, after
# PRESALES_MAIL_MAX_ATTEMPTS attempts. `manage.py send_mail_queue` (cron) sends the retries.
PRESALES_MAIL_RETRY_MINUTES = [int(m) for m in env_list("PRESALES_MAIL_RETRY_MINUTES", ["1", "5", "30", "120", "720"])]
PRESALES_MAIL_MAX_ATTEMPTS = env_int("PRESALES_MAIL_MAX_ATTEMPTS", 6)

# Background tasks (Django's task framework): inline by default. Mail needs no worker (the
# OutgoingMail queue and `manage.py send_mail_queue` send what is due); a database-backed
# worker is a code change: its package, its app in INSTALLED_APPS (migrated) and its process.
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")}}

# JSON API (DESIGN.md §5): token or session authentication, OpenAPI schema by drf-spectacular,
# Swagger UI served from the drf-spectacular-sidecar package (no CDN). Throttle rates are
# "<number>/<second|minute|hour|day>", empty for no limit; the counters live in the default
# cache (local memory: per process). docs/security-api.md says what is checked.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "presales.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "presales.api.pagination.StrictPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "presales.api.throttling.UserRateThrottle",
        "presales.api.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env_str("PRESALES_API_RATE_USER", "600/minute") or None,
        "anon": env_str("PRESALES_API_RATE_ANON", "60/minute") or None,
        # POST /api/token/ takes a password: stricter, per client address.
        "token": env_str("PRESALES_API_RATE_TOKEN", "10/minute") or None,
    },
    # Proxies in front of the app that append to X-Forwarded-For (1 behind one TLS proxy); 0
    # uses the connection's address. Unset, DRF would trust a client-written header.
    "NUM_PROXIES": env_int("PRESALES_API_NUM_PROXIES", 0),
}
# An API token stops working this many days after it was made (0: never).
PRESALES_API_TOKEN_DAYS = env_int("PRESALES_API_TOKEN_DAYS", 90)
SPECTACULAR_SETTINGS = {
    "TITLE": "售前工作台 Presales Workbench API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # A choice set used by two components (a version in the list and read by id) gets its name here.
    "ENUM_NAME_OVERRIDES": {"QuoteVersionStatusEnum": "presales.quotes.models.VersionStatus"},
    # The error answers (400/401/403/404/429) declared on every operation: presales/api/schema.py.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "presales.api.schema.add_error_responses",
    ],
}

# Business settings.
# The address of the site in e-mailed links (e.g. http://presales.example.com).
PRESALES_BASE_URL = env_str("PRESALES_BASE_URL", "http://127.0.0.1:8000")
PRESALES_OPPORTUNITY_CODE_PREFIX = env_str("PRESALES_OPPORTUNITY_CODE_PREFIX", "PS")
# Our company as it signs contracts (乙方), the default a new contract starts with.
PRESALES_COMPANY_NAME = env_str("PRESALES_COMPANY_NAME", "本公司")
PRESALES_DEMO_PASSWORD = env_str("PRESALES_DEMO_PASSWORD", "presales-demo-2026")
