"""Settings for Sanctions Atlas, read from the environment.

One module for every environment: development, tests, CI and production differ only in the
environment variables below (documented in README.md, "Deploying"). A bad value stops the process
at start with a message naming the variable.
"""

import re
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    check_secret_key,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_origins,
    env_proxy_ssl_header,
    env_str,
    parse_cache_url,
    parse_database_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY to a long random value in production "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))"), '
            "or DEBUG=1 for development (which uses a fixed development key)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
elif not DEBUG:
    check_secret_key(SECRET_KEY)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "reversion",
    "rest_framework",
    "django_filters",
    "episodes",
    "designations",
    "assessments",
    "editorial",
    "public",
    "ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": parse_database_url(
        env_str("DATABASE_URL", "sqlite:///db.sqlite3"), base_dir=BASE_DIR
    ),
}

# Streaming read replicas of the primary (comma-separated URLs, as DATABASE_URL): the public
# site's and API's reads go to a healthy one, everything else to the primary (ops.replicas).
# In tests each is a mirror of the primary, so ordinary tests read what they wrote;
# tests/ops/test_replicas.py points them at the real replica.
ATLAS_READ_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URL", []), start=1):
    DATABASES[f"replica{_number}"] = {
        **parse_database_url(_url, base_dir=BASE_DIR, name="DATABASE_REPLICA_URL"),
        "TEST": {"MIRROR": "default"},
    }
    ATLAS_READ_REPLICAS.append(f"replica{_number}")
DATABASE_ROUTERS = ["ops.replicas.ReplicaRouter"]
# A replica behind the primary's publication state for longer than this serves nothing until it
# catches up (the primary answers meanwhile); checked at most every CHECK seconds per process.
ATLAS_REPLICA_MAX_LAG_SECONDS = env_int("ATLAS_REPLICA_MAX_LAG_SECONDS", 10, minimum=0)
ATLAS_REPLICA_CHECK_SECONDS = env_int("ATLAS_REPLICA_CHECK_SECONDS", 2, minimum=0)
# On PostgreSQL, the public side's frequent queries are prepared on each connection after this
# many executions, so that the database plans each once (public.statements); 0 turns it off, as
# a connection pooler in transaction mode that keeps no prepared statements (PgBouncer before
# 1.21) needs. Django's other queries are never prepared.
ATLAS_PREPARE_THRESHOLD = env_int("ATLAS_PREPARE_THRESHOLD", 5, minimum=0)
# On SQLite, an approval of this many records renews the planner's statistics of the published
# designations (designations.statistics); PostgreSQL's autovacuum does it there.
ATLAS_ANALYZE_AFTER_RECORDS = 1000

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

LOGIN_URL = "admin:login"

# Django refuses a request with more than 1,000 form fields (400). The largest real episode form
# (200 document links, 40 measures, its resolutions, purposes and consequences) posts about 2,500,
# so signed-in staff may post 20,000: room for a much larger record while still refusing a runaway
# post. Everybody else keeps Django's 1,000 (ops.formlimits.FormFieldLimitMiddleware): the
# public site and the API accept no writes (405) and the login form has four fields. The body
# stays capped by DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "ops.formlimits.FormFieldLimitMiddleware",
)
# Every query parameter and the path must be text (valid UTF-8, no NUL) before a view reads them:
# 400 naming the parameter otherwise (ops.textinput).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.common.CommonMiddleware"),
    "ops.textinput.TextInputMiddleware",
)

# The public site's pages and downloads: 405 to writes (before the CSRF check), ETag and
# Last-Modified from the publication state with 304s; gzip for public responses only, never for
# staff pages (public.http).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.csrf.CsrfViewMiddleware"),
    "public.http.PublicHttpMiddleware",
)
# Before it: public reads from a replica, so that a page's validators are the replica's too.
MIDDLEWARE.insert(
    MIDDLEWARE.index("public.http.PublicHttpMiddleware"), "ops.replicas.PublicReadsMiddleware"
)

# --- Domain rules -------------------------------------------------------------------------------

# A purpose of an episode counts as "effective" when both scores reach these thresholds.
# Every place that needs the rule calls assessments.rules.is_effective(); nothing else reads these.
ATLAS_EFFECTIVE_RULE = {
    "policy_outcome_min": env_int("ATLAS_EFFECTIVE_OUTCOME_MIN", 4, minimum=1),
    "sanctions_contribution_min": env_int("ATLAS_EFFECTIVE_CONTRIBUTION_MIN", 3, minimum=1),
}

# --- Production: HTTPS, security headers, static files, cache, login throttling ---------------
# (owned by ops; README "Deploying" documents every variable.) The defaults suit development and
# the tests (plain HTTP on 127.0.0.1); with DEBUG off and the production variables set,
# `manage.py check --deploy` reports nothing (tests/ops/test_deploy.py runs it).

