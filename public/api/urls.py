"""URLs of the public read-only API, mounted at /api/ by config/urls.py.

One module per resource holds its viewsets; the shared plumbing is in viewsets.py, pagination.py,
schema.py and errors.py beside them.
"""

from django.urls import path, re_path
from django.views.generic import TemplateView
from rest_framework.routers import DefaultRouter

from public.api.analogies import AnalogyView
from public.api.assessments import AssessmentViewSet
from public.api.designations import DesignationViewSet
from public.api.episodes import EpisodeViewSet, RegimeViewSet
from public.api.errors import not_found
from public.api.root import APIRootView
from public.api.schema import SchemaView

app_name = "api"

router = DefaultRouter()
router.APIRootView = APIRootView
router.include_format_suffixes = False
router.register("regimes", RegimeViewSet, basename="regime")
router.register("episodes", EpisodeViewSet, basename="episode")
router.register("designations", DesignationViewSet, basename="designation")
router.register("assessments", AssessmentViewSet, basename="assessment")

urlpatterns = [
    # The schema changes only with the code: generated once per process (SchemaView).
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", TemplateView.as_view(template_name="public/api/docs.html"), name="docs"),
    path("analogies/", AnalogyView.as_view(), name="analogies"),
    *router.urls,
    re_path(r"", not_found),
]
