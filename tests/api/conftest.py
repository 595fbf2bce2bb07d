"""Fixtures and helpers of the public API tests."""

import json

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def api_settings(settings):
    """Tests send hundreds of requests: no rate limit unless a test sets one (test_http.py)."""
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.ATLAS_API_ANON_RATE = None
    cache.clear()
    yield
    cache.clear()


def content(response) -> bytes:
    """The body, whether streamed (CSV) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def get_json(client, url, data=None, **headers):
    response = client.get(url, data or {}, headers=headers)
    assert response.status_code == 200, (url, response.status_code, content(response)[:500])
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)
