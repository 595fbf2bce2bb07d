"""SQL compiled once per shape (public.statements): the kept statement is what the ORM compiles,
for any values; what it cannot keep it compiles every time; the API's pages and details use it."""

import datetime

import pytest
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models.sql.compiler import SQLCompiler
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from designations.models import PublishedDesignation
from public import statements
from public.api.pagination import read_rows

pytestmark = pytest.mark.django_db

FIELDS = [PublishedDesignation._meta.get_field(name) for name in ("key", "listed_on", "object_id")]


def _build(values):
    key, listed_on, object_id = values
    queryset = PublishedDesignation.objects.public().filter(key__gt=key, object_id__lte=object_id)
    if listed_on is None:
        queryset = queryset.filter(listed_on__isnull=True)
    else:
        queryset = queryset.filter(listed_on__gte=listed_on)
    return queryset.order_by("key").values_list("key", "listed_on")[:10]


def _orm(build, values):
    return build(values).query.sql_with_params()


@pytest.fixture
def compiled(monkeypatch):
    """The models whose queries the ORM compiled."""
    models = []
    as_sql = SQLCompiler.as_sql

    def counted(self, *args, **kwargs):
        models.append(self.query.model)
        return as_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counted)
    return models


@examples(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    values=st.lists(
        st.tuples(
            st.text(max_size=12).filter(lambda text: "\x00" not in text),
            st.none() | st.dates(datetime.date(1000, 1, 1), datetime.date(9999, 12, 31)),
            st.integers(-(2**62), 2**62),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_kept_statement_is_the_orm_s_sql_for_any_values(values):
    statements.forget()
    for value in values:
        sql, params = _orm(_build, value)
        assert statements.sql("test", DEFAULT_DB_ALIAS, _build, value, FIELDS) == (
            sql,
            list(params),
        )


def test_a_shape_is_compiled_twice_then_never_again(compiled):
    statements.forget()
    first = ("KPi.001", datetime.date(2010, 1, 1), 5)
    statements.sql("test", DEFAULT_DB_ALIAS, _build, first, FIELDS)
    assert compiled.count(PublishedDesignation) == 2  # with sentinels, then checked

    compiled.clear()
    sql, params = statements.sql(
        "test", DEFAULT_DB_ALIAS, _build, ("KPe.002", datetime.date(2020, 5, 6), 9), FIELDS
    )
    assert compiled == []
    assert [param for param in params if param in ("KPe.002", 9)] == ["KPe.002", 9]

    # A NULL is another shape (IS NULL, not a parameter).
    statements.sql("test", DEFAULT_DB_ALIAS, _build, ("KPe.002", None, 9), FIELDS)
    assert compiled.count(PublishedDesignation) == 2


def test_a_transformed_value_is_not_kept_and_compiled_every_time(compiled):
    statements.forget()

    def by_name(values):
        return PublishedDesignation.objects.filter(name__icontains=values[0]).values_list("key")

    name = [PublishedDesignation._meta.get_field("name")]
    for text in ("kim", "golden eagle", "kim"):
        compiled.clear()
        assert list(statements.sql("name", DEFAULT_DB_ALIAS, by_name, [text], name)[1]) == list(
            _orm(by_name, [text])[1]
        )
        assert PublishedDesignation in compiled


def test_an_empty_query_reads_nothing(django_assert_num_queries):
    statements.forget()

    def nothing(values):
        return PublishedDesignation.objects.filter(pk__in=[]).values_list("key")

    for _ in range(2):
        with django_assert_num_queries(0):
            assert (
                read_rows(
                    statements.sql("none", DEFAULT_DB_ALIAS, nothing), DEFAULT_DB_ALIAS, None, []
                )
                == []
            )


@pytest.mark.parametrize(
    "url",
    [
        "/api/designations/",
        "/api/designations/?page_size=2",
        "/api/designations/KPi.033/",
        "/api/episodes/",
        "/api/episodes/dprk-ep-8/",
        "/api/regimes/",
        "/api/assessments/",
        "/api/designations/?as_of=2100-01-01",
        "/api/designations/KPi.033/versions/",
    ],
)
def test_the_api_compiles_a_list_page_or_a_detail_once(
    demo, anonymous_client, compiled, url, settings
):
    settings.ATLAS_API_RESPONSE_CACHE_SECONDS = 0
    first = anonymous_client.get(url)
    assert first.status_code == 200
    walked = [first.json()]
    while isinstance(walked[-1], dict) and walked[-1].get("next") and len(walked) < 4:
        walked.append(anonymous_client.get(walked[-1]["next"]).json())

    compiled.clear()
    again = [anonymous_client.get(url).json()]
    while isinstance(again[-1], dict) and again[-1].get("next") and len(again) < 4:
        again.append(anonymous_client.get(again[-1]["next"]).json())

    assert again == walked
    assert compiled == []  # the pages, the detail and the publication state: none compiled


def test_fetched_rows_have_the_values_the_orm_gives(demo):
    from django.contrib.contenttypes.models import ContentType

    from designations.models import Designation
    from editorial.models import PublicationRecord
    from public import selectors

    content_type = ContentType.objects.get_for_model(Designation)
    object_id = PublishedDesignation.objects.public().get(key="KPi.033").object_id
    columns = ["number", "action", "key", "approved_at", "summary", "reason", "document"]
    orm = list(
        PublicationRecord.objects.filter(content_type=content_type, object_id=object_id)
        .order_by("number")
        .values(*columns)
    )
    for _ in range(2):  # compiled, then kept
        history = selectors.history(content_type, object_id, with_documents=True)
        assert [{name: row[name] for name in columns} for row in history] == orm
        assert isinstance(history[0]["approved_at"], datetime.datetime)
        assert history[0]["approved_at"].tzinfo is not None
        assert isinstance(history[0]["document"], dict)
    assert selectors.known(content_type, "KPi.033").object_id == object_id
    assert selectors.known(content_type, "KPi.033").public


FILTERS = {
    "/api/designations/": {
        "kind": st.sampled_from(["individual", "entity", "vessel"]),
        "regime": st.sampled_from(["KP", "kp", "IR", "LY", "ZZ"]),
        "listed_after": st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 1, 1)),
        "listed_before": st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 1, 1)),
        "in_force": st.sampled_from(["true", "false"]),
        "active_from": st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 1, 1)),
        "active_to": st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 1, 1)),
        "nationality": st.sampled_from(["DPRK", "Iran", "korea"]),
        "ordering": st.sampled_from(["name", "-listed", "reference", "listed,-name"]),
        "page_size": st.sampled_from(["1", "2", "5"]),
    },
    "/api/episodes/": {
        "regime": st.sampled_from(["KP", "IR"]),
        "purpose": st.sampled_from(["coerce", "constrain", "signal"]),
        "ongoing": st.sampled_from(["true", "false"]),
        "active_from": st.dates(datetime.date(1990, 1, 1), datetime.date(2030, 1, 1)),
        "page_size": st.sampled_from(["1", "3"]),
    },
    "/api/assessments/": {
        "regime": st.sampled_from(["KP", "IR"]),
        "purpose": st.sampled_from(["coerce", "constrain", "signal"]),
        "effective": st.sampled_from(["true", "false"]),
        "min_policy_outcome": st.integers(1, 5),
        "episode": st.sampled_from(["dprk-ep-8", "dprk-ep-1", "nothing"]),
        "page_size": st.sampled_from(["1", "2"]),
    },
}


