"""Atom feeds of approved changes: site-wide, per regime, per episode; read with feedparser and
checked against the Atom structure (RFC 4287) with lxml; a withdrawal says so and nothing more."""

import feedparser
import pytest
from lxml import etree

from editorial import services

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ("/changes.atom", "/regimes/KP/changes.atom", "/episodes/dprk-ep-8/changes.atom")


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    assert_atom(response.content)
    parsed = feedparser.parse(response.content)
    assert parsed.version == "atom10" and not parsed.bozo, parsed.get("bozo_exception")
    return response.content.decode(), parsed


def assert_atom(content: bytes):
    """RFC 4287: a feed has one id, title and updated; every entry an id, a title, an updated and
    a link; ids are unique."""
    root = etree.fromstring(content)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids))


def test_the_feeds_are_atom_and_list_approved_versions(demo, anonymous_client):
    _, site = read(anonymous_client, "/changes.atom")
    assert site.feed.title == "Sanctions Atlas: approved changes"
    # The 50 newest approvals, newest first (the demo approved its UN list last).
    assert len(site.entries) == 50
    updated = [entry.updated_parsed for entry in site.entries]
    assert updated == sorted(updated, reverse=True)
    assert all(", version " in entry.title for entry in site.entries)

    _, regime = read(anonymous_client, "/regimes/KP/changes.atom")
    links = [entry.link.removeprefix("http://testserver") for entry in regime.entries]
    # Only the regime's own records: the demo's UN list holds other regimes' designations, and
    # they are among the newest approvals site-wide.
    assert any(not e.link.startswith("http://testserver/designations/KP") for e in site.entries)
    assert links and all(link.startswith("/designations/KP") for link in links)

    _, one = read(anonymous_client, "/episodes/dprk-ep-8/changes.atom")
    assert [entry.title for entry in one.entries] == ["DPRK - EP 8, version 1"]
    assert one.entries[0].link == "http://testserver/episodes/dprk-ep-8/versions/1/"


def test_a_withdrawal_says_withdrawn_and_carries_none_of_the_withdrawn_content(
    demo, anonymous_client, researcher, reviewer
):
    services.approve(
        services.submit_for_review([demo], by=researcher, action="unpublish"), by=reviewer
    )
    for url in ("/changes.atom", "/regimes/KP/changes.atom", "/episodes/dprk-ep-8/changes.atom"):
        text, feed = read(anonymous_client, url)
        withdrawals = [entry for entry in feed.entries if "withdrawn" in entry.title]
        assert [entry.title for entry in withdrawals] == [
            "Episode dprk-ep-8 withdrawn from public view"
        ], url
        assert "withdrawn from public view after review" in withdrawals[0].summary
        assert withdrawals[0].link == "http://testserver/episodes/dprk-ep-8/history/"
        # Nothing of what was withdrawn: its title, summary, narrative, not its earlier versions.
        for withdrawn in ("DPRK - EP 8", demo.summary[:40], "Kim-Moon", "/dprk-ep-8/versions/"):
            assert withdrawn not in text, (url, withdrawn)


def test_every_page_announces_its_feeds(demo, anonymous_client):
    def alternates(url):
        page = anonymous_client.get(url).content.decode()
        head = page[: page.index("</head>")]
        return [
            line.split('href="')[1].split('"')[0]
            for line in head.splitlines()
            if 'rel="alternate" type="application/atom+xml"' in line
        ]

    assert alternates("/") == ["/changes.atom"]
    assert alternates("/designations/KPi.033/") == ["/changes.atom"]
    assert alternates("/regimes/KP/") == ["/changes.atom", "/regimes/KP/changes.atom"]
    for url in ("/episodes/dprk-ep-8/", "/episodes/dprk-ep-8/versions/1/"):
        assert alternates(url) == ["/changes.atom", "/episodes/dprk-ep-8/changes.atom"]


def test_unknown_feeds_are_not_found(db, anonymous_client):
    for url in (
        "/regimes/ZZ/changes.atom",
        "/episodes/no/changes.atom",
    ):
        assert anonymous_client.get(url).status_code == 404
    # A path holding NUL is no text: refused before any view (ops.textinput).
    assert anonymous_client.get("/regimes/%00/changes.atom").status_code == 400


def test_a_draft_never_reaches_a_feed(demo, anonymous_client):
    from tests.factories import EpisodeFactory

    EpisodeFactory(regime=demo.regime, slug="dprk-ep-99", title="UNAPPROVED-MARKER")
    for url in FEEDS:
        assert "UNAPPROVED-MARKER" not in read(anonymous_client, url)[0]
    assert anonymous_client.get("/episodes/dprk-ep-99/changes.atom").status_code == 404


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # the publication state (the validators), the approvals (one query with the visibility
        # rule as subqueries)
        ("/changes.atom", 2),
        # the regime behind the code (its row, or its history), the approvals
        ("/regimes/KP/changes.atom", 3),
        # the episode behind the slug, its approvals
        ("/episodes/dprk-ep-8/changes.atom", 3),
    ],
)
def test_feeds_run_a_fixed_number_of_queries(
    demo, anonymous_client, django_assert_max_num_queries, url, queries
):
    with django_assert_max_num_queries(queries):
        assert anonymous_client.get(url).status_code == 200
