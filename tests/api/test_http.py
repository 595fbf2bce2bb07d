"""HTTP behaviour: read-only methods, caching and conditional requests, CORS, rate limit, formats,
errors, and the interactive documentation."""

import csv
import io

import pytest
from django.contrib.staticfiles import finders
from django.utils.http import http_date

from editorial import services
from editorial.models import ChangeRequest, PublicState
from public import selectors
from tests.api.conftest import content
from tests.factories import DesignationFactory, RegimeFactory
from tests.workflow import edit, publish

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/regimes/",
    "/api/regimes/KP/",
    "/api/episodes/",
    "/api/episodes/dprk-ep-8/",
    "/api/episodes/dprk-ep-8/versions/",
    "/api/episodes/dprk-ep-8/versions/1/",
    "/api/designations/",
    "/api/designations/KPi.033/",
    "/api/designations/KPi.033/versions/",
    "/api/assessments/",
]


def test_only_reading_methods_are_allowed(demo, anonymous_client):
    for url in ENDPOINTS:
        for method in ("post", "put", "patch", "delete"):
            response = getattr(anonymous_client, method)(url, {}, content_type="application/json")
            assert response.status_code == 405, (method, url)
            assert response["Allow"] == "GET, HEAD, OPTIONS"
        assert anonymous_client.head(url).status_code == 200, url
        assert anonymous_client.options(url).status_code == 200, url


def test_responses_carry_validators_and_may_be_cached_publicly(demo, anonymous_client, settings):
    settings.ATLAS_API_CACHE_SECONDS = 300
    record_time = ChangeRequest.objects.filter(status="approved").latest("decided_at").decided_at
    changed_at = PublicState.objects.get().changed_at

    for url in ENDPOINTS:
        response = anonymous_client.get(url)
        assert response["ETag"].startswith('"'), url
        # A whole second after the last change, and after every earlier one (the demo's
        # approvals come many a second): tests/public/test_public_state.py says why.
        assert response["Last-Modified"] == http_date(changed_at.timestamp()), url
        assert changed_at.timestamp() > record_time.timestamp(), url
        assert response["Cache-Control"] == "public, max-age=300", url
        assert "Accept" in response["Vary"], url


def test_a_client_revalidates_with_etag_or_date_and_gets_304(demo, anonymous_client):
    first = anonymous_client.get("/api/episodes/dprk-ep-8/")

    by_etag = anonymous_client.get(
        "/api/episodes/dprk-ep-8/", headers={"If-None-Match": first["ETag"]}
    )
    by_date = anonymous_client.get(
        "/api/episodes/dprk-ep-8/", headers={"If-Modified-Since": first["Last-Modified"]}
    )

    for response in (by_etag, by_date):
        assert response.status_code == 304
        assert response["ETag"] == first["ETag"]
        assert response["Cache-Control"].startswith("public")
    stale = anonymous_client.get("/api/episodes/dprk-ep-8/", headers={"If-None-Match": '"old"'})
    assert stale.status_code == 200


def test_an_approval_changes_the_etag_and_a_pending_edit_does_not(
    demo, anonymous_client, researcher
):
    before = anonymous_client.get("/api/designations/")["ETag"]
    person = DesignationFactory(regime=RegimeFactory(code="KP"), reference_number="KPi.500")
    edit(person, by=researcher, name="PENDING")
    services.submit_for_review([person], by=researcher)
    assert anonymous_client.get("/api/designations/")["ETag"] == before

    publish(person)

    response = anonymous_client.get("/api/designations/", headers={"If-None-Match": before})
    assert response.status_code == 200
    assert response["ETag"] != before
    assert anonymous_client.get("/api/designations/KPi.500/").status_code == 200


def test_json_and_csv_of_one_url_have_different_etags(demo, anonymous_client):
    as_json = anonymous_client.get("/api/designations/")
    as_csv = anonymous_client.get("/api/designations/", headers={"Accept": "text/csv"})

    assert as_csv["Content-Type"] == "text/csv; charset=utf-8"
    assert as_json["ETag"] != as_csv["ETag"]
    cached_json = anonymous_client.get(
        "/api/designations/", headers={"Accept": "text/csv", "If-None-Match": as_json["ETag"]}
    )
    assert cached_json.status_code == 200


