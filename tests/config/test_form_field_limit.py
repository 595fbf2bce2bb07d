"""Signed-in staff may post forms of up to 20,000 fields (the largest episode); anybody else keeps
Django's default bound of 1,000."""

from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PREVIEW = reverse("admin:episodes_episode_markdown_preview")


def many_fields(count: int) -> dict[str, str]:
    return {f"field{n}": "x" for n in range(count)}


def test_anybody_else_posting_more_than_1000_fields_gets_400(anonymous_client):
    assert anonymous_client.post(LOGIN, many_fields(1001)).status_code == 400
    urlencoded = urlencode(many_fields(1001))
    response = anonymous_client.post(
        LOGIN, urlencoded, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400


def test_the_login_form_itself_still_works(anonymous_client, researcher):
    response = anonymous_client.post(
        LOGIN, {"username": "rita", "password": "correct horse battery staple", "next": "/admin/"}
    )
    assert response.status_code == 302


def test_staff_may_post_a_form_larger_than_django_s_default(researcher_client):
    response = researcher_client.post(PREVIEW, {"text": "**Large**", **many_fields(5000)})
    assert response.status_code == 200
    assert "<strong>Large</strong>" in response.content.decode()


def test_a_deactivated_staff_session_gets_the_default_bound(researcher_client, researcher):
    get_user_model().objects.filter(pk=researcher.pk).update(is_active=False)
    assert researcher_client.post(PREVIEW, many_fields(1001)).status_code == 400


def test_even_staff_are_refused_past_20000(researcher_client):
    assert researcher_client.post(PREVIEW, many_fields(20001)).status_code == 400
