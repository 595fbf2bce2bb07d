"""Django's own error pages in development (DEBUG), readable under the site's CSP.

With DEBUG on, a 404 that no view of ours answers, and every 500, is Django's technical page,
styled (and, for a 500, scripted) inline: the site's policy blocks both, so the page shows
unstyled and the console fills with CSP errors. Those pages, and only with DEBUG on, get a policy
that allows their inline style and script and nothing else from anywhere. Production (DEBUG off)
never serves them.
"""

from django.conf import settings

from ops.csp import policy_header

DEBUG_PAGE_POLICY = policy_header(
    {
        "default-src": ["'none'"],
        "style-src": ["'unsafe-inline'"],
        "script-src": ["'unsafe-inline'"],
        "img-src": ["data:"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
)
# Both technical pages say so in these words (django/views/templates/technical_*.html).
MARKER = b"because you have <code>DEBUG = True</code>"


class DebugPagesPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code in (404, 500)
            and not response.streaming
            and MARKER in response.content
        ):
            response["Content-Security-Policy"] = DEBUG_PAGE_POLICY
        return response