def test_any_origin_may_read_the_api(demo, anonymous_client):
    response = anonymous_client.get("/api/episodes/", headers={"Origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]

    preflight = anonymous_client.options(
        "/api/episodes/",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"]

    website = anonymous_client.get("/admin/login/", headers={"Origin": "https://example.org"})
    assert "Access-Control-Allow-Origin" not in website


def test_anonymous_clients_are_rate_limited_with_retry_after(demo, anonymous_client, settings):
    settings.ATLAS_API_ANON_RATE = "3/minute"

    statuses = [anonymous_client.get("/api/regimes/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    limited = anonymous_client.get("/api/episodes/dprk-ep-8/")
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 60
    assert limited.json()["detail"].startswith("Request was throttled")
    # Another client (address) is not affected.
    other = anonymous_client.get("/api/regimes/", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


def test_unknown_urls_under_api_answer_json_404_and_missing_slashes_redirect(
    demo, anonymous_client
):
    for url in ("/api/nothing/", "/api/episodes/dprk-ep-8/extra/", "/api/episodes/a%2Fb/"):
        response = anonymous_client.get(url)
        assert response.status_code == 404, url
        assert response.json() == {"detail": "Not found."}

    response = anonymous_client.get("/api/episodes/dprk-ep-8?as_of=2030-01-01")
    assert response.status_code == 301
    assert response["Location"] == "/api/episodes/dprk-ep-8/?as_of=2030-01-01"


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/episodes/?regime=K1", "regime"),
        ("/api/episodes/?purpose=bribe", "purpose"),
        ("/api/episodes/?ongoing=maybe", "ongoing"),
        ("/api/episodes/?active_from=2020-02-30", "active_from"),
        ("/api/episodes/?ordering=color", "ordering"),
        ("/api/designations/?kind=ship", "kind"),
        ("/api/designations/?listed_after=tomorrow", "listed_after"),
        ("/api/designations/?in_force=2", "in_force"),
        ("/api/designations/?q=" + "x" * 201, "q"),
        ("/api/assessments/?min_policy_outcome=6", "min_policy_outcome"),
        ("/api/assessments/?effective=perhaps", "effective"),
        ("/api/regimes/?regime=KP", "regime"),
        ("/api/episodes/?colour=red", "colour"),
        ("/api/episodes/dprk-ep-8/?purpose=coerce", "purpose"),
        ("/api/episodes/dprk-ep-8/versions/?as_of=2020-01-01", "as_of"),
        ("/api/episodes/?format=xml", "format"),
        ("/api/episodes/?format=", "format"),
        ("/api/episodes/dprk-ep-8/?format=csv", "format"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(db, anonymous_client, url, parameter):
    response = anonymous_client.get(url)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == [parameter]
    assert all(isinstance(message, str) for message in response.json()[parameter])


def test_filters_select_rows(demo, anonymous_client):
    def keys(url):
        return [row["key"] for row in anonymous_client.get(url).json()["results"]]

    assert keys("/api/designations/?kind=vessel&regime=kp") == ["8705539"]
    assert keys("/api/designations/?q=ocean+maritime") == ["KPe.020"]
    # The 16 individuals resolution 2397 (2017) listed and the one of 30 March 2018.
    since = keys("/api/designations/?listed_after=2017-12-22&kind=individual&regime=KP")
    assert since == [f"KPi.{n:03d}" for n in range(64, 81)]
    rows = anonymous_client.get("/api/episodes/?regime=KP&purpose=coerce&category=commodity")
    assert [row["slug"] for row in rows.json()["results"]] == [
        f"dprk-ep-{n}" for n in (1, 3, 4, 5, 6, 7, 8)
    ]
    ended = anonymous_client.get("/api/episodes/?ongoing=false").json()["results"]
    assert [row["slug"] for row in ended] == [f"dprk-ep-{n}" for n in range(1, 8)]
    # Empty values mean "no filter", as on the website's forms.
    assert keys("/api/designations/?kind=&q=&ordering=,") == keys("/api/designations/")
    effective = anonymous_client.get("/api/assessments/?effective=true").json()["results"]
    assert all(row["effective"] for row in effective)


def test_csv_is_streamed_and_neutralises_spreadsheet_formulas(demo, anonymous_client):
    regime = RegimeFactory(code="KP")
    publish(
        DesignationFactory(regime=regime, reference_number="KPi.801", name="=HYPERLINK(1)"),
        DesignationFactory(regime=regime, reference_number="KPi.802", name="+1+1"),
        DesignationFactory(regime=regime, reference_number="KPi.803", name="-2"),
        DesignationFactory(regime=regime, reference_number="KPi.804", name="@SUM(A1)"),
    )

    response = anonymous_client.get("/api/designations/", {"format": "csv"})

    assert response.streaming
    day = selectors.last_approval().date().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="sanctions-atlas-designations-{day}.csv"'
    )
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(content(response).decode()))}
    assert rows["KPi.801"]["name"] == "'=HYPERLINK(1)"
    assert rows["KPi.802"]["name"] == "'+1+1"
    assert rows["KPi.803"]["name"] == "'-2"
    assert rows["KPi.804"]["name"] == "'@SUM(A1)"
    assert rows["KPi.033"]["name"] == "RI WON HO"
    assert rows["KPi.033"]["version"] == "1"


def test_the_interactive_documentation_is_served_from_our_own_static_files(anonymous_client):
    response = anonymous_client.get("/api/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    for asset in (
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css",
        "site/api-docs.js",
    ):
        assert f"/static/{asset}" in page
        assert finders.find(asset), asset
    assert 'data-schema-url="/api/schema/?format=json"' in page
    assert "//cdn" not in page and "unpkg" not in page


def test_the_schema_is_served_as_openapi_yaml_or_json(anonymous_client):
    as_yaml = anonymous_client.get("/api/schema/")
    as_json = anonymous_client.get("/api/schema/", {"format": "json"})

    assert as_yaml.status_code == as_json.status_code == 200
    assert as_yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    assert as_yaml.content.startswith(b"openapi: 3.")
    assert as_json.json()["info"]["title"] == "Sanctions Atlas public API"


def test_head_of_a_csv_list_sends_its_headers_without_reading_the_rows(
    demo, anonymous_client, django_assert_num_queries
):
    # 1. publication state (the rows are not read for HEAD)
    with django_assert_num_queries(1):
        response = anonymous_client.head("/api/designations/", {"format": "csv"})
        body = content(response)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body == b""
