"""Country outlines, read from the compact file kept beside this module.

``data/countries.json`` is Natural Earth's admin-0 countries (public domain),
simplified and written by :mod:`build_tools.rendering.geo.regenerate_outlines`; its source,
version and licence are recorded in ``data/README.md``. Nothing is downloaded at
build time: the file is part of the repository and of the installed package.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "countries.json"
FORMAT_VERSION = 1
PRECISION = 100  # stored coordinates are in 1/PRECISION degree

LonLat = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Box:
    """A longitude/latitude rectangle; ``west`` < ``east`` (no map here crosses 180°)."""

    west: float
    south: float
    east: float
    north: float

    def intersects(self, other: Box) -> bool:
        return not (
            other.west > self.east
            or other.east < self.west
            or other.south > self.north
            or other.north < self.south
        )

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


def box_of(points: Sequence[LonLat]) -> Box:
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return Box(min(lons), min(lats), max(lons), max(lats))


@dataclass(frozen=True, slots=True)
class Ring:
    points: tuple[LonLat, ...]  # (longitude, latitude), not closed: the last joins the first
    box: Box


@dataclass(frozen=True, slots=True)
class Country:
    code: str | None  # ISO 3166-1 alpha-2; None for a territory without one (Kosovo …)
    name: str
    polygons: tuple[tuple[Ring, ...], ...]  # each: its outer ring, then its holes
    box: Box


@dataclass(frozen=True, slots=True)
class World:
    countries: tuple[Country, ...]
    by_code: Mapping[str, Country]
    source: str


def _ring(flat: Sequence[int]) -> Ring:
    points: list[LonLat] = []
    x = y = 0
    for at in range(0, len(flat), 2):
        x += flat[at]
        y += flat[at + 1]
        points.append((x / PRECISION, y / PRECISION))
    return Ring(tuple(points), box_of(points))


def parse_world(text: str) -> World:
    data = json.loads(text)
    if data.get("format") != FORMAT_VERSION or data.get("precision") != PRECISION:
        raise ValueError("country outlines: unknown format; regenerate them")
    countries: list[Country] = []
    for record in data["countries"]:
        polygons = tuple(tuple(_ring(r) for r in polygon) for polygon in record["polygons"])
        boxes = [polygon[0].box for polygon in polygons]
        box = Box(
            min(b.west for b in boxes),
            min(b.south for b in boxes),
            max(b.east for b in boxes),
            max(b.north for b in boxes),
        )
        countries.append(Country(record["code"], record["name"], polygons, box))
    by_code = {c.code: c for c in countries if c.code is not None}
    return World(tuple(countries), by_code, str(data["source"]))


def load_world(path: Path = DATA_FILE) -> World:
    return parse_world(path.read_text(encoding="utf-8"))


def ring_contains(points: Sequence[tuple[float, float]], x: float, y: float) -> bool:
    """Even–odd rule: is (x, y) inside the closed ring ``points``?"""
    inside = False
    previous_x, previous_y = points[-1]
    for point_x, point_y in points:
        if (point_y > y) != (previous_y > y):
            crossing = point_x + (y - point_y) * (previous_x - point_x) / (previous_y - point_y)
            if x < crossing:
                inside = not inside
        previous_x, previous_y = point_x, point_y
    return inside


def country_contains(country: Country, lon: float, lat: float) -> bool:
    for polygon in country.polygons:
        outer, *holes = polygon
        if (
            outer.box.contains(lon, lat)
            and ring_contains(outer.points, lon, lat)
            and not any(ring_contains(h.points, lon, lat) for h in holes)
        ):
            return True
    return False


def _thinned(ring: Ring, tolerance: float) -> Ring | None:
    """Radial-distance thinning: drop points within ``tolerance`` degrees of the last
    kept one; None for a ring smaller than that altogether."""
    box = ring.box
    if box.east - box.west < tolerance and box.north - box.south < tolerance:
        return None
    kept = [ring.points[0]]
    last_lon, last_lat = kept[0]
    for lon, lat in ring.points:
        if abs(lon - last_lon) >= tolerance or abs(lat - last_lat) >= tolerance:
            kept.append((lon, lat))
            last_lon, last_lat = lon, lat
    if len(kept) < 3:
        return None
    return Ring(tuple(kept), box)


def thinned(world: World, tolerance: float) -> World:
    """The same world with no detail finer than ``tolerance`` degrees: a map of a
    continent need not project the 30,000 points a map of a province wants."""
    countries: list[Country] = []
    for country in world.countries:
        polygons: list[tuple[Ring, ...]] = []
        for polygon in country.polygons:
            outer = _thinned(polygon[0], tolerance)
            if outer is None:
                continue
            holes = (_thinned(h, tolerance) for h in polygon[1:])
            polygons.append((outer, *(h for h in holes if h is not None)))
        if polygons:
            countries.append(Country(country.code, country.name, tuple(polygons), country.box))
    by_code = {c.code: c for c in countries if c.code is not None}
    return World(tuple(countries), by_code, world.source)