@st.composite
def filtered_urls(draw):
    path = draw(st.sampled_from(sorted(FILTERS)))
    names = draw(st.sets(st.sampled_from(sorted(FILTERS[path])), max_size=4))
    values = {name: str(draw(FILTERS[path][name])) for name in sorted(names)}
    return path + ("?" + "&".join(f"{k}={v}" for k, v in values.items()) if values else "")


def _compiled_every_time(shape, using, build, values=(), fields=()):
    """``statements.sql`` as if nothing were kept: the ORM compiles every query."""
    try:
        sql, params = build(values).query.sql_with_params()
    except EmptyResultSet:
        return None
    return sql, list(params)


@examples(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(urls=st.lists(filtered_urls(), min_size=1, max_size=3))
def test_a_filtered_list_walked_with_kept_statements_is_the_orm_s(
    demo, anonymous_client, settings, urls
):
    settings.ATLAS_API_RESPONSE_CACHE_SECONDS = 0
    settings.ATLAS_API_ANON_RATE = None  # hundreds of requests from one client

    def walk(url):
        pages = [anonymous_client.get(url)]
        while pages[-1].status_code == 200 and pages[-1].json().get("next") and len(pages) < 3:
            pages.append(anonymous_client.get(pages[-1].json()["next"]))
        return [(page.status_code, page.json()) for page in pages]

    for url in urls:  # the same shapes again and again, with other values
        kept = walk(url)
        assert all(status in (200, 400) for status, _ in kept), kept
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(statements, "sql", _compiled_every_time)
            assert walk(url) == kept, url


def test_a_shape_whose_sentinel_is_refused_is_compiled_every_time(compiled):
    statements.forget()

    def fussy(values):
        if values[0].startswith("\ue000"):
            raise ValueError("not a key")
        return PublishedDesignation.objects.filter(key=values[0]).values_list("key")

    key = [PublishedDesignation._meta.get_field("key")]
    for text in ("KPi.033", "KPi.034"):
        compiled.clear()
        assert statements.sql("fussy", DEFAULT_DB_ALIAS, fussy, [text], key)[1] == [text]
        assert PublishedDesignation in compiled


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


PREPARED_URLS = [
    "/api/designations/",
    "/api/designations/KPi.033/",
    "/api/episodes/?regime=KP",
    "/api/designations/KPi.033/versions/",
]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="prepared statements are PostgreSQL's; CI runs this in its PostgreSQL pass",
)
@pytest.mark.parametrize("threshold", [5, 0])
def test_on_postgresql_the_api_s_statements_are_prepared_after_five_runs(
    demo, anonymous_client, settings, threshold
):
    """PostgreSQL plans a kept statement once per connection instead of at every request (its
    planning cost more than its execution); ATLAS_PREPARE_THRESHOLD=0 turns that off, for a
    pooler that keeps no prepared statements. The answers are the same either way."""
    settings.ATLAS_API_RESPONSE_CACHE_SECONDS = 0
    settings.ATLAS_PREPARE_THRESHOLD = threshold
    # The connection outlives a test, and so do its prepared statements (earlier tests may have
    # prepared these): with preparation on, what counts is that they are there at the end; with
    # it off, that these requests prepared nothing new.
    before = set(_prepared_statements())
    answers = {url: [anonymous_client.get(url).json() for _ in range(7)] for url in PREPARED_URLS}
    after = set(_prepared_statements())

    for url, bodies in answers.items():
        assert all(body == bodies[0] for body in bodies), url
    if threshold:
        for table in (
            "designations_publisheddesignation",
            "episodes_publishedepisode",
            "editorial_publicationrecord",  # the versions
        ):
            assert any(f'FROM "{table}"' in statement for statement in after), table
        # Values bound on the server: the detail's key is a parameter, not a literal.
        assert any(
            'FROM "designations_publisheddesignation"' in statement and "$1" in statement
            for statement in after
        )
    else:
        assert after - before == set()
