"""Country outlines, projection and clipping: places land where they are."""

from __future__ import annotations

import json

import pytest

from build_tools.rendering.geo.outlines import (
    DATA_FILE,
    Box,
    World,
    country_contains,
    load_world,
    parse_world,
    ring_contains,
    thinned,
)
from build_tools.rendering.geo.projection import Projection, clip_ring, distance_km, fit
from build_tools.rendering.geo.regenerate_outlines import build_outlines, decode_arcs, simplify

# (longitude, latitude), as briefings/locations.yml has them (there: latitude first)
DAMASCUS = (36.29, 33.51)
PALMYRA = (38.28, 34.56)
AL_TANF = (38.94, 33.43)
RAMADI = (43.30, 33.42)
BAGHDAD = (44.37, 33.32)


@pytest.fixture(scope="module")
def world() -> World:
    return load_world()


@pytest.fixture(scope="module")
def region() -> Projection:
    return fit([DAMASCUS, PALMYRA, AL_TANF, RAMADI, BAGHDAD])


def test_the_outlines_file_is_small_and_says_where_it_comes_from(world: World) -> None:
    assert DATA_FILE.stat().st_size < 400_000
    assert "Natural Earth" in world.source
    readme = (DATA_FILE.parent / "README.md").read_text(encoding="utf-8")
    for fact in ("world-atlas", "2.0.2", "public domain", "make outlines", "i18n-iso-countries"):
        assert fact in readme
    assert len(world.countries) > 230
    assert {"SY", "IQ", "JO", "TR", "FR", "US", "MT", "BH"} <= set(world.by_code)


def test_al_tanf_lies_east_of_damascus_and_south_of_palmyra_on_the_map(
    region: Projection,
) -> None:
    tanf_x, tanf_y = region.xy(*AL_TANF)
    damascus_x, _ = region.xy(*DAMASCUS)
    _, palmyra_y = region.xy(*PALMYRA)
    assert tanf_x > damascus_x  # east: further right
    assert tanf_y > palmyra_y  # south: further down (SVG y grows downwards)


def test_every_place_is_inside_the_view(region: Projection) -> None:
    for place in (DAMASCUS, PALMYRA, AL_TANF, RAMADI, BAGHDAD):
        x, y = region.xy(*place)
        assert 0 < x < region.width
        assert 0 < y < region.height


def _projected_contains(
    projection: Projection, code: str, world: World, place: tuple[float, float]
) -> bool:
    x, y = projection.xy(*place)
    for polygon in world.by_code[code].polygons:
        outer, *holes = polygon
        if ring_contains([projection.xy(*p) for p in outer.points], x, y) and not any(
            ring_contains([projection.xy(*p) for p in h.points], x, y) for h in holes
        ):
            return True
    return False


def test_ramadi_and_baghdad_are_inside_iraqs_outline_in_projected_coordinates(
    world: World, region: Projection
) -> None:
    for place in (RAMADI, BAGHDAD):
        assert _projected_contains(region, "IQ", world, place)
        assert not _projected_contains(region, "SY", world, place)
    for place in (DAMASCUS, PALMYRA):
        assert _projected_contains(region, "SY", world, place)
        assert not _projected_contains(region, "IQ", world, place)
    assert country_contains(world.by_code["IQ"], *RAMADI)


def test_the_projection_keeps_shapes_a_degree_east_is_shorter_than_a_degree_north(
    region: Projection,
) -> None:
    x0, y0 = region.xy(40.0, 34.0)
    x1, _ = region.xy(41.0, 34.0)
    _, y1 = region.xy(40.0, 35.0)
    east, north = x1 - x0, y0 - y1
    assert east / north == pytest.approx(0.83, abs=0.03)  # cos(34°) ≈ 0.83


def test_a_single_place_still_shows_its_region() -> None:
    projection = fit([PALMYRA], least_span=6.0)
    assert projection.box.north - projection.box.south >= 6.0
    assert projection.box.contains(*PALMYRA)
    # wider than tall, give or take the snapping of the extent to a grid
    assert 1.0 <= projection.width / projection.height <= 2.5


def test_clipping_keeps_what_is_inside_the_box() -> None:
    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    clipped = clip_ring(square, Box(5.0, -1.0, 20.0, 5.0))
    assert sorted(clipped) == sorted([(5.0, 0.0), (10.0, 0.0), (10.0, 5.0), (5.0, 5.0)])
    assert clip_ring(square, Box(20.0, 20.0, 30.0, 30.0)) == []


def test_distances_are_great_circle_kilometres() -> None:
    assert distance_km(DAMASCUS, PALMYRA) == pytest.approx(217, abs=5)


def test_thinning_keeps_big_countries_and_drops_detail(world: World) -> None:
    coarse = thinned(world, 0.5)
    points = sum(len(r.points) for c in world.countries for p in c.polygons for r in p)
    fewer = sum(len(r.points) for c in coarse.countries for p in c.polygons for r in p)
    assert fewer < points / 3
    assert {"SY", "IQ", "RU", "BR"} <= set(coarse.by_code)


def test_the_decoder_reads_quantised_delta_encoded_arcs_and_reversed_arcs() -> None:
    """A tiny TopoJSON: two squares sharing an edge, the second using it reversed."""
    topology = {
        "transform": {"scale": [0.5, 0.25], "translate": [10.0, 20.0]},
        "arcs": [
            [[0, 0], [0, 4]],  # the shared edge, (10,20) → (10,21)
            [[0, 4], [-2, 0], [0, -4], [2, 0]],  # west square's other edges
            [[0, 0], [2, 0], [0, 4], [-2, 0]],  # east square's other edges
        ],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {
                        "type": "Polygon",
                        "arcs": [[0, 1]],
                        "id": "760",
                        "properties": {"name": "West"},
                    },
                    {
                        "type": "Polygon",
                        "arcs": [[2, -1]],
                        "id": "368",
                        "properties": {"name": "East"},
                    },
                ],
            }
        },
    }
    assert decode_arcs(topology)[1] == [(10.0, 21.0), (9.0, 21.0), (9.0, 20.0), (10.0, 20.0)]
    outlines = build_outlines(topology, [["SY", "SYR", "760"], ["IQ", "IRQ", "368"]])
    world = load_world_from(outlines)
    assert country_contains(world.by_code["SY"], 9.5, 20.5)
    assert country_contains(world.by_code["IQ"], 10.5, 20.5)
    assert not country_contains(world.by_code["IQ"], 9.5, 20.5)


def load_world_from(outlines: dict[str, object]) -> World:
    return parse_world(json.dumps(outlines))


def test_simplify_keeps_the_shape_within_tolerance() -> None:
    wiggly = [(x / 10, 0.001 * (x % 2)) for x in range(101)]
    assert simplify(wiggly, 0.01) == [(0.0, 0.0), (10.0, 0.0)]
    corner = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)]
    assert simplify(corner, 0.01) == corner


def test_the_data_file_has_the_documented_shape() -> None:
    """Compact JSON: every ring a flat list of integer (longitude, latitude) deltas."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert data["format"] == 1 and data["precision"] == 100
    iraq = next(c for c in data["countries"] if c["code"] == "IQ")
    assert iraq["name"] == "Iraq" and all(len(r) % 2 == 0 for p in iraq["polygons"] for r in p)
