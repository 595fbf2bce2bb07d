"""Export the whole dataset (working copy, history, review, audit log, publications, users) to a
new directory: one JSON Lines file per table and a manifest (README "Backups")."""

from django.core.management.base import BaseCommand, CommandError

from ops import backup


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A new (or empty) directory to write to.")
        parser.add_argument(
            "--with-password-hashes",
            action="store_true",
            help="Include the users' password hashes, so that they can still sign in after a "
            "restore. The export then holds credentials: store it like a database dump. "
            "Without this, restored users need a new password (manage.py changepassword).",
        )

    def handle(self, *args, directory, with_password_hashes=False, **options):
        try:
            manifest = backup.export_dataset(directory, password_hashes=with_password_hashes)
        except backup.DatasetError as error:
            raise CommandError(str(error)) from None
        tables = [t for t in manifest["tables"] if t["role"] != "reference"]
        rows = sum(t["rows"] for t in tables)
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {rows} row(s) of {len(tables)} table(s) to {directory} "
                f"(format version {manifest['format_version']}, password hashes "
                f"{'included' if with_password_hashes else 'left out'})."
            )
        )
