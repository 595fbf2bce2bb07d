"""The Content Security Policy header of every response.

Django 5.2 has no built-in CSP. The policy lives in settings.CONTENT_SECURITY_POLICY (a dict of
directive → sources) and is sent on every response that does not already carry a policy, so a
view with special needs (none today) can set its own header instead.
"""

from django.conf import settings


def policy_header(policy: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([directive, *sources]) for directive, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    header = "Content-Security-Policy"

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = policy_header(settings.CONTENT_SECURITY_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header not in response:
            response[self.header] = self.policy
        return response
