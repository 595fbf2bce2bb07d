"""Restore a dataset written by export_dataset into an empty, freshly migrated database.

Everything is checked first (format version, migration state, an empty database, each file's
SHA-256 and row count) and restored in one transaction: on any error nothing is written.
"""

from django.core.management.base import BaseCommand, CommandError

from ops import backup


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A directory written by export_dataset.")

    def handle(self, *args, directory, **options):
        try:
            manifest = backup.read_manifest(directory)
            counts = backup.import_dataset(directory)
        except backup.DatasetError as error:
            raise CommandError(str(error)) from None
        for table, rows in counts.items():
            if rows:
                self.stdout.write(f"{table}: {rows}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(counts.values())} row(s) of {len(counts)} table(s) exported on "
                f"{manifest['exported_at']}."
            )
        )
        if not manifest["password_hashes"]:
            self.stdout.write(
                "The export holds no password hashes: give each user who needs to sign in a "
                "new password (manage.py changepassword USERNAME)."
            )
