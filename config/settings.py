"""Settings for Sanctions Atlas, read from the environment.

One module for every environment: development, tests, CI and production differ only in the
environment variables below (documented in README.md, "Deploying"). A bad value stops the process
at start with a message naming the variable.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str, parse_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY to a long random value in production, "
            "or DEBUG=1 for development (which uses a fixed development key)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

LOGIN_URL = "admin:login"

# --- Domain rules -------------------------------------------------------------------------------

# A purpose of an episode counts as "effective" when both scores reach these thresholds.
# Every place that needs the rule calls assessments.rules.is_effective(); nothing else reads these.
ATLAS_EFFECTIVE_RULE = {
    "policy_outcome_min": env_int("ATLAS_EFFECTIVE_OUTCOME_MIN", 4, minimum=1),
    "sanctions_contribution_min": env_int("ATLAS_EFFECTIVE_CONTRIBUTION_MIN", 3, minimum=1),
}

# --- List imports (designations.importing) -----------------------------------------------------

# Every imported list file is archived here, named by its date and SHA-256 (see ImportRun).
ATLAS_IMPORT_ARCHIVE_DIR = Path(
    env_str("ATLAS_IMPORT_ARCHIVE_DIR", str(BASE_DIR / "var" / "imports"))
).resolve()
# Downloads of https:// sources: refuse files larger than this, and give up after this long.
ATLAS_IMPORT_MAX_BYTES = env_int("ATLAS_IMPORT_MAX_BYTES", 200 * 1024 * 1024, minimum=1)
ATLAS_IMPORT_TIMEOUT_SECONDS = env_int("ATLAS_IMPORT_TIMEOUT_SECONDS", 60, minimum=1)

# --- Logging ------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}
