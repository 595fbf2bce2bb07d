"""``/api/``: the index of the API, as JSON for programs and as a page for a browser.

DRF's browsable API would render every endpoint with forms this read-only API does not need;
the index page only names the endpoints and links the documentation and the site.
"""

from django.utils.cache import patch_vary_headers
from rest_framework import routers
from rest_framework.renderers import JSONRenderer, TemplateHTMLRenderer


class IndexPageRenderer(TemplateHTMLRenderer):
    template_name = "public/api/index.html"

    def get_template_context(self, data, renderer_context):
        return {"endpoints": dict(data)}


class APIRootView(routers.APIRootView):
    """The endpoints of the public API (JSON); a browser asking for HTML gets a page of them."""

    # JSON first: a client that accepts anything (curl, scripts) keeps getting JSON.
    renderer_classes = [JSONRenderer, IndexPageRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Accept"])
        return response
