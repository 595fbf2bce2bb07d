from django.contrib import admin
from django.urls import include, path

from config.health import healthz
from editorial.security import ThrottledAdminLoginForm

admin.site.site_header = "Sanctions Atlas — research workspace"
admin.site.site_title = "Sanctions Atlas"
admin.site.index_title = "Working copy"
admin.site.login_form = ThrottledAdminLoginForm  # failed logins are slowed, then locked

urlpatterns = [
    path("api/", include("config.api")),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("review/", include("editorial.urls")),
    path("", include("episodes.urls")),
    path("designations/", include("designations.urls")),
]
