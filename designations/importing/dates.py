"""A list's date is trusted only up to tomorrow.

Entries missing from a list are delisted as of its date, and a list older than the last one
imported is refused (it would undo what came since). So a list dated far ahead, by mistake or on
purpose, would make every genuine list after it look older and lock imports until the database is
edited by hand: it is refused, unless the operator confirms its date or gives its true one.
"""

import datetime

from django.utils import timezone

from designations.importing.errors import ImportRefused

# A list may be dated a little ahead of this machine's clock (time zones, a clock behind).
CLOCK_SKEW = datetime.timedelta(days=1)


def confirmed_date(
    list_date: datetime.date, accept_date: datetime.date | None, *, option: str = "--accept-date"
) -> tuple[datetime.date, str]:
    """The date to import the list as, and what to record if the operator overrode it.

    A list dated after tomorrow is refused: imported, it would make every genuine list that
    follows look older (and be refused as such). The operator may confirm the list's own date
    (this machine's clock is wrong) or give its true date (the list is mis-dated).
    """
    today = timezone.localdate()
    latest_plausible = today + CLOCK_SKEW
    if list_date <= latest_plausible:
        if accept_date is not None and accept_date != list_date:
            raise ImportRefused(
                f"{option} is only for a list dated after today; this one is dated "
                f"{list_date.isoformat()}: run again without {option}."
            )
        return list_date, ""
    if accept_date is None:
        raise ImportRefused(
            f"Refused: the list is dated {list_date.isoformat()}, after today "
            f"({today.isoformat()}) even allowing a day of clock skew; imported, it would make "
            "every later list look older. If the list is genuinely mis-dated, rerun with "
            f"{option} YYYY-MM-DD (its true date, or {list_date.isoformat()} to confirm it)."
        )
    if accept_date != list_date and accept_date > latest_plausible:
        raise ImportRefused(
            f"{option} {accept_date.isoformat()} is itself after today ({today.isoformat()}): "
            f"give the list's true date, or {list_date.isoformat()} to confirm its own."
        )
    return accept_date, (
        f"dated {list_date.isoformat()} in the file, after the day of the import "
        f"({today.isoformat()}); imported as of {accept_date.isoformat()} as confirmed "
        f"with {option}"
    )


def refuse_future_date(list_date: datetime.date) -> None:
    """For a date the operator gave (the vessel list's --date): no override, just correct it."""
    today = timezone.localdate()
    if list_date > today + CLOCK_SKEW:
        raise ImportRefused(
            f"Refused: --date {list_date.isoformat()} is after today ({today.isoformat()}); "
            "imported as of then, the list would make every later list look older. Give the "
            "list's true date."
        )
