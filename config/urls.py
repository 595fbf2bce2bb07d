from django.contrib import admin
from django.urls import include, path

from ops.health import healthz
from public.site.urls import designation_urlpatterns

admin.site.site_header = "Sanctions Atlas — research workspace"
admin.site.site_title = "Sanctions Atlas"
admin.site.index_title = "Working copy"

urlpatterns = [
    path("api/", include("public.api.urls")),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("review/", include("editorial.urls")),
    path("", include("public.site.urls")),
    path("designations/", include(designation_urlpatterns)),
]
