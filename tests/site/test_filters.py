"""The list pages' filter forms as a browser submits them: empty fields and impossible ranges."""

import html

import pytest

pytestmark = pytest.mark.django_db


def test_empty_fields_are_dropped_from_the_address_by_a_redirect(anonymous_client, many):
    redirects = {
        "/episodes/?regime=&purpose=constrain&q=": "/episodes/?purpose=constrain",
        "/designations/?q=&kind=&regime=&listed_after=": "/designations/",
        "/designations/?q=%20&kind=vessel&ordering=": "/designations/?kind=vessel",
        "/assessments/?purpose=coerce&regime=&page=2": "/assessments/?purpose=coerce&page=2",
        "/designations/?format=csv&kind=": "/designations/?format=csv",
    }
    for url, clean in redirects.items():
        response = anonymous_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == clean, url
    for url in ("/episodes/?purpose=constrain", "/designations/", "/designations/?kind=vessel"):
        assert anonymous_client.get(url).status_code == 200, url


def test_a_listing_range_that_ends_before_it_starts_is_refused_with_a_message(
    anonymous_client, many
):
    query = "listed_after=2020-01-01&listed_before=2019-01-01"
    message = (
        "listed_before (2019-01-01) is earlier than listed_after (2020-01-01): nothing can "
        "match. Swap the two dates, or leave one empty."
    )

    page = anonymous_client.get(f"/designations/?{query}")
    assert page.status_code == 400
    assert message in html.unescape(page.content.decode())
    download = anonymous_client.get(f"/designations/?{query}&format=csv")
    assert download.status_code == 400
    assert message in download.content.decode()
    api = anonymous_client.get(f"/api/designations/?{query}")
    assert api.status_code == 400
    assert message in str(api.json())
    # One day is a range too.
    same_day = "listed_after=2019-01-01&listed_before=2019-01-01"
    assert anonymous_client.get(f"/designations/?{same_day}").status_code == 200
    assert anonymous_client.get(f"/api/designations/?{same_day}").status_code == 200
