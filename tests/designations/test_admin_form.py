"""A designation's form shows the sections of its kind only (person or vessel)."""

import re

import pytest
from django.urls import reverse

from tests.factories import DesignationFactory

pytestmark = pytest.mark.django_db


def headings(page: str) -> list[str]:
    return [h.strip() for h in re.findall(r'<h2 id="[^"]*-heading"[^>]*>\s*([^<]+?)\s*</h2>', page)]


def change_page(client, designation) -> str:
    url = reverse("admin:designations_designation_change", args=[designation.pk])
    return client.get(url).content.decode()


def test_an_individual_has_the_person_sections_and_no_vessel(researcher_client):
    shown = headings(change_page(researcher_client, DesignationFactory()))
    assert "Person" in shown and "Dates of birth" in shown and "Identity documents" in shown
    assert "Vessel" not in shown


def test_a_vessel_has_the_vessel_section_and_no_person(researcher_client):
    shown = headings(change_page(researcher_client, DesignationFactory(vessel=True)))
    assert "Vessel" in shown
    assert "Person" not in shown and "Dates of birth" not in shown


def test_an_entity_has_neither(researcher_client):
    entity = DesignationFactory(kind="entity", reference_number="KPe.901", first_name="")
    shown = headings(change_page(researcher_client, entity))
    assert "Names" in shown and "Aliases" in shown
    assert "Person" not in shown and "Vessel" not in shown and "Places of birth" not in shown


def test_an_individual_saves_without_the_vessel_fields(researcher_client):
    from designations.models import Designation
    from tests.forms import form_data

    designation = DesignationFactory()
    url = reverse("admin:designations_designation_change", args=[designation.pk])
    data = form_data(researcher_client.get(url), "designation_form")
    assert "imo_number" not in data
    data.update(name="TEST PERSON RENAMED", change_reason="Renamed")
    assert researcher_client.post(url, data).status_code == 302
    assert Designation.objects.get(pk=designation.pk).name == "TEST PERSON RENAMED"


def test_the_add_form_has_every_section_marked_with_its_kind(researcher_client):
    page = researcher_client.get(reverse("admin:designations_designation_add")).content.decode()
    assert re.search(r'<fieldset class="module aligned kind-individual"', page)
    assert re.search(r'<fieldset class="module aligned kind-vessel"', page)
    assert re.search(r'<fieldset class="module kind-individual"', page)  # birth dates (inline)


def test_amendment_dates_may_be_typed_day_first(researcher_client):
    from designations.models import Designation
    from tests.forms import form_data

    designation = DesignationFactory()
    url = reverse("admin:designations_designation_change", args=[designation.pk])
    data = form_data(researcher_client.get(url), "designation_form")
    data.update(amended_on="22/12/2017\r\n2018-01-05", change_reason="Amendments")
    assert researcher_client.post(url, data).status_code == 302
    assert Designation.objects.get(pk=designation.pk).amended_on == ["2017-12-22", "2018-01-05"]
