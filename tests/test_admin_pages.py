"""Every admin page a researcher or reviewer uses renders: lists, searches, change forms, history."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import AliasFactory, AssessmentFactory, DesignationFactory, EpisodeFactory

pytestmark = pytest.mark.django_db


def test_every_admin_page_renders_for_a_reviewer(demo, reviewer_client):
    EpisodeFactory(published=True)
    AssessmentFactory()
    DesignationFactory(vessel=True)
    checked = 0
    for model in admin.site._registry:
        meta = model._meta
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        listing = reviewer_client.get(reverse(f"{prefix}_changelist"))
        if listing.status_code == 403:
            assert meta.app_label == "auth"  # users and groups are for administrators
            continue
        assert listing.status_code == 200, meta.label
        obj = model._default_manager.first()
        if obj is None:
            continue
        for view in ("change", "history"):
            response = reviewer_client.get(reverse(f"{prefix}_{view}", args=[obj.pk]))
            assert response.status_code == 200, (meta.label, view)
        checked += 1
    assert checked >= 10


def test_researchers_find_designations_by_alias_and_filter_them(researcher_client):
    alias = AliasFactory(name="Jang Myong-Jin")
    DesignationFactory(name="SOMEONE ELSE")
    url = reverse("admin:designations_designation_changelist")
    page = researcher_client.get(url, {"q": "Myong-Jin"}).content.decode()
    assert alias.designation.name in page and "SOMEONE ELSE" not in page
    for params in ({"kind__exact": "vessel"}, {"in_force": "no"}, {"public_status": "draft"}):
        assert researcher_client.get(url, params).status_code == 200
