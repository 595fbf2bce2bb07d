"""How many individuals, entities and vessels of a regime were designated during an episode.

A designation is in force on day D when it was listed on or before D and not delisted on or before
D (``delisted_on`` is the first day it no longer applies). For an episode from START to END
(today while it is ongoing):

* current: in force on END;
* maximum: the most in force on any day from START to END.

Researchers see these beside the counts they coded (episodes admin); the same computation works
over the published projection for the public side (``published_counts``): this module is the
one in-force rule of the project (the admin, the episode and compare pages, the designation page's
episodes, the filters and the statistics use it).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from designations.models import Designation, PublishedDesignation

# The rule above in the words of the public codebook (episodes.codebook), kept beside the code.
RULE = (
    "A designation is in force on a day when it was listed on or before that day and not "
    "delisted on or before it (the delisting date is the first day it no longer applies). For an "
    "episode running from its start date to its end date (today while it is ongoing), the "
    "current count of each kind (individuals, entities, vessels) is the number of the regime's "
    "designations in force on the last day, and the maximum the largest number in force on any "
    "day of the episode. The atlas computes them from the published designations and shows "
    "them beside the counts the researcher coded."
)

KINDS = ("individual", "entity", "vessel")
PLURALS = {"individual": "individuals", "entity": "entities", "vessel": "vessels"}


@dataclass(frozen=True)
class KindCount:
    current: int
    maximum: int


def _period(start: datetime.date, end: datetime.date | None) -> tuple[datetime.date, datetime.date]:
    end = end or timezone.localdate()
    return start, max(start, end)


def count(rows, start: datetime.date, end: datetime.date) -> dict[str, KindCount]:
    """Counts per kind from (kind, listed_on, delisted_on) rows; pure, no database."""
    at_start = defaultdict(int)
    events: dict[str, dict[datetime.date, int]] = defaultdict(lambda: defaultdict(int))
    for kind, listed_on, delisted_on in rows:
        if listed_on > end or (delisted_on is not None and delisted_on <= start):
            continue  # never in force during the period
        if listed_on <= start:
            at_start[kind] += 1
        else:
            events[kind][listed_on] += 1
        if delisted_on is not None and delisted_on <= end:
            events[kind][delisted_on] -= 1
    result = {}
    for kind in KINDS:
        level = highest = at_start[kind]
        for _day, change in sorted(events[kind].items()):
            level += change
            highest = max(highest, level)
        result[kind] = KindCount(current=level, maximum=highest)
    return result


def in_force_between_q(start, end=None, prefix: str = "") -> Q:
    """In force at some time from ``start`` to ``end`` (``end`` None: to this day): listed by
    ``end`` and not delisted by ``start``."""
    condition = Q(**{f"{prefix}delisted_on__isnull": True}) | Q(
        **{f"{prefix}delisted_on__gt": start}
    )
    if end is not None:
        condition &= Q(**{f"{prefix}listed_on__lte": end})
    return condition


def in_force_on_q(day) -> Q:
    """In force at the end of ``day``: listed by then and not delisted by then."""
    return Q(listed_on__lte=day) & (Q(delisted_on__isnull=True) | Q(delisted_on__gt=day))


def episodes_overlapping_q(listed_on, delisted_on) -> Q:
    """Episodes (start_date, end_date) during which a designation listed on ``listed_on`` and
    delisted on ``delisted_on`` (None: still in force) was in force: the same rule seen from the
    episode's side."""
    condition = Q(end_date__isnull=True) | Q(end_date__gte=listed_on)
    if delisted_on is not None:
        condition &= Q(start_date__lt=delisted_on)
    return condition


def working_counts(regime_id: int, start, end=None) -> dict[str, KindCount]:
    """From the working copy (what researchers see in the admin), in one query."""
    start, end = _period(start, end)
    rows = Designation.objects.filter(
        in_force_between_q(start, end), regime_id=regime_id
    ).values_list("kind", "listed_on", "delisted_on")
    return count(rows, start, end)


def published_counts(regime_code: str, start, end=None) -> dict[str, KindCount]:
    """From the published projection only (what the public may see), in one query."""
    start, end = _period(start, end)
    rows = (
        PublishedDesignation.objects.public()
        .filter(in_force_between_q(start, end), regime_code=regime_code)
        .values_list("kind", "listed_on", "delisted_on")
    )
    return count(rows, start, end)


def published_counts_for(periods: dict) -> dict:
    """``published_counts`` of several periods ({key: (regime_code, start, end)}), one query."""
    if not periods:
        return {}
    spans = {key: (regime, *_period(start, end)) for key, (regime, start, end) in periods.items()}
    condition = Q()
    for regime, start, end in spans.values():
        condition |= Q(regime_code=regime) & in_force_between_q(start, end)
    rows = list(
        PublishedDesignation.objects.public()
        .filter(condition)
        .values_list("regime_code", "kind", "listed_on", "delisted_on")
    )
    return {
        key: count(
            [(kind, listed, delisted) for code, kind, listed, delisted in rows if code == regime],
            start,
            end,
        )
        for key, (regime, start, end) in spans.items()
    }


@dataclass(frozen=True)
class Comparison:
    kind: str
    coded_current: int | None
    computed_current: int
    coded_maximum: int | None
    computed_maximum: int

    @property
    def plural(self) -> str:
        return PLURALS[self.kind]

    @property
    def current_differs(self) -> bool:
        return self.coded_current is not None and self.coded_current != self.computed_current

    @property
    def maximum_differs(self) -> bool:
        return self.coded_maximum is not None and self.coded_maximum != self.computed_maximum

    @property
    def differs(self) -> bool:
        return self.current_differs or self.maximum_differs


def compare_with_coded(episode) -> list[Comparison]:
    """The episode's coded counts beside those computed from its regime's designations."""
    computed = working_counts(episode.regime_id, episode.start_date, episode.end_date)
    return [
        Comparison(
            kind=kind,
            coded_current=getattr(episode, f"current_{PLURALS[kind]}"),
            computed_current=computed[kind].current,
            coded_maximum=getattr(episode, f"max_{PLURALS[kind]}"),
            computed_maximum=computed[kind].maximum,
        )
        for kind in KINDS
    ]
