"""Import the 1718 Committee's designated vessel list (CSV) into the working copy.

    python manage.py import_vessels FILE.csv [--date YYYY-MM-DD] [--dry-run]
        [--submit --user NAME] [--allow-mass-delisting]

See designations.importing.vessel_csv for the columns.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from designations.importing import ImportRefused, import_vessel_list
from designations.importing.run import find_user


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date {text}: write the list's date as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Sync the 1718 Committee's designated vessel list (CSV) into the working copy, keyed on "
        "IMO number: new vessels are added, changed ones amended, missing ones delisted."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="Path or https:// address of the vessel list (CSV).")
        parser.add_argument(
            "--date",
            metavar="YYYY-MM-DD",
            help="The date of the list (default: today); vessels missing from it are delisted "
            "on this date.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Write nothing.")
        parser.add_argument("--submit", action="store_true", help="File one change request.")
        parser.add_argument("--user", metavar="USERNAME", help="Required with --submit.")
        parser.add_argument("--allow-mass-delisting", action="store_true")

    def handle(self, *args, **options):
        list_date = _date(options["date"]) if options["date"] else None
        try:
            user = find_user(options["user"], required=options["submit"])
            outcome = import_vessel_list(
                options["source"],
                list_date=list_date,
                user=user,
                submit=options["submit"],
                dry_run=options["dry_run"],
                allow_mass_delisting=options["allow_mass_delisting"],
            )
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        for line in outcome.lines():
            self.stdout.write(line)
