"""Settings come from the environment and a bad value stops the process, naming the variable."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import check_secret_key, env_bool, env_int, env_list, parse_database_url

ROOT = Path(__file__).resolve().parents[2]


def start(**env) -> subprocess.CompletedProcess:
    """Run `manage.py check` in a fresh process with exactly these settings variables."""
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = start(DEBUG="0")
    assert result.returncode != 0
    assert result.stderr.strip().startswith("ImproperlyConfigured: SECRET_KEY is not set.")


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("test-only-not-a-secret", "is 22 characters long, fewer than 50"),
        ("x" * 49, "is 49 characters long, fewer than 50"),
        ("abab" * 20, "has fewer than 5 different characters"),
        ("django-insecure-" + "k3j5h2g8f7d6s5a4q1w2e3r4t5y6u7i8o9p0zxcvbnm", "is a placeholder"),
        ("changeme-" + "k3j5h2g8f7d6s5a4q1w2e3r4t5y6u7i8o9p0zxcvbnm", "is a placeholder"),
        ("Secret-" + "k3j5h2g8f7d6s5a4q1w2e3r4t5y6u7i8o9p0zxcvbnm1234", "is a placeholder"),
        ("test-" + "k3j5h2g8f7d6s5a4q1w2e3r4t5y6u7i8o9p0zxcvbnm1234567", "is a placeholder"),
        ("production-key-not-a-secret-" + "k3j5h2g8f7d6s5a4q1w2e3r4t5y6u7", "is a placeholder"),
    ],
    ids=[
        "old-test-key",
        "short",
        "repetitive",
        "django-insecure",
        "changeme",
        "secret",
        "test",
        "not-a-secret",
    ],
)
def test_it_refuses_to_start_with_a_weak_secret_key_when_debug_is_off(key, problem):
    result = start(DEBUG="0", SECRET_KEY=key)

    assert result.returncode != 0
    [line] = result.stderr.strip().splitlines()  # one line, no traceback
    assert line.startswith(f"ImproperlyConfigured: SECRET_KEY {problem}")
    assert 'python -c "import secrets; print(secrets.token_urlsafe(50))"' in line
    assert key not in result.stderr, "the key itself is never printed"


def test_a_generated_key_starts_and_debug_accepts_any_key():
    generated = start(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL="sqlite:///:memory:",
    )
    assert generated.returncode == 0, generated.stderr
    development = start(DEBUG="1", SECRET_KEY="dev", DATABASE_URL="sqlite:///:memory:")
    assert development.returncode == 0, development.stderr


def test_the_test_suites_key_passes_the_check():
    # The Makefile's TEST_ENV sets it for every test run; pytest could not even start otherwise.
    check_secret_key(os.environ["SECRET_KEY"])


def test_debug_uses_a_development_key():
    result = start(DEBUG="1", DATABASE_URL="sqlite:///:memory:")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEBUG": "ture"}, "DEBUG"),
        ({"DEBUG": "1", "DATABASE_URL": "mysql://db/atlas"}, "DATABASE_URL"),
        ({"DEBUG": "1", "ALLOWED_HOSTS": "atlas.example.org,,www"}, "ALLOWED_HOSTS"),
        ({"DEBUG": "1", "ATLAS_EFFECTIVE_OUTCOME_MIN": "four"}, "ATLAS_EFFECTIVE_OUTCOME_MIN"),
    ],
)
def test_a_bad_value_stops_the_start_with_a_message_naming_the_variable(env, named):
    result = start(**env)
    assert result.returncode != 0
    assert f"{named}=" in result.stderr


def test_env_bool(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG", default=False) is True
    monkeypatch.setenv("FLAG", "off")
    assert env_bool("FLAG", default=True) is False
    monkeypatch.delenv("FLAG")
    assert env_bool("FLAG", default=True) is True
    monkeypatch.setenv("FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="FLAG='perhaps' is not a boolean"):
        env_bool("FLAG", default=False)


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("N", "0")
    with pytest.raises(ImproperlyConfigured, match="N='0' must be at least 1"):
        env_int("N", 3, minimum=1)
    monkeypatch.setenv("HOSTS", " a.org , b.org ")
    assert env_list("HOSTS", []) == ["a.org", "b.org"]


def test_database_urls():
    sqlite = parse_database_url("sqlite:///db.sqlite3", base_dir=Path("/srv/atlas"))
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3"
    assert sqlite["NAME"] == "/srv/atlas/db.sqlite3"
    assert (
        parse_database_url("sqlite:////var/lib/a.sqlite3", base_dir=Path("/x"))["NAME"]
        == "/var/lib/a.sqlite3"
    )
    pg = parse_database_url(
        "postgres://atlas:s%40cret@db.internal:5433/atlas?sslmode=require", base_dir=ROOT
    )
    assert pg["ENGINE"] == "django.db.backends.postgresql"
    assert (pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"], pg["NAME"]) == (
        "atlas",
        "s@cret",
        "db.internal",
        "5433",
        "atlas",
    )
    assert pg["OPTIONS"] == {"sslmode": "require"}
    for bad, message in [
        ("postgres://db.internal:5432/", "names no database"),
        ("postgres://db.internal:port/atlas", "port that is not a number"),
        ("sqlite://", "names no file"),
        ("oracle://x/y", "is not understood"),
    ]:
        with pytest.raises(ImproperlyConfigured, match=message):
            parse_database_url(bad, base_dir=ROOT)


def settings_of(code: str, **env) -> str:
    """Print ``code`` evaluated against the settings of a fresh process with this environment."""
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CACHE_URL"}}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings');"
            f" django.setup(); from django.conf import settings; print({code})",
        ],
        cwd=ROOT,
        env={**base, "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_postgresql_connections_persist_with_health_checks_by_default():
    code = "(settings.DATABASES['default']['CONN_MAX_AGE'], settings.DATABASES['default']['CONN_HEALTH_CHECKS'])"
    assert settings_of(code, DATABASE_URL="postgres://atlas@db.internal:5432/atlas") == "(60, True)"
    assert (
        settings_of(code, DATABASE_URL="postgres://atlas@db.internal:5432/atlas?conn_max_age=300")
        == "(300, True)"
    )
    assert (
        settings_of(code, DATABASE_URL="postgres://atlas@db.internal:5432/atlas?conn_max_age=0")
        == "(0, False)"
    )


def test_a_negative_conn_max_age_is_refused():
    with pytest.raises(ImproperlyConfigured, match="conn_max_age='-1' must be 0"):
        parse_database_url("postgres://db.internal:5432/atlas?conn_max_age=-1", base_dir=ROOT)
