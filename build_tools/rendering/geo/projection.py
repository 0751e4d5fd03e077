"""Where a map shows, and where a place lands on it.

The projection is equirectangular with longitudes scaled by the cosine of the
map's centre latitude (the "equidistant cylindrical" a regional atlas uses): at
the scale of a country or a region it keeps shapes and distances recognisable, it
is linear (so a straight edge of the view is a meridian or a parallel, and
clipping in degrees is clipping on the page), and it costs two multiplications a
point. The extent fits what is shown, with padding and a least span, widened to an
aspect between :data:`WIDEST` and :data:`TALLEST`, and snapped outward to a grid
so maps of nearby things share extents (and their drawn outlines, see
``OutlineCache``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from build_tools.rendering.geo.outlines import Box, LonLat, box_of

WIDEST = 2.2  # width ÷ height
TALLEST = 1.2
MAX_LATITUDE = 82.0
# Beyond these spans (degrees) a map shows the whole inhabited world, one extent for all.
WORLD_LON, WORLD_LAT = 150.0, 80.0
WORLD = Box(-180.0, -58.0, 180.0, 82.0)


@dataclass(frozen=True, slots=True)
class Projection:
    box: Box  # the longitudes and latitudes shown
    width: float  # in SVG user units
    height: float

    @property
    def scale(self) -> float:
        """User units per degree of latitude."""
        return self.height / (self.box.north - self.box.south)

    @property
    def x_factor(self) -> float:
        return math.cos(math.radians((self.box.north + self.box.south) / 2))

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        scale = self.scale
        return (
            (lon - self.box.west) * self.x_factor * scale,
            (self.box.north - lat) * scale,
        )


SNAP_STEPS = (0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 45.0, 90.0)
SNAP_SHARE = 0.35  # of the span: the coarsest grid the extent's edges are snapped to


def _snap_step(span: float) -> float:
    """Coarse on purpose: maps of places near each other then share an extent."""
    return max([s for s in SNAP_STEPS if s <= span * SNAP_SHARE], default=SNAP_STEPS[0])


def fit(
    points: Sequence[LonLat],
    *,
    width: float = 720.0,
    least_span: float = 3.0,
    padding: float = 0.12,
) -> Projection:
    """A projection showing every point, ``padding`` of the span around them, and at
    least ``least_span`` degrees of latitude (a single town still shows its region)."""
    box = box_of(points)
    centre_lat = max(-MAX_LATITUDE, min(MAX_LATITUDE, (box.south + box.north) / 2))
    factor = max(0.2, math.cos(math.radians(centre_lat)))
    span_x = max((box.east - box.west) * factor, least_span * factor) * (1 + 2 * padding)
    span_y = max(box.north - box.south, least_span) * (1 + 2 * padding)
    span_x = max(span_x, span_y * TALLEST)
    span_y = max(span_y, span_x / WIDEST)
    centre_lon = (box.west + box.east) / 2
    half_lon = min(180.0, span_x / factor / 2)
    half_lat = span_y / 2
    if 2 * half_lon > WORLD_LON or 2 * half_lat > WORLD_LAT:
        return _projection(WORLD, width)
    step = _snap_step(2 * half_lat)
    south = max(-MAX_LATITUDE - 8, math.floor((centre_lat - half_lat) / step) * step)
    north = min(MAX_LATITUDE, math.ceil((centre_lat + half_lat) / step) * step)
    west = max(-180.0, math.floor((centre_lon - half_lon) / step) * step)
    east = min(180.0, math.ceil((centre_lon + half_lon) / step) * step)
    # Snapping outward may have made the view too tall or too wide: widen it again.
    factor = math.cos(math.radians((north + south) / 2))
    wide, tall = (east - west) * factor, north - south
    if wide < tall * TALLEST:
        extra = (tall * TALLEST / factor - (east - west)) / 2
        west, east = max(-180.0, west - extra), min(180.0, east + extra)
    elif wide > tall * WIDEST:
        extra = (wide / WIDEST - tall) / 2
        south, north = max(-MAX_LATITUDE - 8, south - extra), min(MAX_LATITUDE, north + extra)
    return _projection(Box(west, south, east, north), width)


def _projection(shown: Box, width: float) -> Projection:
    factor = math.cos(math.radians((shown.north + shown.south) / 2))
    height = width * (shown.north - shown.south) / ((shown.east - shown.west) * factor)
    return Projection(shown, width, round(height, 1))


def clip_ring(points: Sequence[LonLat], box: Box) -> list[LonLat]:
    """Sutherland–Hodgman: the part of a closed ring inside ``box`` (edges along it)."""
    output = list(points)
    edges = (
        (0, box.west, True),
        (0, box.east, False),
        (1, box.south, True),
        (1, box.north, False),
    )
    for axis, limit, keep_above in edges:
        if not output:
            break
        source, output = output, []
        previous = source[-1]
        previous_in = (previous[axis] >= limit) if keep_above else (previous[axis] <= limit)
        for point in source:
            point_in = (point[axis] >= limit) if keep_above else (point[axis] <= limit)
            if point_in != previous_in:
                t = (limit - previous[axis]) / (point[axis] - previous[axis])
                crossing = (
                    previous[0] + t * (point[0] - previous[0]),
                    previous[1] + t * (point[1] - previous[1]),
                )
                output.append(crossing)
            if point_in:
                output.append(point)
            previous, previous_in = point, point_in
    return output


def distance_km(a: LonLat, b: LonLat) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