# WhiteNoise serves static files straight after SecurityMiddleware, so HTTPS redirects come first.
# django-csp's middleware sits between the two: the Content-Security-Policy header is added to
# every response that does not set its own, the static files WhiteNoise answers included.
INSTALLED_APPS += ["csp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("csp.middleware.CSPMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)

# Behind a proxy that terminates TLS, name the header it sets (SECURE_PROXY_SSL_HEADER=
# X-Forwarded-Proto) so Django knows the request was HTTPS; the proxy must overwrite that header.
SECURE_PROXY_SSL_HEADER = env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
# A load balancer probes the backends over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
# Browsers keep Secure cookies on http://localhost and http://127.0.0.1, so this is on by default.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_origins("CSRF_TRUSTED_ORIGINS")

# The Content Security Policy (django-csp 4): only the project's own scripts and styles, no
# inline script or style anywhere. A view that needs another policy says so with django-csp's
# decorators (csp_update, csp_replace; none does today). CSP_REPORT_URI (optional) names where
# browsers report what the policy blocked.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
if env_str("CSP_REPORT_URI", ""):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [env_str("CSP_REPORT_URI")]

# Static files. STATIC_MANIFEST=1 (production, `make serve`): the files collected by
# `collectstatic`, with hashed names and compressed copies, cached for ever by browsers.
# Otherwise (development, tests): served by WhiteNoise straight from the apps' static folders,
# so nothing needs collecting.
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(STATIC_ROOT)))
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not STATIC_MANIFEST

# The cache holds the page and API response caches and the login throttle's counters.
# redis://HOST:PORT/DB is shared by every process and machine (`make serve` uses the local Redis
# when it answers); locmem:// is per process, file:///DIR per machine.
CACHES = {"default": parse_cache_url(env_str("CACHE_URL", "locmem://"))}
# The publication state (every public validator and cache key) is held in the cache and replaced
# when a change commits (editorial.state_cache), so that a cached response or a 304 reads no
# database: on by default where every process shares the cache (not locmem://, per process);
# never with read replicas. The seconds bound how long a state changed by hand stays cached.
ATLAS_STATE_CACHE_SECONDS = env_int(
    "ATLAS_STATE_CACHE_SECONDS",
    0 if CACHES["default"]["BACKEND"].endswith(".LocMemCache") else 300,
    minimum=0,
)
# When the cache does not answer, public pages read the database and cache nothing, and this
# process asks the cache again after this many seconds (config.cache).
ATLAS_CACHE_RETRY_SECONDS = env_int("ATLAS_CACHE_RETRY_SECONDS", 5, minimum=0)

# How many proxies in front of the app append to X-Forwarded-For (0: the socket's address).
# The API's rate limit, the login lockout and the logs all read the client's address by this
# one rule (ops.clientaddress).
NUM_PROXIES = env_int("NUM_PROXIES", 0, minimum=0)

# Failed logins at /admin/login/ (django-axes): after LOGIN_FAILURE_LIMIT failures an account
# (the username as typed) or a client address is locked for LOGIN_LOCK_SECONDS, even with the
# right password; each is counted on its own. The attempts are rows in the database, so every
# process and machine counts together. `manage.py axes_reset` unlocks everything
# (axes_reset_username, axes_reset_ip one of them); the lock is logged (ops.apps).
INSTALLED_APPS += ["axes"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(seconds=env_int("LOGIN_LOCK_SECONDS", 15 * 60, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "ops.clientaddress.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Unlocking is `manage.py axes_reset`; the attempts stay out of the admin.
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# --- end of the production block ----------------------------------------------------------------
# --- List imports (designations.importing) -----------------------------------------------------

# Every imported list file is archived here, named by its date and SHA-256 (see ImportRun).
ATLAS_IMPORT_ARCHIVE_DIR = Path(
    env_str("ATLAS_IMPORT_ARCHIVE_DIR", str(BASE_DIR / "var" / "imports"))
).resolve()
# Downloads of https:// sources: refuse files larger than this, and give up after this long.
ATLAS_IMPORT_MAX_BYTES = env_int("ATLAS_IMPORT_MAX_BYTES", 200 * 1024 * 1024, minimum=1)
ATLAS_IMPORT_TIMEOUT_SECONDS = env_int("ATLAS_IMPORT_TIMEOUT_SECONDS", 60, minimum=1)

# --- Public site ---------------------------------------------------------------------------------
# The home, statistics, list (with their filters and searches), episode and designation pages
# are cached until the next approval (public.site.listing.cached_until_next_approval). 0 turns
# the cache off.
ATLAS_PAGE_CACHE_SECONDS = env_int("ATLAS_PAGE_CACHE_SECONDS", 600, minimum=0)

# --- E-mail (editorial.notifications) -------------------------------------------------------------
# The workflow's e-mails link to the staff pages at this address (no trailing slash needed).
ATLAS_SITE_URL = env_str("ATLAS_SITE_URL", "http://127.0.0.1:8000")
# Development prints every e-mail on the console; production sends them over SMTP.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Sanctions Atlas <atlas@localhost>")

# --- Logging ------------------------------------------------------------------------------------

# LOG_FORMAT=json: one JSON object per line on stdout (config.log.JsonFormatter), with the extra
# fields of each record: the workflow's event, actor, change_request and objects; the request
# path of errors.
LOG_FORMAT = env_choice("LOG_FORMAT", "plain", ("plain", "json"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "config.log.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
        },
    },
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "LOG_LEVEL", "info", ("debug", "info", "warning", "error", "critical")
        ).upper(),
    },
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}

