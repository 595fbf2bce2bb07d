"""Migrations are complete: no model change lacks its migration."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_migrations_are_complete():
    # makemigrations --check exits with status 1 when a migration is missing.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_roles_are_created_by_migration():
    from django.contrib.auth.models import Group

    researchers = Group.objects.get(name="Researchers")
    reviewers = Group.objects.get(name="Reviewers")
    assert researchers.permissions.filter(codename="change_episode").exists()
    assert researchers.permissions.filter(codename="add_changerequest").exists()
    assert not researchers.permissions.filter(codename="review_changerequest").exists()
    assert reviewers.permissions.filter(codename="review_changerequest").exists()
    assert not researchers.permissions.filter(codename="change_unintendedconsequence").exists()
