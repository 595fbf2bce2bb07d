from django.urls import path, re_path

from assessments import views as assessment_views
from episodes import views

app_name = "episodes"

urlpatterns = [
    path("", views.home, name="home"),
    path("regimes/<str:code>/", views.regime, name="regime"),
    path("episodes/", views.episode_list, name="list"),
    path("episodes/<slug:slug>/", views.episode_detail, name="detail"),
    path("episodes/<slug:slug>/history/", views.episode_history, name="history"),
    path("episodes/<slug:slug>/versions/<int:number>/", views.episode_version, name="version"),
    path("assessments/", assessment_views.assessment_list, name="assessments"),
    path("compare/", views.compare, name="compare"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("downloads/", views.downloads_page, name="downloads"),
    path("downloads/sanctions-atlas.zip", views.data_package, name="datapackage"),
    re_path(
        r"^downloads/(?P<name>[a-z_]+)\.(?P<fmt>csv|json)$",
        views.table_download,
        name="table_download",
    ),
]