# --- Public REST API (/api/): DRF, OpenAPI schema, CORS, throttling ----------------------------
# Read-only, anonymous, over the published projections only (see editorial/api.py).

INSTALLED_APPS += ["corsheaders", "drf_spectacular", "drf_spectacular_sidecar"]
# CORS answers preflight requests itself, so it must run before CommonMiddleware.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.common.CommonMiddleware"),
    "corsheaders.middleware.CorsMiddleware",
)

# Requests per anonymous client (by IP address): "NUMBER/PERIOD" with PERIOD second, minute,
# hour or day; "off" when a reverse proxy limits the rate instead.
ATLAS_API_ANON_RATE = env_str("ATLAS_API_ANON_RATE", "120/minute").strip().lower()
if ATLAS_API_ANON_RATE == "off":
    ATLAS_API_ANON_RATE = None
elif not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", ATLAS_API_ANON_RATE):
    raise ImproperlyConfigured(
        f"ATLAS_API_ANON_RATE={ATLAS_API_ANON_RATE!r} is not a rate; use e.g. 120/minute, "
        "10/second, 5000/day, or off."
    )
# How long public caches (browsers, proxies) may reuse an API response without asking again.
ATLAS_API_CACHE_SECONDS = env_int("ATLAS_API_CACHE_SECONDS", 60, minimum=0)
# How long the API keeps a rendered JSON response in the cache (CACHES, per process unless a
# shared cache is configured). Entries are keyed by the latest approval, so they are never
# stale; 0 turns the cache off.
ATLAS_API_RESPONSE_CACHE_SECONDS = env_int("ATLAS_API_RESPONSE_CACHE_SECONDS", 600, minimum=0)

REST_FRAMEWORK = {
    # The API serves only published data, identically to everyone: no sessions, no CSRF.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["public.api.throttling.AnonymousRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "public.api.errors.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Sanctions Atlas public API",
    "DESCRIPTION": (
        "Read-only access to the approved data of Sanctions Atlas: UN sanctions regimes, "
        "episodes (with their effectiveness assessments), designations and assessments. "
        "Only what a reviewer approved is served; `as_of=YYYY-MM-DD` gives the data as published "
        "at the end of that day (UTC), and `/episodes/{slug}/versions/` every approved version. "
        "Lists are paged by cursor: follow `next` and `previous`. Every list is also available "
        "as CSV (`format=csv` or `Accept: text/csv`), complete and unpaged. Responses carry "
        "`ETag` and `Last-Modified`; send them back (`If-None-Match`, `If-Modified-Since`) to get "
        "`304 Not Modified`. Anonymous clients are rate-limited (`429` with `Retry-After`)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/",
    "COMPONENT_SPLIT_REQUEST": False,
    # The codebook as the field descriptions (after drf-spectacular's own enum hook).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "public.api.codebook_schema.describe",
    ],
    # One name per choice set that several public shapes share.
    "ENUM_NAME_OVERRIDES": {
        "DesignationKindEnum": "designations.models.Designation.Kind",
        "BirthDateKindEnum": "designations.models.BirthDate.Kind",
        "DocumentKindEnum": "episodes.models.EpisodeDocument.Kind",
        "PurposeEnum": "episodes.models.Purpose",
        "MeasureCategoryEnum": "episodes.models.MeasureCategory",
        "LevelEnum": "episodes.models.Level",
        "EffectivenessEnum": "episodes.models.Effectiveness",
    },
}

CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = ["accept", "if-none-match", "if-modified-since", "user-agent"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Content-Disposition"]
CORS_PREFLIGHT_MAX_AGE = 86400

# --- end of the public REST API block -----------------------------------------------------------
