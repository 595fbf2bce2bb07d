"""The world map: Natural Earth country shapes as SVG paths, keyed by ISO 3166-1 alpha-3 code.

The shapes come from a generated static asset, ``episodes/data/world-110m.json`` (Natural Earth
1:110m countries, public domain, in the Natural Earth I projection, 960 pixels wide, coordinates
rounded to one decimal). To regenerate it from the npm registry's ``world-atlas`` package:

    python tools/build_world_map.py

and commit the new asset. This module only reads the asset: no request code, no database, so the
site can render the map server-side (an ``<svg viewBox="0 0 {width} {height}">`` with one
``<path d=…>`` per country) and tests can check regimes against it.
"""

import functools
import json
from dataclasses import dataclass
from pathlib import Path

ASSET = Path(__file__).resolve().parent / "data" / "world-110m.json"


@dataclass(frozen=True)
class Country:
    iso3: str  # "" for a shape without an ISO code (Kosovo in Natural Earth)
    name: str
    d: str  # SVG path data in the map's frame


@dataclass(frozen=True)
class WorldMap:
    width: int
    height: int
    projection: str
    source: str
    countries: tuple[Country, ...]

    @functools.cached_property
    def by_code(self) -> dict[str, Country]:
        return {country.iso3: country for country in self.countries if country.iso3}


@functools.cache
def load(path: Path = ASSET) -> WorldMap:
    """The map, read once per process."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return WorldMap(
        width=data["width"],
        height=data["height"],
        projection=data["projection"],
        source=data["source"],
        countries=tuple(
            Country(iso3=row["iso3"], name=row["name"], d=row["d"]) for row in data["countries"]
        ),
    )


def countries() -> list[Country]:
    """Every country with its path, in the asset's order (by ISO code)."""
    return list(load().countries)
