"""Restoring a version touches one record and its own children, never the rest of its revision."""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from designations.models import Alias, Designation
from editorial import services
from editorial.models import AuditEvent
from episodes.models import Episode, PublishedEpisode
from tests.factories import AliasFactory, DesignationFactory, EpisodeFactory
from tests.forms import form_data
from tests.workflow import edit, publish

pytestmark = pytest.mark.django_db


def revision_url(obj, version):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_revision", args=[obj.pk, version.pk])


def save_together(objects, *, by, comment="Imported"):
    """One revision holding several records, as an import writes them."""
    with reversion.create_revision():
        reversion.set_user(by)
        reversion.set_comment(comment)
        for obj in objects:
            reversion.add_to_revision(obj)


def test_restoring_one_designation_leaves_the_others_of_its_import_alone(
    researcher_client, researcher
):
    first, second, third = (DesignationFactory() for _ in range(3))
    AliasFactory(designation=second, name="Second's alias")
    save_together([first, second, third], by=researcher)
    import_version = Version.objects.get_for_object(first).first()
    edit(first, by=researcher, narrative="First, later.")
    edit(second, by=researcher, narrative="Second, later.")
    AliasFactory(designation=second, name="Added to second since")
    AliasFactory(designation=first, name="Added to first since")
    edit(first, by=researcher, narrative="First, later still.")
    versions_of_second = Version.objects.get_for_object(second).count()

    url = revision_url(first, import_version)
    data = form_data(researcher_client.get(url), "designation_form")
    data["change_reason"] = "Back to the list's wording"
    assert researcher_client.post(url, data).status_code == 302

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.narrative == ""
    assert not first.aliases.exists()  # its own child added since is gone
    assert second.narrative == "Second, later."  # the rest of the import is untouched
    assert set(second.aliases.values_list("name", flat=True)) == {
        "Second's alias",
        "Added to second since",
    }
    assert Version.objects.get_for_object(second).count() == versions_of_second
    latest = Version.objects.get_for_object(first).first()
    assert latest.revision.comment == "Back to the list's wording"
    assert {v.object_id for v in latest.revision.version_set.all()} == {str(first.pk)}
    event = AuditEvent.objects.get(action="restored", object_id=str(first.pk))
    assert event.comment.startswith("Back to the list's wording")
    assert not AuditEvent.objects.filter(action="restored", object_id=str(second.pk)).exists()


def test_a_restore_goes_to_review_like_any_edit(researcher_client, researcher, reviewer):
    episode = EpisodeFactory(published=True)
    original = Version.objects.get_for_object(episode).last()
    edit(episode, by=researcher, narrative="A later narrative.")
    publish(episode, submitter=researcher, approver=reviewer)

    url = revision_url(episode, original)
    data = form_data(researcher_client.get(url), "episode_form")
    assert researcher_client.post(url, data).status_code == 302

    assert PublishedEpisode.objects.get(object_id=episode.pk).document["narrative"] == (
        "A later narrative."
    )
    change_request = services.submit_for_review([episode], by=researcher, comment="Restore")
    services.approve(change_request, by=reviewer)
    assert PublishedEpisode.objects.get(object_id=episode.pk).document["narrative"] == (
        "The original narrative of this episode."
    )


def test_a_restore_keeps_the_slug_of_a_published_episode_and_says_why(
    researcher_client, researcher
):
    episode = EpisodeFactory(slug="old-slug")
    services.ensure_versions([episode], by=researcher)
    old = Version.objects.get_for_object(episode).first()
    edit(episode, by=researcher, slug="cited-slug")
    publish(episode)

    url = revision_url(episode, old)
    page = researcher_client.get(url)
    assert "The slug stays “cited-slug”" in page.content.decode()
    assert "request its withdrawal from public view" in page.content.decode()
    response = researcher_client.post(url, form_data(page, "episode_form"), follow=True)

    assert response.status_code == 200
    assert Episode.objects.get(pk=episode.pk).slug == "cited-slug"
    assert "The slug stays “cited-slug”" in response.content.decode()


def test_a_restore_may_change_the_slug_of_a_record_never_published(researcher_client, researcher):
    episode = EpisodeFactory(slug="old-slug")
    services.ensure_versions([episode], by=researcher)
    old = Version.objects.get_for_object(episode).first()
    edit(episode, by=researcher, slug="draft-slug")

    url = revision_url(episode, old)
    assert researcher_client.post(url, form_data(researcher_client.get(url), "episode_form"))
    assert Episode.objects.get(pk=episode.pk).slug == "old-slug"


def test_approval_refuses_a_change_of_a_published_reference_number(researcher, reviewer):
    designation = DesignationFactory(published=True, reference_number="KPi.001")
    edit(designation, by=researcher, reference_number="KPi.999")  # e.g. by a script
    change_request = services.submit_for_review([designation], by=researcher)

    with pytest.raises(services.WorkflowError, match="withdrawal from public view"):
        services.approve(change_request, by=reviewer)
    assert Designation.objects.get(pk=designation.pk).reference_number == "KPi.999"


def test_recovering_a_deleted_designation_leaves_its_import_alone(researcher_client, researcher):
    first, second = DesignationFactory(), DesignationFactory()
    save_together([first, second], by=researcher)
    edit(second, by=researcher, narrative="Second, later.")
    first_pk = first.pk
    first.delete()
    deleted = Version.objects.get_deleted(Designation).get(object_id=str(first_pk))

    url = reverse("admin:designations_designation_recover", args=[deleted.pk])
    data = form_data(researcher_client.get(url), "designation_form")
    data["change_reason"] = "Deleted by mistake"
    response = researcher_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    assert Designation.objects.filter(pk=first_pk).exists()
    second.refresh_from_db()
    assert second.narrative == "Second, later."
    assert Alias.objects.count() == 0


def test_the_change_form_of_a_published_record_says_why_its_slug_is_fixed(researcher_client):
    episode = EpisodeFactory(published=True)
    url = reverse("admin:episodes_episode_change", args=[episode.pk])
    page = researcher_client.get(url).content.decode()
    assert "The slug cannot change: people cite it." in page
    assert 'name="slug"' not in page
