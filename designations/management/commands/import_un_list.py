"""Import the UN Security Council consolidated list into the working copy (see designations.importing).

    python manage.py import_un_list SOURCE [--dry-run] [--submit --user NAME] [--allow-mass-delisting]
        [--accept-date YYYY-MM-DD]

SOURCE is a file path or an https:// address, e.g.
https://scsanctions.un.org/resources/xml/en/consolidated.xml
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from designations.importing import ImportRefused, import_un_list
from designations.importing.run import find_user


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--accept-date {text}: write the date as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Sync the UN Security Council consolidated list (XML, a path or an https:// address) into "
        "the working copy: new entries are added, changed ones amended, missing ones delisted. "
        "One revision; nothing is public until a reviewer approves it."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="Path or https:// address of the list (XML).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would change, and write nothing.",
        )
        parser.add_argument(
            "--submit",
            action="store_true",
            help="File one change request covering everything the import changed (needs --user).",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Who runs the import: recorded in the history; required with --submit.",
        )
        parser.add_argument(
            "--allow-mass-delisting",
            action="store_true",
            help="Go on even if more than 20 %% of the designations in force would be delisted.",
        )
        parser.add_argument(
            "--accept-date",
            metavar="YYYY-MM-DD",
            help="For a list dated after today (which is refused): import it as of this date, "
            "its true date, or its own date to confirm it. Recorded with the import.",
        )

    def handle(self, *args, **options):
        accept_date = _date(options["accept_date"]) if options["accept_date"] else None
        try:
            user = find_user(options["user"], required=options["submit"])
            outcome = import_un_list(
                options["source"],
                user=user,
                submit=options["submit"],
                dry_run=options["dry_run"],
                allow_mass_delisting=options["allow_mass_delisting"],
                accept_date=accept_date,
            )
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        for line in outcome.lines():
            self.stdout.write(line)
