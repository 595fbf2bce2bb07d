"""Typed readers for environment variables that fail loudly on bad values.

Every setting the project reads from the environment goes through one of these helpers, so a
typo in production ("DEBUG=ture", "DATABASE_URL=postgress://…") stops the process at start with a
message naming the variable instead of running with a silently wrong value.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(
            f"{name}={raw!r} has an empty entry; give a comma-separated list such as "
            "'atlas.example.org,www.atlas.example.org'."
        )
    return items


# Keys copied from a template, a tutorial or a test, never generated: words no random key of 50
# characters holds by chance anywhere, and common words it would hardly start with.
_PLACEHOLDER_WORDS = (
    "insecure",
    "changeme",
    "change-me",
    "change_me",
    "not-a-secret",
    "placeholder",
)
_PLACEHOLDER_STARTS = ("secret", "test", "dummy", "example", "replace", "your")
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 5
_GENERATE_KEY = 'python -c "import secrets; print(secrets.token_urlsafe(50))"'


def check_secret_key(value: str, *, name: str = "SECRET_KEY") -> None:
    """Refuse a key that is short, repetitive or a known placeholder (Django's own ``check
    --deploy`` limits, but at start, so that a weak key never serves a request)."""
    problem = None
    if len(value) < SECRET_KEY_MIN_LENGTH:
        problem = f"is {len(value)} characters long, fewer than {SECRET_KEY_MIN_LENGTH}"
    elif len(set(value)) < SECRET_KEY_MIN_DISTINCT:
        problem = f"has fewer than {SECRET_KEY_MIN_DISTINCT} different characters"
    elif _is_placeholder(value.strip().lower()):
        problem = "is a placeholder, not a generated key"
    if problem:
        raise ImproperlyConfigured(
            f"{name} {problem}: refused while DEBUG is off. Generate one with `{_GENERATE_KEY}`."
        )


def _is_placeholder(key: str) -> bool:
    return key.startswith(_PLACEHOLDER_STARTS) or any(word in key for word in _PLACEHOLDER_WORDS)


# PostgreSQL connections are kept this long (seconds) unless the URL says ?conn_max_age=N: a new
# connection per request costs more than most of the public pages do.
DEFAULT_CONN_MAX_AGE = 60


def parse_database_url(url: str, *, base_dir: Path, name: str = "DATABASE_URL") -> dict:
    """Turn ``sqlite:///path`` or ``postgres://user:pass@host:port/db`` into a DATABASES entry.

    PostgreSQL connections persist (``DEFAULT_CONN_MAX_AGE``, with Django's health check before
    reuse); ``?conn_max_age=0`` gives a connection per request, as Django's default.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        # sqlite:///relative.sqlite3 is relative to the project; sqlite:////abs/path is absolute.
        path = unquote(parts.path)
        if path.startswith("/"):
            path = path[1:]
        if not path:
            raise ImproperlyConfigured(
                f"{name}={url!r} names no file; use e.g. sqlite:///db.sqlite3 or sqlite:////var/lib/atlas.sqlite3."
            )
        file = Path(path) if Path(path).is_absolute() else base_dir / path
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(file),
            # Writers wait for each other instead of failing at once with "database is locked".
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    if scheme in {"postgres", "postgresql", "pgsql"}:
        db_name = unquote(parts.path.lstrip("/"))
        if not db_name:
            raise ImproperlyConfigured(
                f"{name}={url!r} names no database; use postgres://USER@HOST:5432/DBNAME."
            )
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"{name}={url!r} has a port that is not a number.") from None
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        conn_max_age = options.pop("conn_max_age", str(DEFAULT_CONN_MAX_AGE))
        try:
            conn_max_age_value = int(conn_max_age)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: conn_max_age={conn_max_age!r} is not a whole number of seconds."
            ) from None
        if conn_max_age_value < 0:
            raise ImproperlyConfigured(
                f"{name}: conn_max_age={conn_max_age!r} must be 0 (a connection per request) "
                "or more seconds."
            )
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": db_name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": conn_max_age_value,
            # A kept connection the server dropped is noticed and replaced, not an error page.
            "CONN_HEALTH_CHECKS": conn_max_age_value > 0,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(
        f"{name}={url!r} is not understood; use sqlite:///FILE or postgres://USER@HOST:PORT/DBNAME."
    )


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={raw!r} is not one of: {', '.join(choices)}.")
    return value


def env_origins(name: str) -> list[str]:
    """Comma-separated origins with their scheme, e.g. ``https://atlas.example.org``."""
    origins = env_list(name, [])
    for origin in origins:
        if not origin.startswith(("https://", "http://")) or origin.count("/") != 2:
            raise ImproperlyConfigured(
                f"{name}: {origin!r} is not an origin; write scheme and host without a path, "
                "e.g. https://atlas.example.org."
            )
    return origins


def env_proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """``X-Forwarded-Proto`` (the header a TLS-terminating proxy sets) → Django's setting value.

    Only set it when the proxy always overwrites that header: a client could otherwise claim
    HTTPS over plain HTTP.
    """
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return None
    header = raw.strip()
    if not all(part.isalnum() for part in header.split("-")):
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not an HTTP header name; use e.g. X-Forwarded-Proto."
        )
    return "HTTP_" + header.upper().replace("-", "_"), "https"


def parse_cache_url(url: str, *, name: str = "CACHE_URL") -> dict:
    """``redis://HOST:PORT/DB``, ``locmem://``, ``file:///abs/dir`` or ``db://table`` → a CACHES
    entry, each one of Django's built-in backends.

    ``redis://`` (or ``rediss://`` over TLS) is the cache every process and machine shares: page
    and API caches and the login throttle's counters (with the ``redis`` client package).
    ``locmem`` is per process; ``file://`` is shared by the processes of one machine.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": parts.netloc or "atlas",
        }
    if scheme == "file":
        path = unquote(parts.path)
        if not path.startswith("/") or parts.netloc:
            raise ImproperlyConfigured(
                f"{name}={url!r}: give an absolute directory, e.g. file:///var/cache/atlas."
            )
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": path}
    if scheme == "db":
        table = parts.netloc or parts.path.lstrip("/")
        if not table.replace("_", "").isalnum():
            raise ImproperlyConfigured(
                f"{name}={url!r}: give a table name, e.g. db://atlas_cache "
                "(create it with `manage.py createcachetable`)."
            )
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table}
    if scheme in {"redis", "rediss"}:
        try:
            parts.port  # noqa: B018 (validates the port)
        except ValueError:
            raise ImproperlyConfigured(f"{name}={url!r} has a port that is not a number.") from None
        database = parts.path.lstrip("/")
        if not parts.hostname or (database and not database.isdigit()):
            raise ImproperlyConfigured(
                f"{name}={url!r}: give a host and a database number, e.g. redis://127.0.0.1:6379/0."
            )
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            # A Redis that does not answer is given up quickly (config.cache: pages then read
            # the database), never waited for.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    raise ImproperlyConfigured(
        f"{name}={url!r} is not understood; use redis://HOST:PORT/DB, locmem://, file:///DIR "
        "or db://TABLE."
    )
