"""Django's technical 404 page, in development, is styled despite the site's CSP."""

import pytest

from ops.debug_pages import DEBUG_PAGE_POLICY

pytestmark = pytest.mark.django_db


def test_the_technical_404_of_development_may_use_its_inline_style(client, settings):
    settings.DEBUG = True
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"<style>" in response.content  # Django's own page, styled inline
    policy = response["Content-Security-Policy"]
    assert policy == DEBUG_PAGE_POLICY
    assert "style-src 'unsafe-inline'" in policy and "default-src 'none'" in policy


def test_every_other_page_keeps_the_site_s_policy(client, settings):
    settings.DEBUG = True
    ours = client.get("/designations/NO.SUCH/")  # a 404 of the site's own template
    assert ours.status_code == 404
    assert "unsafe-inline" not in ours["Content-Security-Policy"]
    settings.DEBUG = False
    plain = client.get("/no-such-page/")
    assert plain.status_code == 404
    assert "unsafe-inline" not in plain["Content-Security-Policy"]
