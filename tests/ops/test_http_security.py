"""Security headers, HTTPS-only cookies, redirects to HTTPS, and staff pages that obey the CSP."""

from html.parser import HTMLParser

import pytest
from csp.decorators import csp_update
from csp.middleware import CSPMiddleware
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from reversion.models import Version

from editorial import services
from tests.workflow import edit

pytestmark = pytest.mark.django_db

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def policy(response) -> dict[str, str]:
    """The directives of the response's policy (django-csp orders them its own way)."""
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_every_page_carries_the_security_headers(anonymous_client, researcher_client):
    for client, url, status in (
        (anonymous_client, "/admin/login/", 200),
        (anonymous_client, "/healthz", 200),
        (anonymous_client, "/no-such-page/", 404),
        (researcher_client, "/review/", 200),
    ):
        response = client.get(url)
        assert response.status_code == status, url
        assert policy(response) == CSP, url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url


def test_session_and_csrf_cookies_are_https_only(anonymous_client, researcher):
    login_page = anonymous_client.get("/admin/login/")
    assert login_page.cookies["csrftoken"]["secure"]

    response = anonymous_client.post(
        "/admin/login/",
        {"username": "rita", "password": "correct horse battery staple", "next": "/admin/"},
    )

    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"]
    assert session["httponly"]


def test_plain_http_is_redirected_to_https_except_the_health_check(settings, anonymous_client):
    settings.SECURE_SSL_REDIRECT = True

    response = anonymous_client.get("/admin/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/admin/login/"
    assert anonymous_client.get("/healthz").status_code == 200


def test_a_tls_terminating_proxy_is_believed_through_its_header(settings, anonymous_client):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000

    response = anonymous_client.get("/admin/login/", HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    # Without the header, the same request is plain HTTP: redirected, and no HSTS.
    plain = anonymous_client.get("/admin/login/")
    assert plain.status_code == 301
    assert "Strict-Transport-Security" not in plain


def test_a_response_with_its_own_policy_keeps_it():
    def view(request):
        response = HttpResponse("special")
        response["Content-Security-Policy"] = "default-src 'none'"
        return response

    middleware = CSPMiddleware(view)
    response = middleware(RequestFactory().get("/"))

    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_a_view_can_widen_the_policy_with_django_csps_decorator():
    @csp_update({"img-src": ["https://tiles.example.org"]})
    def view(request):
        return HttpResponse("map")

    response = CSPMiddleware(view)(RequestFactory().get("/"))
    assert policy(response)["img-src"] == "'self' data: https://tiles.example.org"


@pytest.mark.parametrize(
    "path",
    [
        "/static/site/site.css",
        "/static/site/api-docs.js",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/admin/css/base.css",
    ],
)
def test_static_files_carry_the_policy_too(anonymous_client, path):
    # The finding: WhiteNoise answered before the CSP middleware, so static files had none.
    response = anonymous_client.get(path)
    assert response.status_code == 200
    assert policy(response) == CSP
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_policy_reports_where_the_settings_say(settings, anonymous_client):
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            **settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
            "report-uri": ["https://reports.example.org/csp"],
        }
    }
    response = anonymous_client.get("/admin/login/")
    assert policy(response) == {**CSP, "report-uri": "https://reports.example.org/csp"}


# --- the staff pages obey the policy -----------------------------------------------------------


class _InlineFinder(HTMLParser):
    """Everything in a page that `script-src 'self'; style-src 'self'` would block."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            if name == "style":
                self.problems.append(f"<{tag} style={value!r}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "style":
            self.problems.append("<style> block")
        if tag == "script":
            src = attrs.get("src")
            kind = attrs.get("type", "text/javascript")
            if src is None and kind not in ("application/json", "application/ld+json"):
                self._inline_script = True
            if src is not None and not src.startswith("/"):
                self.problems.append(f"<script src={src!r}> from another origin")
        stylesheet = tag == "link" and attrs.get("rel") == "stylesheet"
        if stylesheet and not attrs.get("href", "").startswith("/"):
            self.problems.append(f"<link href={attrs.get('href')!r}> from another origin")

    def handle_data(self, data):
        if self._inline_script and data.strip():
            self.problems.append(f"inline <script>: {data.strip()[:60]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inline_script = False


def inline_code(html: str) -> list[str]:
    finder = _InlineFinder()
    finder.feed(html)
    return finder.problems


def test_the_staff_pages_use_no_inline_script_or_style(demo, researcher, reviewer_client):
    """Admin, django-reversion and review pages: everything from files the CSP allows."""
    admin = get_user_model().objects.create_superuser("ada", password="a long admin password")
    edit(demo, by=researcher, narrative="A new narrative for review.")
    change_request = services.submit_for_review([demo], by=researcher)
    version = Version.objects.get_for_object(demo).first()
    designation = demo.regime.designations.first()
    assessment = demo.assessments.first()

    from django.test import Client

    admin_client = Client()
    admin_client.force_login(admin)
    pages = {
        reviewer_client: [
            "/admin/",
            "/admin/episodes/episode/",
            f"/admin/episodes/episode/{demo.pk}/change/",
            "/admin/episodes/episode/add/",
            f"/admin/episodes/episode/{demo.pk}/history/",
            f"/admin/episodes/episode/{demo.pk}/history/{version.pk}/",
            "/admin/episodes/episode/recover/",
            f"/admin/episodes/episode/{demo.pk}/request/publish/",
            f"/admin/designations/designation/{designation.pk}/change/",
            "/admin/designations/designation/?public_status=published",
            f"/admin/assessments/effectivenessassessment/{assessment.pk}/change/",
            "/admin/editorial/changerequest/",
            "/admin/editorial/auditevent/",
            "/admin/password_change/",
            reverse("editorial:queue"),
            reverse("editorial:request", args=[change_request.pk]),
        ],
        admin_client: [
            "/admin/auth/user/",
            f"/admin/auth/user/{admin.pk}/change/",
            "/admin/auth/user/add/",
            "/admin/auth/group/1/change/",
        ],
        Client(): ["/admin/login/"],
    }
    problems = {}
    for client, urls in pages.items():
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            found = inline_code(response.content.decode())
            if found:
                problems[url] = found
    assert problems == {}
