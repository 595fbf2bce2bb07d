"""Fixtures of the public API tests."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings):
    """Each test starts with no request counted against the anonymous rate limit."""
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    cache.clear()
    yield
    cache.clear()
