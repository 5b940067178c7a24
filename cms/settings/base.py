"""Settings for the whole install, switched by environment variables.

One tree: everything lives here; ``dev``, ``test`` and ``production`` only set
defaults or harden. Nothing secret is committed: secrets come from the
environment (or a ``.env`` file next to ``manage.py`` that git ignores).
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CMS_DIR = BASE_DIR / "cms"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# After .env is read: these read the environment too.
from .csp import *  # noqa: E402, F403
from .languages import *  # noqa: E402, F403
from .languages import language_settings  # noqa: E402

DEBUG = env.bool("DEBUG", default=False)
# A development key is only ever used by dev/test settings; production.py
# refuses to start without SECRET_KEY in the environment.
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The host site first so its templates (base, 404, 500) win.
    "cms",
    # The plugins: installable into any Wagtail site on their own.
    "idelabbet",
    "forum",
    "search",
    # Page and snippet translation, segment by segment (cms/languages/).
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.frontend_cache",
    # Promoted results ("Rekommenderade sökträffar") on the catalog search.
    "wagtail.contrib.search_promotions",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "guardian",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "django_ratelimit",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache: a cached page gets fresh headers too.
    "cms.csp.SiteCSPMiddleware",
    # Before the page cache: a deactivated municipality's cached pages are not served.
    "cms.closed_sites.ClosedSiteMiddleware",
    "cms.security.PermissionsPolicyMiddleware",
    # Before sessions, CSRF and locale: a cached page needs none of them, and a
    # fresh one is judged after they added their cookies (cms/pagecache.py).
    "cms.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the URL only; 404 where the municipality does not offer it.
    "cms.languages.middleware.UrlLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor sign-in (TOTP) for the admin: see cms/twofactor.py.
    "django_otp.middleware.OTPMiddleware",
    "cms.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [CMS_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# SQLite out of the box; DATABASE_URL switches to PostgreSQL (CI, production).
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: a new PostgreSQL connection per request costs more
# than most of our pages' queries. CONN_MAX_AGE=0 restores one per request;
# the health check replaces a connection the server dropped in between.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process and the task worker use the file side by side.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def redis_caches(url: str) -> dict:
    """The caches on Redis at ``url``: an optimisation, never a dependency.

    ``default`` (Wagtail's site routing, rate limits) ignores every Redis
    error and logs it (logger ``django_redis``): a read misses, a write is
    dropped. ``pages`` (cms/pagecache.py) sees the errors itself, to skip Redis
    for a few seconds after one. Short timeouts keep a hanging Redis from
    holding requests.
    """
    options = {
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_CONNECT_TIMEOUT", default=0.25),
        "SOCKET_TIMEOUT": env.float("REDIS_TIMEOUT", default=0.5),
    }
    backend = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url}
    return {
        "default": {**backend, "OPTIONS": options},
        "pages": {**backend, "OPTIONS": {**options, "IGNORE_EXCEPTIONS": False}},
    }


# Every ignored Redis error is logged (logger django_redis.cache), at most one
# line per 30 seconds (cms.logfilters.Throttle), or an outage floods the log.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# Local memory out of the box; REDIS_URL shares the cache (rate limits, page
# cache, Wagtail's site routing) between processes in production.
if env.str("REDIS_URL", default=""):
    CACHES = redis_caches(env.str("REDIS_URL"))
    PAGE_CACHE_ALIAS = "pages"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Rate limits on the public forms (django-ratelimit, idelabbet/ratelimit.py)
# are counted in a cache every process shares: Redis when there is one, else a
# database table (created by `manage.py createcachetable`). Counting in each
# process's own memory would multiply the limit by the number of processes.
if env.str("REDIS_URL", default=""):
    RATELIMIT_USE_CACHE = "default"
else:
    CACHES["ratelimit"] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ratelimit_cache",
    }
    RATELIMIT_USE_CACHE = "ratelimit"
# A limiter whose cache is down lets the form through (and logs it): losing a
# citizen's idea is worse than a burst of spam.
RATELIMIT_FAIL_OPEN = True
SILENCED_SYSTEM_CHECKS = [
    # The database cache increments with a read and a write, not atomically: a
    # burst of parallel requests may be undercounted by a few. Only without Redis.
    "django_ratelimit.E003",
    # ... and is not on the library's list of tested backends (django-redis,
    # used with REDIS_URL, is).
    "django_ratelimit.W001",
]

# The anonymous page cache (cms/pagecache): seconds a public page is kept; 0
# turns it off. On by default only with REDIS_URL: it is cleared on publish by
# a write to the shared cache, which per-process local memory (several
# gunicorn workers, the task worker) would not see. A week: every write makes
# exactly the pages showing it stale (and they are rendered again at once), a
# page changing by itself (a meeting starting) says when; the lifetime only
# bounds what a missed invalidation could cost and how long unvisited pages
# take room.
PAGE_CACHE_SECONDS = env.int(
    "PAGE_CACHE_SECONDS", default=7 * 24 * 3600 if env.str("REDIS_URL", default="") else 0
)
# How long a CDN or Varnish in front may keep a page (s-maxage): it is purged
# page by page, but not for a site-wide change (a footer edit).
PAGE_CACHE_CDN_SECONDS = env.int("PAGE_CACHE_CDN_SECONDS", default=300)
# A CDN or Varnish in front (cms/pagecache/cdn.py): purges for the pages a
# write changes go through Wagtail's frontend cache, configured here.
WAGTAILFRONTENDCACHE = {}
if env.str("FRONTEND_CACHE_VARNISH_URL", default=""):
    WAGTAILFRONTENDCACHE["varnish"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env.str("FRONTEND_CACHE_VARNISH_URL"),
    }
if env.str("FRONTEND_CACHE_CLOUDFLARE_ZONEID", default=""):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": env.str("FRONTEND_CACHE_CLOUDFLARE_ZONEID"),
        "BEARER_TOKEN": env.str("FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN"),
    }
if PAGE_CACHE_SECONDS and not env.str("REDIS_URL", default=""):
    raise ImproperlyConfigured(
        "PAGE_CACHE_SECONDS kräver REDIS_URL: utan delad cache skulle en publicering bara "
        "tömma sidcachen i den process som gjorde den "
        "(the page cache needs a cache shared between processes)."
    )

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# django-guardian: no anonymous user row; the public never holds object perms.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Brute-force protection of the login (django-axes): five failed attempts for
# one username from one address lock that pair out for 30 minutes (a 429 page
# in Swedish, cms/templates/cms/lockout.html). Reset early with
# `manage.py axes_reset_username <namn>` (or axes_reset_ip, axes_reset), or by
# deleting the attempt under /django-admin/axes/accessattempt/. The address is
# REMOTE_ADDR, which the deployment sets from its trusted proxy.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "cms/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "cms.security.client_address"

# Two-factor sign-in with TOTP, built on django-otp (cms/twofactor.py):
# wagtail-2fa 1.8, the maintained Wagtail package, does not import on Wagtail 8
# (wagtail.users.widgets is gone). Optional for everybody (Konto →
# Tvåstegsverifiering); once a user has a device it is always asked for. A site
# administrator requires it for a group with the permission "Måste använda
# tvåstegsverifiering" in the group's settings, e.g. a municipality's coaches
# and process leads, who read citizens' personal data.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Kommun och civilsamhälle")

# Languages (cms/settings/languages.py): Swedish, English, Arabic and EXTRA_LANGUAGES.
# Interface strings a language's catalogue lacks come from English, not from
# the Swedish source (cms/interface_language.py).
INTERFACE_FALLBACK_LANGUAGE = "en"
LOCALE_PATHS = [CMS_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True
_languages = language_settings(env.str("EXTRA_LANGUAGES", default=""))
LANGUAGES = _languages["LANGUAGES"]
LANGUAGES_BIDI = _languages["LANGUAGES_BIDI"]
WAGTAIL_CONTENT_LANGUAGES = _languages["WAGTAIL_CONTENT_LANGUAGES"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email: console in development; SMTP (or any backend) by environment.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# For django.core.mail.backends.filebased.EmailBackend: one file per message.
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "mail"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@localhost")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Background work (email, search indexing) runs on a real worker:
# `manage.py db_worker` (see the Procfile) with the database backend.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "email", "search"],
    }
}

WAGTAIL_SITE_NAME = "Kommun och civilsamhälle"
# The port the public sites are served on, stored on both Sites by
# `setup_municipalities` (absolute links in emails and "view live" are built
# from the Site). Unset: the Sites keep theirs (port 80 when first created).
SITE_PORT = env.int("SITE_PORT", default=None)
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://localhost:8000")
# Wagtail's database backend, with serialised and retried index writes on
# PostgreSQL (cms/search_backend.py: two workers otherwise deadlock).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search_backend"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Autosave off: on "add page" it creates the page at the first pause, so an
# abandoned attempt left a stray draft whose slug then refused the next attempt
# (with the error on a hidden tab). Editors save drafts deliberately.
WAGTAIL_AUTOSAVE_INTERVAL = env.int("WAGTAIL_AUTOSAVE_INTERVAL", default=0)
# Swedish slugs: å/ä→a, ö→o (the admin's slug field; cms/slugs.py on the server).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"throttle": {"()": "cms.logfilters.Throttle", "seconds": 30}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "throttled": {"class": "logging.StreamHandler", "filters": ["throttle"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Wagtail logs every page action at INFO; the audit log keeps them anyway.
    "loggers": {
        "wagtail": {"level": env.str("WAGTAIL_LOG_LEVEL", default="WARNING")},
        "django_redis.cache": {"handlers": ["throttled"], "propagate": False},
        # WeasyPrint (the yearly report's PDF) logs each rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The read API (cms/api): at most this many items per JSON page; more is a 400.
WAGTAILAPI_LIMIT_MAX = 100
# The open-data catalogue (DCAT-AP-SE, cms/api/dcat.py): the datasets' licence
# (CC0 by default) and a contact email where a site has none in its contact settings.
OPEN_DATA_LICENSE = env.str(
    "OPEN_DATA_LICENSE", default="http://creativecommons.org/publicdomain/zero/1.0/"
)
OPEN_DATA_CONTACT_EMAIL = env.str("OPEN_DATA_CONTACT_EMAIL", default="")

# No Gravatar: it would send a hash of every admin user's email to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# The catalog search (search/): "database" needs no server (SQLite FTS5 or
# PostgreSQL full-text, whichever DATABASE_URL is); "elasticsearch" needs
# ELASTICSEARCH_URL and falls back to the database catalog while it is down.
SEARCH_ENGINE = env.str("SEARCH_ENGINE", default="database")
# The database engine counts this many trimmed matches exactly, then says "more than".
SEARCH_COUNT_LIMIT = env.int("SEARCH_COUNT_LIMIT", default=1000)
# Connections a catalog rebuild outside a transaction stores on at once (PostgreSQL).
SEARCH_REBUILD_WRITERS = env.int("SEARCH_REBUILD_WRITERS", default=2)
# The editors' synonym groups are kept in each process and re-read when the
# shared cache says they changed (search.synonyms): only where the default cache
# is shared by every process (Redis). Without it each search reads them.
SEARCH_SYNONYMS_CACHED = env.bool(
    "SEARCH_SYNONYMS_CACHED", default=bool(env.str("REDIS_URL", default=""))
)
# Reading text out of documents and attachments (search.files): per file, in a child process.
SEARCH_FILE_MAX_BYTES = env.int("SEARCH_FILE_MAX_BYTES", default=20 * 1024 * 1024)
SEARCH_FILE_MAX_PAGES = env.int("SEARCH_FILE_MAX_PAGES", default=500)
SEARCH_FILE_TIMEOUT = env.int("SEARCH_FILE_TIMEOUT", default=30)
SEARCH_FILE_MEMORY_MB = env.int("SEARCH_FILE_MEMORY_MB", default=512)
SEARCH_FILE_MAX_CHARS = env.int("SEARCH_FILE_MAX_CHARS", default=100_000)
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
SEARCH_ELASTICSEARCH_ALIAS = env.str("SEARCH_ELASTICSEARCH_ALIAS", default="catalog")
SEARCH_ELASTICSEARCH_TIMEOUT = env.float("SEARCH_ELASTICSEARCH_TIMEOUT", default=5.0)
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "svg"]

# Content-Security-Policy: cms/settings/csp.py (imported at the top).
