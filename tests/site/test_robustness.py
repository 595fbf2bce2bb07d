"""Whatever a reader types into the address bar, the site answers without a server error."""

import pytest

pytestmark = pytest.mark.django_db

NASTY = [
    "/designations/%00/",
    "/designations/KPi.033%00/",
    "/designations/%F0%9F%92%A3/",
    "/designations/" + "x" * 500 + "/",
    "/regimes/%00/",
    "/regimes/" + "K" * 300 + "/",
    "/episodes/?regime=%00",
    "/episodes/?active_from=0000-00-00",
    "/episodes/?active_to=99999-01-01",
    "/episodes/?page=-1",
    "/episodes/?page=99999999999999999999",
    "/episodes/?page=%00",
    "/episodes/?ordering=%00",
    "/designations/?q=%00",
    "/designations/?q=" + "%25" * 300,
    "/designations/?q=%27%22%3B--",
    "/designations/?nationality=%00",
    "/designations/?q=&q=a",
    "/assessments/?episode=%00",
    "/assessments/?min_policy_outcome=1e309",
    "/compare/?episodes=%00,dprk-ep-8",
    "/compare/?episodes=" + ",".join(["x"] * 200),
    "/compare/?episodes=,,,",
    "/episodes/?format=csv&regime=%00",
    "/episodes/dprk-ep-8/versions/0/",
    "/episodes/dprk-ep-8/versions/99999999999999999999/",
]


def test_no_address_gives_a_server_error(anonymous_client, demo):
    # One test over every address, so the demo loads once.
    errors = {url: anonymous_client.get(url).status_code for url in NASTY}
    assert {url: status for url, status in errors.items() if status >= 500} == {}
