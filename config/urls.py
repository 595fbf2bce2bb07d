from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.http import require_safe

from ops.health import healthz
from public.site.urls import designation_urlpatterns

admin.site.site_header = "Sanctions Atlas — research workspace"
admin.site.site_title = "Sanctions Atlas"
admin.site.index_title = "Working copy"


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever a page links: send them to the site's icon (its
    static address is looked up per request: the hashed name exists once collectstatic ran)."""
    return HttpResponsePermanentRedirect(static("site/favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("api/", include("public.api.urls")),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("review/", include("editorial.urls")),
    path("", include("public.site.urls")),
    path("designations/", include(designation_urlpatterns)),
]
