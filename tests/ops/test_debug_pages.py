"""Django's technical 404 page, in development, is styled despite the site's CSP.

django-csp leaves Django's debug pages (a 404 or 500 with DEBUG on) without a policy, so their
inline style shows; with DEBUG off every page, error pages included, has the site's policy.
"""

import pytest

pytestmark = pytest.mark.django_db


def test_the_technical_404_of_development_may_use_its_inline_style(client, settings):
    settings.DEBUG = True
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"<style>" in response.content  # Django's own page, styled inline
    assert "Content-Security-Policy" not in response


def test_without_debug_every_error_page_keeps_the_site_s_policy(client, settings):
    settings.DEBUG = False
    for path in ("/no-such-page/", "/designations/NO.SUCH/"):
        response = client.get(path)
        assert response.status_code == 404
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy or "default-src 'none'" in policy
        assert "unsafe-inline" not in policy
