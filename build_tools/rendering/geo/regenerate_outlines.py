"""Regenerate ``data/countries.json`` from Natural Earth's admin-0 countries as TopoJSON.

Run by hand, never at build time (``make outlines`` fetches the two packages with
npm into a temporary folder and runs this)::

    python -m build_tools.rendering.geo.regenerate_outlines countries-50m.json codes.json

The first file is ``countries-50m.json`` of the npm package ``world-atlas`` (Natural
Earth 1:50m admin-0, public domain), the second ``codes.json`` of
``i18n-iso-countries`` (ISO 3166-1 alpha-2 ↔ numeric, MIT), which gives each outline
the alpha-2 code a location record uses. The TopoJSON is decoded here (arcs of
delta-encoded quantised points), each arc is simplified once (Douglas–Peucker), so
neighbours keep sharing the very same border, and written compactly: every ring a
flat list of integer deltas in 1/``PRECISION`` degree.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from build_tools.rendering.geo.outlines import DATA_FILE, FORMAT_VERSION, PRECISION

TOLERANCE = 0.04  # degrees: about 4 km, finer than any map the site draws shows
Point = tuple[float, float]


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Every arc as (longitude, latitude) points: positions are quantised and delta-encoded."""
    (scale_x, scale_y), (move_x, move_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        x = y = 0
        points: list[Point] = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    return arcs


def _distance_to_segment(point: Point, start: Point, end: Point) -> float:
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    if length == 0:
        return float(((px - ax) ** 2 + (py - ay) ** 2) ** 0.5)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return float(((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5)


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker, iterative; a closed arc is split at its farthest point first."""
    if len(points) < 3:
        return list(points)
    if points[0] == points[-1]:
        start = points[0]
        far = max(range(len(points)), key=lambda i: _distance_to_segment(points[i], start, start))
        return simplify(points[: far + 1], tolerance)[:-1] + simplify(points[far:], tolerance)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, at = 0.0, -1
        for i in range(first + 1, last):
            d = _distance_to_segment(points[i], points[first], points[last])
            if d > best:
                best, at = d, i
        if at >= 0 and best > tolerance:
            keep[at] = True
            stack += [(first, at), (at, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def ring_of(arc_ids: Sequence[int], arcs: Sequence[Sequence[Point]]) -> list[Point]:
    """A ring from its arcs; ``~i`` is arc ``i`` reversed. Each arc starts where the last ended."""
    ring: list[Point] = []
    for arc_id in arc_ids:
        points = list(arcs[arc_id]) if arc_id >= 0 else list(reversed(arcs[~arc_id]))
        ring.extend(points[1:] if ring else points)
    return ring


def encode_ring(ring: Sequence[Point]) -> list[int] | None:
    """Integer deltas in 1/PRECISION degree, without the closing point; None if degenerate."""
    rounded: list[tuple[int, int]] = []
    for lon, lat in ring:
        point = (round(lon * PRECISION), round(lat * PRECISION))
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if len(rounded) > 1 and rounded[0] == rounded[-1]:
        rounded.pop()
    if len(set(rounded)) < 3:
        return None
    flat: list[int] = []
    last_x = last_y = 0
    for x, y in rounded:
        flat += [x - last_x, y - last_y]
        last_x, last_y = x, y
    return flat


def build_outlines(topology: dict[str, Any], codes: Sequence[Sequence[str]]) -> dict[str, Any]:
    alpha2_of = {row[2]: row[0] for row in codes}
    raw = decode_arcs(topology)
    arcs = [simplify(arc, TOLERANCE) for arc in raw]
    countries: list[dict[str, Any]] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        encoded = []
        for polygon in polygons:
            # A small island simplified away is kept as it was: Malta is a country too.
            rings = [
                encode_ring(ring_of(ids, arcs)) or encode_ring(ring_of(ids, raw)) for ids in polygon
            ]
            if rings and rings[0] is not None:
                encoded.append([r for r in rings if r is not None])
        if encoded:
            countries.append(
                {
                    "code": alpha2_of.get(str(geometry.get("id"))),
                    "name": geometry["properties"]["name"],
                    "polygons": encoded,
                }
            )
    countries.sort(key=lambda c: (c["code"] or "~", c["name"]))
    return {
        "format": FORMAT_VERSION,
        "source": "Natural Earth 1:50m admin-0 countries, via world-atlas 2.0.2 (public domain)",
        "precision": PRECISION,
        "countries": countries,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m build_tools.rendering.geo.regenerate_outlines",
        description=__doc__.split("\n")[0],
    )
    parser.add_argument("topojson", type=Path, help="world-atlas countries-50m.json")
    parser.add_argument("codes", type=Path, help="i18n-iso-countries codes.json")
    parser.add_argument("--output", type=Path, default=DATA_FILE)
    args = parser.parse_args(argv)
    topology = json.loads(args.topojson.read_text(encoding="utf-8"))
    codes = json.loads(args.codes.read_text(encoding="utf-8"))
    outlines = build_outlines(topology, codes)
    text = json.dumps(outlines, separators=(",", ":"), ensure_ascii=False)
    args.output.write_text(text.replace('},{"code"', '},\n{"code"') + "\n", encoding="utf-8")
    print(f"{len(outlines['countries'])} countries written to {args.output}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
