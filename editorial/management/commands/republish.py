"""Rebuild every published projection from its approved revision and report any difference.

There should never be one: a difference means a projection was written outside the workflow, or a
serializer or configurable label changed since approval. ``--write`` stores each rebuilt document
as a new public version (in the public history, "Rebuilt from the version approved on …").
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from editorial.publication import rebuild


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--write",
            action="store_true",
            help="Store each rebuilt document that differs as a new public version.",
        )

    def handle(self, *args, write=False, **options):
        with transaction.atomic():
            checked, differences = rebuild(write=write)
        for difference in differences:
            self.stdout.write(
                f"{difference.aggregate.label} {difference.key}: {difference.what} differ"
                + (" (rewritten)" if write else "")
            )
        if differences and not write:
            raise CommandError(
                f"{len(differences)} of {checked} published record(s) differ from their approved "
                "revision. Run with --write to store the rebuilt versions."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Checked {checked} published record(s): "
                + (f"{len(differences)} rewritten." if differences else "no difference.")
            )
        )
