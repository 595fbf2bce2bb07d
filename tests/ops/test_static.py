"""Static files through WhiteNoise: straight from the apps in development and tests (nothing to
collect), hashed and compressed from `collectstatic` with STATIC_MANIFEST=1 (production)."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_without_the_manifest_nothing_needs_collecting(anonymous_client, researcher_client):
    assert not settings.STATIC_MANIFEST
    page = researcher_client.get("/review/").content.decode()
    assert '<link rel="stylesheet" href="/static/editorial/review.css">' in page

    response = anonymous_client.get("/static/editorial/review.css")

    assert response.status_code == 200
    assert body(response) == (settings.BASE_DIR / "static/editorial/review.css").read_bytes()
    assert anonymous_client.get("/static/admin/css/base.css").status_code == 200


def test_with_the_manifest_collected_files_are_hashed_compressed_and_cached_for_ever(
    settings, tmp_path, researcher
):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = settings.WHITENOISE_AUTOREFRESH = False
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()
    client.force_login(researcher)

    page = client.get("/review/").content.decode()
    [url] = re.findall(r'href="(/static/editorial/review\.[0-9a-f]{12}\.css)"', page)
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response["Content-Encoding"] == "gzip"
    # The unhashed name is served too (briefly cached), for anything that links it directly.
    plain = client.get("/static/editorial/review.css")
    assert plain.status_code == 200
    assert plain["Cache-Control"] == "max-age=60, public"
