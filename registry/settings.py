"""Settings for the Networks Registry, read from the environment.

One module for every deployment: development, CI and production differ only by
environment variables (see README). Production is the default; development
opts in with DEBUG=1, so a forgotten variable fails closed.
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default):
    """A boolean from the environment; anything but a clear yes/no is an error."""
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false, yes/no).")


def env_int(name, default, *, minimum=0):
    """A whole number (ASCII digits) from the environment, at least `minimum`; anything else is an error."""
    value = os.environ.get(name)
    if value is None:
        return default
    if not re.fullmatch(r"[0-9]{1,9}", value.strip()) or int(value) < minimum:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number of at least {minimum}.")
    return int(value)


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG=1"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Translated model fields (networks/translation.py, countries/translation.py); before the admin, as it asks.
    "modeltranslation",
    "registry.apps.RegistryAdminConfig",  # django.contrib.admin with a guarded site (registry.admin_site)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # its sitemap.xml templates (registry/urls.py SITEMAPS)
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "import_export",
    "simple_history",
    "countries",
    "networks",
    "public",
    "sitepages",
    "exchange",
    "upkeep",
    "axes",
    "csp",
    "accounts",
    "pagecache",
    "outreach",
    "corrections",
    "library",
    "meetings",
    "api",
    "liaison",
    "routes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that answers on its own (whitenoise, the page cache), as django-cors-headers asks.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pagecache.middleware.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The visitor's language (URL prefix, cookie, Accept-Language); the admin is unprefixed and follows the browser.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.PrivateToSignedInUsersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a lockout into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "registry.urls"
WSGI_APPLICATION = "registry.wsgi.application"

# The public site renders with Jinja2 (templates/jinja2/, environment in public/jinja2.py): its long
# lists cost a fraction of Django templates' time. The admin keeps Django's own templates (templates/).
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "public.jinja2.environment",
            "context_processors": [
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "public.context_processors.links",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A new SQLite connection reads the schema again before its first query: 2 ms of CPU a request at
    # 10,000 networks (docs/performance.md). Each worker thread keeps its connection for ten minutes.
    DATABASES["default"]["CONN_MAX_AGE"] = 600
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Pooled connections (psycopg_pool); Django requires persistent connections off with a pool.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": int(os.environ.get("DB_POOL_MAX", "10")),
    }

# Caches: local memory per process by default; Redis (django-redis), shared by every worker, when
# REDIS_URL is set. A Redis outage degrades to uncached pages instead of errors (IGNORE_EXCEPTIONS).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "registry",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "registry",
            "OPTIONS": {"MAX_ENTRIES": 500},  # pages of at most 384 KB: at most 192 MB per worker
        }
    }
# Anonymous public pages are cached this long (0: off); any catalogue change invalidates them at once.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# After a request that rebuilt the facet index or the search texts, collect once and gc.freeze() the
# survivors, so that later full collections skip them (public/heap.py).
FREEZE_KEPT_INDEXES = env_bool("FREEZE_KEPT_INDEXES", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface's languages, the Council of Europe's two (README "Languages"). Pages live under /en/ and
# /fr/ (registry/urls.py). Catalogues: public/locale/ for the public site's templates and code, locale/
# for everything else; `make messages` extracts both, `make compilemessages` builds the .mo files.
LANGUAGE_CODE = "en"
# The interface's languages. Content has more (MODELTRANSLATION_LANGUAGES): networks name themselves in
# Spanish and Portuguese too, and those names are stored, searched and exported, never shown as an interface.
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
# Translated model fields: one column per language beside the original (which keeps the English text,
# networks.translated). English is required; every other language falls back to it.
MODELTRANSLATION_LANGUAGES = ("en", "fr", "es", "pt")
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"  # slugs come from the English name, whatever the admin's language
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Dated releases of the open data (exchange.releases, `manage.py publish_release`): written once, never
# rewritten, served at /data/releases/<date>/. Outside the code; keep it on storage that is backed up.
RELEASES_DIR = Path(os.environ.get("RELEASES_DIR", BASE_DIR / "media" / "data" / "releases"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Uploaded documents (library app): outside any public URL, served by a view that checks who asks.
    "library": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("LIBRARY_FILES_ROOT", str(BASE_DIR / "library-files"))},
    },
}
# The largest document the library accepts as an upload.
LIBRARY_MAX_BYTES = env_int("LIBRARY_MAX_BYTES", 20 * 1024 * 1024, minimum=1)

# Who runs this registry, as the site's header, footer and notices name it.
# Empty: "the Networks Registry secretariat" in the page's language (registry.owner).
REGISTRY_OWNER = os.environ.get("REGISTRY_OWNER", "")
# The secretariat's address on the Contact page (none shown when empty).
REGISTRY_CONTACT_EMAIL = os.environ.get("REGISTRY_CONTACT_EMAIL", "")

# A refused form (missing or stale CSRF token) gets the site's own explanation, not Django's bare page.
CSRF_FAILURE_VIEW = "public.official.csrf_failure"

# E-mail (Django's framework): an SMTP server named by EMAIL_HOST; without one, development (DEBUG=1,
# `make run`) prints each message on the console and production hands it to a local MTA on port 25.
# Tests use the locmem backend (pytest-django) or a real SMTP server they start (aiosmtpd).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS (STARTTLS, port 587) or EMAIL_USE_SSL (port 465), not both.")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG and "EMAIL_HOST" not in os.environ
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Networks Registry <registry@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where links in e-mails sent without a request (send_reminders) point: the site's public address.
REGISTRY_BASE_URL = os.environ.get("REGISTRY_BASE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
# Invitations to become a network's editor expire after this many days; resending starts again.
INVITATION_DAYS = env_int("INVITATION_DAYS", 14, minimum=1)
# send_reminders: an entry not confirmed for this many months gets a reminder, at most one per interval.
REMINDER_INTERVAL_MONTHS = env_int("REMINDER_INTERVAL_MONTHS", 6, minimum=1)
# Suggested corrections accepted per client address and per e-mail address within 24 hours.
CORRECTIONS_PER_ADDRESS_PER_DAY = env_int("CORRECTIONS_PER_ADDRESS_PER_DAY", 10, minimum=1)
CORRECTIONS_PER_EMAIL_PER_DAY = env_int("CORRECTIONS_PER_EMAIL_PER_DAY", 5, minimum=1)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "contact-search"
LOGOUT_REDIRECT_URL = "home"

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

# django-import-export: importing and exporting are rights of their own, not a side
# effect of reaching a model's admin page.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Admin imports (exchange app): uploads larger than this are refused before they are read (the
# command line, import_catalogue, has no cap); a preview lists this many rows and problems, with totals;
# an upload waiting for confirmation is deleted after this long.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "50000"))
IMPORT_PREVIEW_ROWS = 100
IMPORT_PENDING_MINUTES = int(os.environ.get("IMPORT_PENDING_MINUTES", "60"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Accounts and hardening (accounts app). django-axes counts failed sign-ins per user name and address
# together, and per user name alone with a higher ceiling (accounts.lockout.failure_limit): one
# address cannot guess for long, rotating addresses (an IPv6 /64 holds billions) does not reset the
# count, and no one can lock an account with a few failures from somewhere else.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
SIGN_IN_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)  # per user name and address
SIGN_IN_FAILURE_LIMIT_PER_USERNAME = env_int("AXES_USERNAME_FAILURE_LIMIT", 20, minimum=1)  # from any address
if SIGN_IN_FAILURE_LIMIT_PER_USERNAME <= SIGN_IN_FAILURE_LIMIT:
    raise ImproperlyConfigured("AXES_USERNAME_FAILURE_LIMIT must be higher than AXES_FAILURE_LIMIT.")
AXES_FAILURE_LIMIT = "accounts.lockout.failure_limit"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))  # hours
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner on every start; lockouts are still logged as warnings
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"


def client_address_settings(proxy_count, trusted_proxies=()):
    """django-axes' settings for django-ipware, which reads the client's address (README, "Accounts").

    Without a proxy only REMOTE_ADDR counts: a client could otherwise name a fresh address in
    X-Forwarded-For with every attempt. Behind `proxy_count` reverse proxies that each append the
    address they saw, the client is the proxy_count-th address from the right of X-Forwarded-For;
    what a client wrote further left is ignored (not strict: such a chain is longer, not wrong).
    `trusted_proxies` are the addresses or prefixes of the proxies listed in X-Forwarded-For (every
    proxy but the nearest); when given, ipware also checks them.
    """
    if not proxy_count:
        return {"AXES_IPWARE_PROXY_COUNT": None, "AXES_IPWARE_META_PRECEDENCE_ORDER": ["REMOTE_ADDR"]}
    return {
        "AXES_IPWARE_PROXY_COUNT": proxy_count - 1,  # ipware counts the proxies listed in X-Forwarded-For
        "AXES_IPWARE_PROXY_TRUSTED_IPS": list(trusted_proxies) or None,
        "AXES_IPWARE_PROXY_ORDER": "left-most",
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
        "IPWARE_STRICT": False,
    }


# Sets AXES_IPWARE_PROXY_COUNT, AXES_IPWARE_META_PRECEDENCE_ORDER and, behind a proxy, the others above.
globals().update(client_address_settings(env_int("AXES_PROXY_COUNT", 0), env_list("AXES_PROXY_TRUSTED_IPS")))

# Content Security Policy (django-csp 4): only the registry's own files; no inline script,
# no inline style, no framing. The admin works under it (tests/test_hardening.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # No exception: django-simple-history's list of versions, which had one inline style, is ours
        # (templates/simple_history/object_history_list.html).
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
X_FRAME_OPTIONS = "DENY"

# The read API (api/, README "API"). Read-only JSON: no browsable pages (they need inline script),
# no parsers. Clients authenticate with a token the secretariat issues in the admin, or their session.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "URL_FORMAT_OVERRIDE": None,
    # The client's address for throttling: REMOTE_ADDR, or behind proxies the one they saw (as django-axes).
    "NUM_PROXIES": env_int("AXES_PROXY_COUNT", 0),
}
# Requests per anonymous client address; over it, 429 with Retry-After.
API_ANONYMOUS_RATE = os.environ.get("API_ANONYMOUS_RATE", "120/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Networks Registry API",
    "DESCRIPTION": "Read access to the catalogue of international judicial, prosecutorial and police cooperation "
    "networks: networks, memberships, relations, jurisdictions, regions, topics, organisations and contact points.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",  # served from our static files: no CDN, inside the CSP
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.common_responses"],
    "ENUM_NAME_OVERRIDES": {
        "MembershipRoleEnum": "networks.models.Membership.Role",
        "ContactPointRoleEnum": "networks.models.ContactPoint.Role",
        "NetworkTypeEnum": "networks.models.Network.Type",
        "DatePrecisionEnum": "networks.dating.Precision",
        "MemberTypeEnum": [("jurisdiction", "jurisdiction"), ("organisation", "organisation"), ("network", "network")],
    },
}
# CORS: any origin may read the API anonymously; no credentials (cookies) and no Authorization header
# cross-origin, and only reading methods.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["etag", "last-modified", "link", "retry-after"]
