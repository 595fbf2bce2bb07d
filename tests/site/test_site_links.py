"""The addresses a browser asks for by itself, and the way between the site and its API."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from tests.factories import AssessmentFactory, DesignationFactory, EpisodeFactory, RegimeFactory
from tests.workflow import publish

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_the_site_s_icon(anonymous_client):
    response = anonymous_client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("site/favicon.svg")
    assert finders.find("site/favicon.svg")
    assert anonymous_client.post("/favicon.ico").status_code == 405


def test_the_api_documentation_links_back_to_the_site(anonymous_client):
    page = anonymous_client.get("/api/docs/").content.decode()
    assert '<a href="/">← Sanctions Atlas</a>' in page
    assert '<a href="/api/">API index</a>' in page


def test_the_api_index_is_a_page_for_a_browser_and_json_for_a_program(
    anonymous_client, django_assert_max_num_queries
):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    with django_assert_max_num_queries(0):
        page = anonymous_client.get("/api/", headers={"Accept": browser})
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert "Accept" in page["Vary"]
    html = page.content.decode()
    assert "<h1>Public API</h1>" in html
    for name in ("regimes", "episodes", "designations", "assessments"):
        assert f'<a href="http://testserver/api/{name}/">' in html
    assert 'href="/api/docs/"' in html

    for accept in ("application/json", "*/*", None):
        headers = {"Accept": accept} if accept else {}
        response = anonymous_client.get("/api/", headers=headers)
        assert response["Content-Type"] == "application/json", accept
        assert response.json()["episodes"] == "http://testserver/api/episodes/", accept


def test_content_pages_show_their_api_address_and_the_episode_its_csv(anonymous_client):
    regime = RegimeFactory(code="ZZ", short_name="Zedland", name="Republic of Zedland")
    episode = EpisodeFactory(regime=regime, number=3, slug="zz-ep-3")
    person = DesignationFactory(regime=regime, reference_number="ZZi.001")
    publish(regime, episode, person)
    publish(AssessmentFactory(episode=episode))

    pages = {
        "/episodes/zz-ep-3/": "/api/episodes/zz-ep-3/",
        "/episodes/zz-ep-3/versions/1/": "/api/episodes/zz-ep-3/versions/1/",
        "/designations/ZZi.001/": "/api/designations/ZZi.001/",
        "/designations/ZZi.001/versions/1/": "/api/designations/ZZi.001/versions/1/",
        "/regimes/ZZ/": "/api/regimes/ZZ/",
    }
    for page, api in pages.items():
        content = anonymous_client.get(page).content.decode()
        assert f'API address: <a href="{api}"><code>http://testserver{api}</code></a>' in content
        assert anonymous_client.get(api).status_code == 200, api
    episode_page = anonymous_client.get("/episodes/zz-ep-3/").content.decode()
    csv_url = "/assessments/?format=csv&episode=zz-ep-3"
    assert f'<a href="{csv_url.replace("&", "&amp;")}" download>Its assessments as CSV</a>' in (
        episode_page
    )
    rows = anonymous_client.get(csv_url)
    assert (
        b"".join(rows.streaming_content).decode().count("zz-ep-3") == 2
    )  # one row: its episode and its url


def test_the_citation_says_when_it_was_accessed_and_offers_a_copy_button(anonymous_client):
    regime = RegimeFactory(code="ZZ")
    publish(regime, EpisodeFactory(regime=regime, number=3, slug="zz-ep-3"))

    page = anonymous_client.get("/episodes/zz-ep-3/").content.decode()

    today = timezone.localdate()
    assert f"Accessed on {today.day} {today:%B %Y}.</p>" in page
    # Without JavaScript the button stays hidden and the citation is selectable text.
    assert '<button type="button" class="button" data-copy="cite-text" hidden>' in page
    assert '<p class="cite-text" id="cite-text">Sanctions Atlas.' in page
    assert finders.find("site/copy.js")
    css = Path(finders.find("site/site.css")).read_text()
    assert "serif" not in css.split(".cite-text {")[1].split("}")[0]  # the page's own font
