"""The project's URLs plus one view that fails, to see how a server error is logged."""

from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def fail(request):
    raise RuntimeError("something broke")


urlpatterns = [path("boom/", fail), *project_urlpatterns]
