"""URLs of the public read-only API, mounted at /api/ by config/urls.py.

Each app's ``api.py`` holds its viewsets; the shared plumbing is in editorial/api.py.
"""

from django.urls import path, re_path
from django.views.decorators.cache import cache_page
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from assessments.api import AssessmentViewSet
from designations.api import DesignationViewSet
from editorial.api import not_found
from episodes.api import EpisodeViewSet, RegimeViewSet

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("regimes", RegimeViewSet, basename="regime")
router.register("episodes", EpisodeViewSet, basename="episode")
router.register("designations", DesignationViewSet, basename="designation")
router.register("assessments", AssessmentViewSet, basename="assessment")

urlpatterns = [
    # The schema changes only with the code: generate it once an hour, not per request.
    path("schema/", cache_page(60 * 60)(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", TemplateView.as_view(template_name="api/docs.html"), name="docs"),
    *router.urls,
    re_path(r"", not_found),
]
