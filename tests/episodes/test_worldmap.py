"""The world map asset: complete for the regimes, small, and what its build script produces."""

import importlib.util
import re
from pathlib import Path

import pytest

from episodes import worldmap
from episodes.models import Regime

SCRIPT = Path(__file__).resolve().parents[2] / "tools" / "build_world_map.py"
PATH = re.compile(r"^(M-?\d+(\.\d)?,-?\d+(\.\d)?(L-?\d+(\.\d)?,-?\d+(\.\d)?)+Z)+$")


def build_script():
    spec = importlib.util.spec_from_file_location("build_world_map", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_every_regimes_target_country_is_on_the_map():
    codes = {code for regime in Regime.objects.all() for code in regime.target_country_codes}
    assert len(codes) > 25
    assert codes - set(worldmap.load().by_code) == set()


def test_the_asset_is_small_and_every_country_has_a_path():
    assert worldmap.ASSET.stat().st_size < 300_000
    world = worldmap.load()
    assert (world.width, world.height, world.projection) == (960, 500, "Natural Earth I")
    assert len(world.countries) > 170
    codes = [c.iso3 for c in world.countries if c.iso3]
    assert len(codes) == len(set(codes))
    for country in worldmap.countries():
        assert country.name and PATH.match(country.d), country.name
        assert country.iso3 == "" or re.fullmatch(r"[A-Z]{3}", country.iso3)
    assert world.by_code["PRK"].name == "North Korea"


def test_shapes_without_iso_code_join_the_country_the_un_recognises():
    names = {c.name for c in worldmap.countries()}
    assert "Somaliland" not in names and "N. Cyprus" not in names
    assert [c.name for c in worldmap.countries() if not c.iso3] == ["Kosovo"]


def test_the_projection_puts_the_sphere_in_960_by_500():
    script = build_script()
    assert script.natural_earth(0, 0) == (0, 0)
    scale, y_max, height = script.frame()
    assert height == 500
    x, _ = script.natural_earth(180, 0)
    assert round(script.WIDTH / 2 + x * scale, 6) == 960


def test_a_ring_across_the_antimeridian_is_cut_into_two():
    script = build_script()
    ring = [(170, 60), (-170, 60), (-170, 70), (170, 70)]
    pieces = script.split_at_antimeridian(ring)
    assert len(pieces) == 2
    for piece in pieces:
        lons = [lon for lon, _lat in piece]
        assert min(lons) >= -180 and max(lons) <= 180
        assert 180 in lons or -180 in lons
    assert script.split_at_antimeridian([(0, 0), (10, 0), (10, 10)]) == [
        [(0, 0), (10, 0), (10, 10)]
    ]
