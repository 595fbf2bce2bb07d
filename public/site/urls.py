"""URLs of the public website (the API's are in public/api/urls.py)."""

from django.urls import path, re_path
from django.views.decorators.http import require_safe

from public.exports import tables
from public.site import (
    analogies,
    assessments,
    citations,
    codebook,
    compare,
    designations,
    downloads,
    episodes,
    feeds,
    home,
    regimes,
    statistics_page,
)

app_name = "episodes"

urlpatterns = [
    path("", home.home, name="home"),
    path("regimes/", regimes.regime_list, name="regimes"),
    path("regimes/<str:code>/", regimes.regime, name="regime"),
    path("changes.atom", require_safe(feeds.ChangesFeed()), name="feed"),
    path(
        "regimes/<str:code>/changes.atom",
        require_safe(feeds.RegimeChangesFeed()),
        name="regime_feed",
    ),
    path(
        "episodes/<slug:slug>/changes.atom",
        require_safe(feeds.EpisodeChangesFeed()),
        name="episode_feed",
    ),
    path("episodes/", episodes.episode_list, name="list"),
    path("episodes/<slug:slug>/", episodes.episode_detail, name="detail"),
    path("episodes/<slug:slug>/episode.csv", episodes.episode_csv, name="episode_csv"),
    path(
        "episodes/<slug:slug>/episode-excel.csv",
        episodes.episode_csv,
        {"fmt": tables.EXCEL_CSV},
        name="episode_csv_excel",
    ),
    path("episodes/<slug:slug>/history/", episodes.episode_history, name="history"),
    path("episodes/<slug:slug>/versions/<int:number>/", episodes.episode_version, name="version"),
    re_path(
        r"^episodes/(?P<slug>[-a-zA-Z0-9_]+)/versions/(?P<number>[0-9]{1,10})/citation\.(?P<fmt>bib|ris|json|txt)$",
        citations.episode_citation,
        name="citation",
    ),
    path("assessments/", assessments.assessment_list, name="assessments"),
    path("compare/", compare.compare, name="compare"),
    path("analogies/", analogies.analogy_finder, name="analogies"),
    path("statistics/", statistics_page.statistics_page, name="statistics"),
    path("codebook/", codebook.codebook_page, name="codebook"),
    path("downloads/codebook.json", codebook.codebook_json, name="codebook_json"),
    path("downloads/codebook.md", codebook.codebook_markdown, name="codebook_markdown"),
    path("downloads/", downloads.downloads_page, name="downloads"),
    path("downloads/sanctions-atlas.zip", downloads.data_package, name="datapackage"),
    re_path(
        r"^downloads/(?P<name>[a-z_]+)\.(?P<fmt>csv|json)$",
        downloads.table_download,
        name="table_download",
    ),
    re_path(
        r"^downloads/(?P<name>[a-z_]+)-excel\.csv$",
        downloads.table_download,
        {"fmt": tables.EXCEL_CSV},
        name="table_download_excel",
    ),
]

designation_urlpatterns = (
    [
        path("", designations.designation_list, name="list"),
        path("<str:key>/", designations.designation_detail, name="detail"),
        path("<str:key>/history/", designations.designation_history, name="history"),
        path(
            "<str:key>/versions/<int:number>/",
            designations.designation_version,
            name="version",
        ),
        re_path(
            r"^(?P<key>[^/]+)/versions/(?P<number>[0-9]{1,10})/citation\.(?P<fmt>bib|ris|json|txt)$",
            citations.designation_citation,
            name="citation",
        ),
    ],
    "designations",
)
