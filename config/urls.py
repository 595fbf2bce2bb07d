from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Sanctions Atlas — research workspace"
admin.site.site_title = "Sanctions Atlas"
admin.site.index_title = "Working copy"

urlpatterns = [
    path("api/", include("config.api")),
    path("admin/", admin.site.urls),
    path("review/", include("editorial.urls")),
    path("", include("episodes.urls")),
    path("designations/", include("designations.urls")),
]
