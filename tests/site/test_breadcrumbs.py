"""Breadcrumbs name a regime by its short name on every page; version pages keep its name."""

import lxml.html
import pytest

from tests.factories import EpisodeFactory, RegimeFactory
from tests.workflow import publish

pytestmark = pytest.mark.django_db


def _crumbs(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    tree = lxml.html.fromstring(response.content)
    return [li.text_content().strip() for li in tree.xpath("//nav[@aria-label='Breadcrumb']//li")]


def test_every_page_of_an_episode_names_its_regime_as_the_regime_page_does(anonymous_client):
    regime = RegimeFactory(code="ZZ", short_name="Zedland", name="Republic of Zedland")
    episode = EpisodeFactory(regime=regime, number=3, title="Zedland - EP 3", slug="zz-ep-3")
    publish(regime, episode)
    base = "/episodes/zz-ep-3/"

    assert _crumbs(anonymous_client, "/regimes/ZZ/") == ["Home", "Zedland"]
    assert _crumbs(anonymous_client, base) == ["Home", "Zedland", "Zedland - EP 3"]
    assert _crumbs(anonymous_client, f"{base}versions/1/") == [
        "Home",
        "Zedland",
        "Zedland - EP 3",
        "Version 1",
    ]
    assert _crumbs(anonymous_client, f"{base}history/") == [
        "Home",
        "Zedland",
        "Zedland - EP 3",
        "Change history",
    ]
    version = anonymous_client.get(f"{base}versions/1/").content.decode()
    assert "Republic of Zedland (ZZ)" in version
