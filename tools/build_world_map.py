#!/usr/bin/env python3
"""Build the world map asset (``episodes/data/world-110m.json``) from Natural Earth country shapes.

    python tools/build_world_map.py                         # installs the npm packages itself
    python tools/build_world_map.py --node-modules DIR      # or uses an existing node_modules

Sources, both from the npm registry, installed into a temporary folder and removed afterwards:

* ``world-atlas`` (Natural Earth 1:110m admin-0 countries, public domain) as TopoJSON,
  ``countries-110m.json``; its country ids are ISO 3166-1 numeric codes.
* ``i18n-iso-countries`` for the table from numeric codes to ISO 3166-1 alpha-3 (the key the
  regimes' ``target_countries`` use) and the English country names.

The shapes are projected here, with no other dependency: the TopoJSON arcs are decoded (they are
quantised and delta-encoded) and every point goes through the Natural Earth I projection (the
polynomial d3-geo uses for ``geoNaturalEarth1``), scaled so the whole sphere fits 960 pixels wide,
then rounded to one decimal. Each country becomes one SVG path ``d`` string in that frame. Rings
that cross the antimeridian (Russia, Fiji) are cut there: their longitudes are unwrapped and each
piece is clipped to one copy of the [-180, 180] band and shifted back into it.

Three Natural Earth shapes have no ISO code. Somaliland and Northern Cyprus are drawn as part of
the country the UN recognises (Somalia, Cyprus); Kosovo is kept, with an empty code, so the map
has no hole, and no regime colours it.

The output is deterministic: running the script again with the same package versions gives the
same file byte for byte. Commit it with the script; never commit node_modules.
"""

import argparse
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGES = ["world-atlas@2.0.2", "i18n-iso-countries@7.14.0"]
WIDTH = 960
OUTPUT = Path(__file__).resolve().parents[1] / "episodes" / "data" / "world-110m.json"
# Natural Earth shapes without an ISO code, drawn with the country the UN recognises.
PART_OF = {"Somaliland": "706", "N. Cyprus": "196"}


def natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """Natural Earth I projection (Šavrič, Jenny, Patterson, Petrovič, Hurni 2011), unit sphere."""
    lam, phi = math.radians(lon), math.radians(lat)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (
        0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4))
    )
    y = phi * (
        1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4))
    )
    return x, y


def frame() -> tuple[float, float, int]:
    """Scale and the height that fit the whole sphere in WIDTH pixels."""
    x_max, _ = natural_earth(180, 0)
    _, y_max = natural_earth(0, 90)
    scale = WIDTH / (2 * x_max)
    return scale, y_max, math.ceil(2 * y_max * scale)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(points):
    """Longitudes made continuous: a step across the antimeridian never jumps by 360 degrees."""
    result = [points[0]]
    for lon, lat in points[1:]:
        previous = result[-1][0]
        while lon - previous > 180:
            lon -= 360
        while lon - previous < -180:
            lon += 360
        result.append((lon, lat))
    return result


def _clip(points, boundary: float, keep_below: bool):
    """Sutherland-Hodgman clipping of a ring against the meridian ``lon = boundary``."""

    def inside(point):
        return point[0] <= boundary if keep_below else point[0] >= boundary

    result = []
    for index, current in enumerate(points):
        previous = points[index - 1]
        if inside(current) != inside(previous):
            t = (boundary - previous[0]) / (current[0] - previous[0])
            result.append((boundary, previous[1] + t * (current[1] - previous[1])))
        if inside(current):
            result.append(current)
    return result


def split_at_antimeridian(points):
    """The ring as one or more rings within [-180, 180] longitude."""
    unwrapped = unwrap(points)
    lons = [lon for lon, _ in unwrapped]
    closed = abs(unwrapped[-1][0] - unwrapped[0][0]) < 1e-9
    if (min(lons) >= -180 and max(lons) <= 180) or not closed:
        return [points]  # within the band, or around a pole (Antarctica): drawn as it is
    pieces = []
    for shift in range(
        math.floor((min(lons) + 180) / 360), math.floor((max(lons) + 180) / 360) + 1
    ):
        low, high = -180 + 360 * shift, 180 + 360 * shift
        piece = _clip(_clip(unwrapped, high, keep_below=True), low, keep_below=False)
        if len(piece) >= 3:
            pieces.append([(lon - 360 * shift, lat) for lon, lat in piece])
    return pieces


def ring_path(points, scale: float, y_max: float) -> str:
    projected = []
    for lon, lat in points:
        x, y = natural_earth(lon, lat)
        point = (round(WIDTH / 2 + x * scale, 1), round((y_max - y) * scale, 1))
        if not projected or projected[-1] != point:
            projected.append(point)
    if len(projected) > 1 and projected[0] == projected[-1]:
        projected.pop()
    if len(projected) < 3:
        return ""
    text = "L".join(f"{_number(x)},{_number(y)}" for x, y in projected)
    return f"M{text}Z"


def _number(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def build(node_modules: Path) -> dict:
    topology = json.loads((node_modules / "world-atlas" / "countries-110m.json").read_text())
    codes = json.loads((node_modules / "i18n-iso-countries" / "codes.json").read_text())
    english = json.loads((node_modules / "i18n-iso-countries" / "langs" / "en.json").read_text())
    alpha3 = {numeric: three for _two, three, numeric, *_ in codes}
    names = {}
    for two, three, _numeric, *_ in codes:
        name = english["countries"].get(two)
        names[three] = name[0] if isinstance(name, list) else name
    arcs = decode_arcs(topology)
    scale, y_max, height = frame()
    countries: dict[str, dict] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        label = geometry.get("properties", {}).get("name", "")
        numeric = geometry.get("id") or PART_OF.get(label, "")
        code = alpha3.get(numeric, "")
        key = code or label
        d = "".join(
            ring_path(piece, scale, y_max)
            for polygon in polygons(geometry)
            for ring in polygon
            for piece in split_at_antimeridian(ring_points(ring, arcs))
        )
        entry = countries.setdefault(
            key, {"iso3": code, "numeric": numeric, "name": names.get(code) or label, "d": ""}
        )
        entry["d"] += d
    return {
        "source": "Natural Earth 1:110m admin-0 countries (public domain), via the npm package "
        f"{PACKAGES[0]}; ISO codes and English names from {PACKAGES[1]}. Generated by "
        "tools/build_world_map.py.",
        "projection": "Natural Earth I",
        "width": WIDTH,
        "height": height,
        "countries": sorted(
            countries.values(), key=lambda c: (c["iso3"] == "", c["iso3"], c["name"])
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--node-modules", type=Path, help="an existing node_modules holding the packages"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    if args.node_modules:
        asset = build(args.node_modules)
    else:
        with tempfile.TemporaryDirectory(prefix="world-map-") as folder:
            subprocess.run(
                [
                    "npm",
                    "install",
                    "--no-save",
                    "--no-audit",
                    "--no-fund",
                    "--prefix",
                    folder,
                    *PACKAGES,
                ],
                check=True,
            )
            asset = build(Path(folder) / "node_modules")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(asset, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(
        f"Wrote {args.output}: {len(asset['countries'])} countries, {args.output.stat().st_size:,} bytes."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
