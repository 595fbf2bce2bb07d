"""The regimes page's figures: every public regime, its timeline, and the world map on one day.

Built from the regimes' public documents (one query in the view) and the shipped map asset
(``episodes.worldmap``). The map is drawn here rather than with a mapping library because the
asset is already projected SVG path data: colouring a country is choosing a CSS class and a link,
and the page stays server-rendered, with no JavaScript and no request leaving the site.
"""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse

from episodes import worldmap
from episodes.models import regime_in_force_on
from public.site import charts
from public.templatetags.atlas import parse_day


@dataclass(frozen=True)
class RegimeRow:
    """One public regime, as the page lists it (from its published document)."""

    code: str
    short_name: str
    name: str
    committee: str
    established_by: str
    established_on: datetime.date | None
    terminated_by: str
    terminated_on: datetime.date | None
    target: str
    countries: tuple[str, ...]
    thematic: bool
    url: str

    @classmethod
    def from_document(cls, document: dict) -> "RegimeRow":
        return cls(
            code=document["code"],
            short_name=document.get("short_name") or document["code"],
            name=document.get("name") or document["code"],
            committee=document.get("committee") or "",
            established_by=document.get("established_by") or "",
            established_on=parse_day(document.get("established_on")),
            terminated_by=document.get("terminated_by") or "",
            terminated_on=parse_day(document.get("terminated_on")),
            target=document.get("target") or "",
            countries=tuple(document.get("target_countries") or ()),
            thematic=bool(document.get("thematic")),
            url=reverse("episodes:regime", args=[document["code"]]),
        )

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def country_free(self) -> bool:
        """Listed beside the map rather than on it: thematic, or with no country to colour."""
        return self.thematic or not self.countries

    def in_force_on(self, day: datetime.date) -> bool:
        return regime_in_force_on(self.established_on, self.terminated_on, day)


def rows(documents) -> list[RegimeRow]:
    """The regimes in the order they were established (undated ones last, by code)."""
    return sorted(
        (RegimeRow.from_document(document) for document in documents),
        key=lambda r: (r.established_on is None, r.established_on or datetime.date.min, r.code),
    )


def timeline(regimes: list[RegimeRow], today: datetime.date) -> charts.Timeline:
    """One lane per regime, one bar from its establishment to its end (or today)."""
    lanes = [
        charts.Lane(
            label=regime.label,
            url=regime.url,
            spans=[
                charts.Span(
                    label=regime.label,
                    url=regime.url,
                    start=regime.established_on,
                    end=regime.terminated_on,
                )
            ],
        )
        for regime in regimes
        if regime.established_on is not None
    ]
    return charts.timeline(lanes, today=today, row_height=34, bar_height=12, label_gap=18)


@dataclass
class MapCountry:
    iso3: str
    name: str
    d: str
    regimes: list[RegimeRow] = field(default_factory=list)

    @property
    def url(self) -> str:
        """The page of its regime (the first established, when several are in force)."""
        return self.regimes[0].url if self.regimes else ""

    @property
    def title(self) -> str:
        if not self.regimes:
            return self.name
        return f"{self.name}: " + "; ".join(regime.label for regime in self.regimes)


@dataclass
class RegimeMap:
    on: datetime.date
    width: int
    height: int
    countries: list[MapCountry]
    in_force: list[RegimeRow]  # every regime in force on the day, countries and thematic
    unmapped: list[str]  # target countries of regimes in force that the map has no shape for

    @property
    def targeted(self) -> list[MapCountry]:
        return sorted((c for c in self.countries if c.regimes), key=lambda c: c.name)

    @property
    def country_regimes(self) -> list[RegimeRow]:
        return [regime for regime in self.in_force if not regime.country_free]

    @property
    def thematic(self) -> list[RegimeRow]:
        return [regime for regime in self.in_force if regime.country_free]


def regime_map(regimes: list[RegimeRow], on: datetime.date) -> RegimeMap:
    """The world on ``on``: each country a regime in force then targets carries it."""
    shapes = worldmap.load()
    in_force = [regime for regime in regimes if regime.in_force_on(on)]
    countries = [MapCountry(c.iso3, c.name, c.d) for c in shapes.countries]
    by_code = {country.iso3: country for country in countries if country.iso3}
    unmapped = []
    for regime in in_force:
        for code in regime.countries:
            if code in by_code:
                by_code[code].regimes.append(regime)
            elif code not in unmapped:
                unmapped.append(code)
    return RegimeMap(
        on=on,
        width=shapes.width,
        height=shapes.height,
        countries=countries,
        in_force=in_force,
        unmapped=unmapped,
    )
