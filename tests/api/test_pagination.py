"""Cursor pages: every row exactly once, in order, forwards and backwards, under every ordering."""

import datetime

import pytest

from tests.factories import DesignationFactory, EpisodeFactory, RegimeFactory
from tests.workflow import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(db):
    """23 designations on 4 listing dates (ties), 9 episodes, 3 of them ongoing (NULL end)."""
    regime = RegimeFactory(code="KP")
    designations = [
        DesignationFactory(
            regime=regime,
            name=f"PERSON {index % 7}",  # names tie too
            listed_on=datetime.date(2016, 1 + index % 4, 1),
        )
        for index in range(23)
    ]
    episodes = [
        EpisodeFactory(
            regime=regime,
            start_date=datetime.date(2010 + index % 3, 1, 1),
            end_date=None if index % 3 == 0 else datetime.date(2020, 1 + index % 2, 1),
        )
        for index in range(9)
    ]
    publish(regime, *designations, *episodes)


def walk(client, url, key):
    """Follow ``next`` to the end, then ``previous`` back to the start."""
    forwards, pages = [], []
    page = client.get(url).json()
    while True:
        pages.append(page)
        forwards += [row[key] for row in page["results"]]
        if not page["next"]:
            break
        page = client.get(page["next"]).json()
    assert pages[0]["previous"] is None
    backwards = []
    while page["previous"]:
        page = client.get(page["previous"]).json()
        backwards = [row[key] for row in page["results"]] + backwards
    return forwards, backwards, pages


def ordered(values, *, reverse=False):
    present = [v for v in values if v is not None]
    return values == sorted(present, reverse=reverse) + [None] * (len(values) - len(present))


ORDERINGS = [
    # url, the row's identifier, whether the rows are in the order asked for
    ("/api/designations/?", "key", lambda rows: ordered([r["key"] for r in rows])),
    (
        "/api/designations/?ordering=-reference&",
        "key",
        lambda rows: ordered([r["key"] for r in rows], reverse=True),
    ),
    (
        "/api/designations/?ordering=listed&",
        "key",
        lambda rows: ordered([(r["listed_on"], r["key"]) for r in rows]),
    ),
    (
        "/api/designations/?ordering=-listed&",
        "key",
        lambda rows: ordered([r["listed_on"] for r in rows], reverse=True),
    ),
    ("/api/designations/?ordering=name&", "key", lambda rows: ordered([r["name"] for r in rows])),
    ("/api/episodes/?", "slug", lambda rows: ordered([(r["regime"], r["number"]) for r in rows])),
    ("/api/episodes/?ordering=end&", "slug", lambda rows: ordered([r["end_date"] for r in rows])),
    (
        "/api/episodes/?ordering=-end&",
        "slug",
        lambda rows: ordered([r["end_date"] for r in rows], reverse=True),
    ),
    (
        "/api/episodes/?ordering=-start,title&",
        "slug",
        lambda rows: (
            ordered([(r["start_date"], r["title"]) for r in rows], reverse=True)
            or ordered([r["start_date"] for r in rows], reverse=True)
        ),
    ),
]


def test_pages_hold_every_row_once_in_order_both_ways(rows, anonymous_client):
    for url, key, in_order in ORDERINGS:
        everything = anonymous_client.get(f"{url}page_size=1000").json()["results"]

        forwards, backwards, pages = walk(anonymous_client, f"{url}page_size=4", key)

        assert forwards == [row[key] for row in everything], url
        assert len(forwards) == len(set(forwards)) > 8, url
        assert backwards == forwards[: len(backwards)], url
        assert len(backwards) == len(forwards) - len(pages[-1]["results"]), url
        assert all(len(page["results"]) == 4 for page in pages[:-1]), url
        # In the order asked for, ties broken by a unique key, NULL end dates last both ways.
        assert in_order(everything), url


def test_rows_published_meanwhile_neither_repeat_nor_shift_the_pages(rows, anonymous_client):
    first = anonymous_client.get("/api/designations/", {"page_size": 5}).json()
    publish(DesignationFactory(regime=RegimeFactory(code="KP"), reference_number="KPa.000"))

    second = anonymous_client.get(first["next"]).json()

    seen = [row["key"] for row in first["results"]]
    assert not {row["key"] for row in second["results"]} & set(seen)
    assert second["results"][0]["key"] > seen[-1]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "eyJvIjogWyJrZXkiXX0"}, "cursor"),  # valid base64 JSON, wrong content
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "1001"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"page": "2"}, "page"),
    ],
)
def test_bad_paging_parameters_are_refused_with_a_message(db, anonymous_client, query, parameter):
    response = anonymous_client.get("/api/designations/", query)

    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_a_cursor_is_only_valid_with_the_ordering_it_was_made_for(rows, anonymous_client):
    page = anonymous_client.get("/api/designations/", {"page_size": 3, "ordering": "name"}).json()
    cursor = page["next"].split("cursor=")[1].split("&")[0]

    response = anonymous_client.get("/api/designations/", {"cursor": cursor, "ordering": "listed"})

    assert response.status_code == 400
    assert "cursor" in response.json()


def test_a_tampered_cursor_value_is_refused_not_a_server_error(db, anonymous_client):
    import base64
    import json

    for values in (["not-a-date", "KPi.900"], [2**70, "x"], [None, "x"], ["2016-01-01", "\x00"]):
        raw = json.dumps({"o": ["listed_on", "key"], "d": "after", "v": values}).encode()
        cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        response = anonymous_client.get(
            "/api/designations/", {"cursor": cursor, "ordering": "listed"}
        )
        assert response.status_code == 400, values
