"""The production variables fail loudly on bad values, naming the variable."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_choice, env_origins, env_proxy_ssl_header, parse_cache_url


def test_cache_urls_name_djangos_built_in_backends():
    assert parse_cache_url("locmem://")["BACKEND"].endswith("LocMemCache")
    assert parse_cache_url("file:///var/cache/atlas") == {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": "/var/cache/atlas",
    }
    assert parse_cache_url("db://atlas_cache") == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "atlas_cache",
    }
    for bad, message in (
        ("file://relative/dir", "give an absolute directory"),
        ("db://no;such-table", "give a table name"),
        ("memcached://x", "is not understood"),
        ("redis://127.0.0.1:6379/zero", "give a host and a database number"),
    ):
        with pytest.raises(ImproperlyConfigured, match=message):
            parse_cache_url(bad)


def test_the_proxy_header_is_named_as_the_proxy_sends_it(monkeypatch):
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto")
    assert env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER") == ("HTTP_X_FORWARDED_PROTO", "https")
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto: https")
    with pytest.raises(ImproperlyConfigured, match="is not an HTTP header name"):
        env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER")
    monkeypatch.delenv("SECURE_PROXY_SSL_HEADER")
    assert env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER") is None


def test_trusted_origins_need_their_scheme_and_no_path(monkeypatch):
    monkeypatch.setenv("CSRF_TRUSTED_ORIGINS", "https://atlas.example.org,https://*.example.org")
    assert env_origins("CSRF_TRUSTED_ORIGINS") == [
        "https://atlas.example.org",
        "https://*.example.org",
    ]
    for bad in ("atlas.example.org", "https://atlas.example.org/admin"):
        monkeypatch.setenv("CSRF_TRUSTED_ORIGINS", bad)
        with pytest.raises(ImproperlyConfigured, match="CSRF_TRUSTED_ORIGINS: .* is not an origin"):
            env_origins("CSRF_TRUSTED_ORIGINS")


def test_a_choice_outside_the_list_is_refused(monkeypatch):
    monkeypatch.setenv("LOG_FORMAT", "JSON")
    assert env_choice("LOG_FORMAT", "plain", ("plain", "json")) == "json"
    monkeypatch.setenv("LOG_FORMAT", "yaml")
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT='yaml' is not one of: plain, json"):
        env_choice("LOG_FORMAT", "plain", ("plain", "json"))
