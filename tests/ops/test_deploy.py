"""`manage.py check --deploy` is clean with the production variables of README "Deploying"."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

# The production variables, as README "Deploying" lists them.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "atlas.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://atlas.example.org",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "STATIC_MANIFEST": "1",
    "CACHE_URL": "redis://cache.internal:6379/0",
    "LOG_FORMAT": "json",
}


def check_deploy(tmp_path, **variables) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DATABASE_URL": f"sqlite:///{tmp_path}/check.sqlite3",
        **variables,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_the_production_variables(tmp_path):
    result = check_deploy(tmp_path, **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_check_deploy_names_what_is_missing_without_them(tmp_path):
    missing = {
        k: v
        for k, v in PRODUCTION.items()
        if k not in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "ALLOWED_HOSTS")
    }

    result = check_deploy(tmp_path, **missing)

    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W020"):
        assert warning in result.stderr + result.stdout


def test_the_api_schema_is_part_of_the_deploy_check_and_adds_no_warning():
    """drf-spectacular's deploy check generates the schema and turns each of its warnings into a
    check warning (drf_spectacular.W001/W002), which `--fail-level WARNING` above would fail."""
    from drf_spectacular.checks import schema_check
    from drf_spectacular.settings import spectacular_settings

    assert spectacular_settings.ENABLE_DJANGO_DEPLOY_CHECK
    assert schema_check(None) == []
