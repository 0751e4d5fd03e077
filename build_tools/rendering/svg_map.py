"""Maps drawn at build time as inline SVG: country outlines, places as linked marks.

No script, no tiles, no request to another host: a map is a few kilobytes of SVG
in the page. Colours are classes (``ba-map__…``) that the archive's stylesheet
maps to Material's custom properties, so the same SVG reads in light and dark.
Every map has a ``<title>`` and ``<desc>``; each mark is a link named by its
``<title>``; labels repeat the marks' names for the eye and are hidden from
assistive technology, which reads the marks (and the list the page puts beside
every map).
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import math
import operator
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from html import escape

from build_tools.rendering.geo.outlines import Box, World, thinned
from build_tools.rendering.geo.projection import Projection, clip_ring, fit
from build_tools.rendering.markup import EMPTY, Html, element

MAP_WIDTH = 720.0
SMALL_MAP_WIDTH = 480.0  # a briefing's map: beside the text, not the page's subject
LABEL_SIZE = 15.0  # user units; the map is never drawn wider than MAP_WIDTH px
CHAR_WIDTH = 0.56  # of LABEL_SIZE: an average letter, for collision boxes
LABEL_GAP = 3.0
SMALL_MARK = 4.5
LARGE_MARK = 7.0
MOST_MARK = 16.0  # the largest mark of a map sized by counts
EDGE = 2.0  # clip outlines a little outside the view: no border stroke along its edges
# Outlines are thinned to the coarsest of these (degrees) finer than a map unit.
DETAIL_LEVELS = (0.0, 0.1, 0.25, 0.5, 1.0, 2.0)
DETAIL_UNITS = 4.0  # map units (about pixels) of detail an outline may lose
# Where a map's land and subject outlines are published, one file per distinct pair
# (:meth:`OutlineCache.layer`), and the ids of the two paths in it.
OUTLINE_FOLDER = "assets/outlines/"
LAND_ID, SUBJECT_ID = "land", "subject"


@dataclass(frozen=True, slots=True)
class Mark:
    lon: float
    lat: float
    label: str  # plain text
    href: str | None  # relative to the page; None: the place has no page
    title: str  # plain text: the mark's accessible name and tooltip
    count: int = 1
    emphasis: bool = False  # the page's own place(s)
    # Its SVG but for where it lands, contributor text escaped: made once, as a mark
    # is drawn on the map of every place near it (hundreds, in a large archive).
    opening: str = field(init=False, repr=False, compare=False)  # link or group, title
    closing: str = field(init=False, repr=False, compare=False)
    label_end: str = field(init=False, repr=False, compare=False)  # class, label, </text>

    def __post_init__(self) -> None:
        own = " ba-map__mark--own" if self.emphasis else ""
        named = f"<title>{escape(self.title)}</title>"
        if self.href is not None:
            opening = f'<a href="{escape(self.href)}" class="ba-map__mark{own}">{named}'
        else:
            opening = f'<g class="ba-map__mark{own}">{named}'
        label_cls = "ba-map__label ba-map__label--own" if self.emphasis else "ba-map__label"
        object.__setattr__(self, "opening", opening)
        object.__setattr__(self, "closing", "</a>" if self.href is not None else "</g>")
        object.__setattr__(self, "label_end", f' class="{label_cls}">{escape(self.label)}</text>')


# A map's extent, width and the subject countries it shows.
OutlinesKey = tuple[Box, float, frozenset[str]]


@dataclass(slots=True)
class OutlineCache:
    """Country paths already projected for an extent. Maps of nearby places share
    snapped extents (:func:`build_tools.rendering.geo.projection.fit`), and drawing the
    outlines is most of a map's cost; one cache per build, never shared across builds."""

    world: World
    paths: dict[tuple[Box, float], tuple[tuple[str | None, str], ...]] = field(default_factory=dict)
    levels: dict[float, World] = field(default_factory=dict)
    hits: int = 0
    enabled: bool = True  # off: every map projects its outlines anew (make bench compares)
    # The published outline files (path from the site root → SVG), one per distinct
    # land and subject: of 7,600 briefing maps in a synthetic archive, 770 differ.
    layers: dict[str, bytes] = field(default_factory=dict)
    # A map's outline file and the paths it uses there, by the map's extent, width and
    # the subject countries in view; and its ``<use>`` elements, by those and the address of the
    # outline folder from its page: joining a map's outlines and hashing them to name
    # their file costs more than the rest of a small map.
    drawn_layers: dict[OutlinesKey, tuple[tuple[str, str, str], ...]] = field(default_factory=dict)
    uses: dict[tuple[OutlinesKey, str], tuple[Html, ...]] = field(default_factory=dict)
    # The outline files of every map drawn, in order (a map draws from one or two):
    # what a drawing of a map needs published beside it.
    used: list[str] = field(default_factory=list)

    def outlines(self, projection: Projection) -> tuple[tuple[str | None, str], ...]:
        key = (projection.box, projection.width)
        cached = self.paths.get(key)
        if cached is not None:
            self.hits += 1
            return cached
        drawn = draw_outlines(self.detail_for(projection), projection)
        if self.enabled:
            self.paths[key] = drawn
        return drawn

    def layer(self, land: str, subject: str) -> str:
        """The name of the file in :data:`OUTLINE_FOLDER` holding these land and subject
        outlines as the paths ``#land`` and ``#subject``, named by its content."""
        paths = "".join(
            f'<path id="{name}" d="{d}"/>'
            for name, d in ((LAND_ID, land), (SUBJECT_ID, subject))
            if d
        )
        document = f'<svg xmlns="http://www.w3.org/2000/svg">{paths}</svg>\n'.encode()
        name = f"{hashlib.sha256(document).hexdigest()[:20]}.svg"
        self.layers.setdefault(OUTLINE_FOLDER + name, document)
        return name

    def detail_for(self, projection: Projection) -> World:
        """The world thinned to the coarsest level still finer than one map unit."""
        unit = 1 / projection.scale  # degrees per map unit
        level = max(t for t in DETAIL_LEVELS if t <= DETAIL_UNITS * unit)
        if level == 0.0:
            return self.world
        if level not in self.levels:
            self.levels[level] = thinned(self.world, level)
        return self.levels[level]


def _numbers(values: Iterable[int]) -> str:
    """Whole numbers in SVG path data: a minus sign separates a number as well as a
    space does, so none goes before one (a tenth of every map's outlines)."""
    return " ".join(map(str, values)).replace(" -", "-")


def _path_of(points: list[tuple[int, int]]) -> str:
    """``M x y l dx dy …z`` in whole units (a map is drawn at most a unit a pixel),
    repeated points dropped; "" for a ring that is a dot at this scale."""
    kept = list(itertools.compress(points, map(operator.ne, points, points[-1:] + points[:-1])))
    if len(kept) < 3:
        return ""
    xs, ys = zip(*kept, strict=True)
    steps = zip(map(operator.sub, xs[1:], xs), map(operator.sub, ys[1:], ys), strict=True)
    return f"M{_numbers(kept[0])}l{_pairs(steps)}z"


def _pairs(steps: Iterable[tuple[int, int]]) -> str:
    """:func:`_numbers` of (dx, dy) pairs, each formatted at once."""
    return " ".join(map("%d %d".__mod__, steps)).replace(" -", "-")


def draw_outlines(world: World, projection: Projection) -> tuple[tuple[str | None, str], ...]:
    """(country code, SVG path data) of every country in view, clipped to it."""
    box = projection.box
    margin = EDGE / projection.scale
    clip_box = Box(box.west - margin, box.south - margin, box.east + margin, box.north + margin)
    drawn: list[tuple[str | None, str]] = []
    scale = projection.scale
    x_scale = projection.x_factor * scale
    west, north = box.west, box.north
    for country in world.countries:
        if not clip_box.intersects(country.box):
            continue
        pieces: list[str] = []
        for polygon in country.polygons:
            for ring in polygon:
                if not clip_box.intersects(ring.box):
                    continue
                inside = (
                    ring.points
                    if clip_box.contains(ring.box.west, ring.box.south)
                    and clip_box.contains(ring.box.east, ring.box.north)
                    else clip_ring(ring.points, clip_box)
                )
                if len(inside) >= 3:
                    pieces.append(
                        _path_of(
                            [
                                (round((lon - west) * x_scale), round((north - lat) * scale))
                                for lon, lat in inside
                            ]
                        )
                    )
        path = "".join(pieces)
        if path:
            drawn.append((country.code, path))
    return tuple(drawn)


@dataclass(frozen=True, slots=True)
class _Placed:
    x: float
    y: float
    anchor: str  # text-anchor


Rect = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(slots=True)
class _Rects:
    """Rectangles in the order of their left edges, so the few that may overlap a box
    are a bisection away: a map of a region tries each of hundreds of labels against
    every mark and every label placed before it."""

    lefts: list[float] = field(default_factory=list)
    rects: list[tuple[float, float, float, float, int]] = field(default_factory=list)
    widest: float = 0.0

    def add(self, rect: Rect, owner: int) -> None:
        at = bisect.bisect_right(self.lefts, rect[0])
        self.lefts.insert(at, rect[0])
        self.rects.insert(at, (*rect, owner))
        self.widest = max(self.widest, rect[2] - rect[0])

    def overlaps(self, box: Rect, skip: int = -1) -> bool:
        """Does ``box`` overlap any rectangle but ``skip``'s? One whose left edge lies
        more than the widest rectangle (and a unit, for rounding) left of ``box`` ends
        before it; one whose left edge is at or past ``box``'s right edge starts after."""
        left, top, right, bottom = box
        start = bisect.bisect_left(self.lefts, left - self.widest - 1.0)
        end = bisect.bisect_left(self.lefts, right, start)
        return any(
            owner != skip and not (r <= left or bottom <= t or b <= top)
            for _, t, r, b, owner in self.rects[start:end]
        )


def place_labels(
    points: Sequence[tuple[float, float, float, str]], width: float, height: float
) -> list[_Placed | None]:
    """Greedy label placement: each (x, y, radius, label) in the order given, at the first
    of right, left, above, below of its mark that overlaps no mark and no label placed
    before it and stays inside the map; no label at all when none is free."""
    marks = _Rects()
    for index, (x, y, r, _) in enumerate(points):
        marks.add((x - r, y - r, x + r, y + r), index)
    taken = _Rects()
    placed: list[_Placed | None] = []
    for index, (x, y, r, label) in enumerate(points):
        w = len(label) * LABEL_SIZE * CHAR_WIDTH
        h = LABEL_SIZE
        spots = (
            (x + r + LABEL_GAP, y - h / 2, "start"),
            (x - r - LABEL_GAP - w, y - h / 2, "end"),
            (x - w / 2, y - r - LABEL_GAP - h, "middle"),
            (x - w / 2, y + r + LABEL_GAP, "middle"),
        )
        chosen: _Placed | None = None
        for left, top, anchor in spots:
            box = (left, top, left + w, top + h)
            if box[0] < 0 or box[1] < 0 or box[2] > width or box[3] > height:
                continue
            if marks.overlaps(box, skip=index) or taken.overlaps(box):
                continue
            taken.add(box, index)
            anchor_x = {"start": left, "end": left + w, "middle": left + w / 2}[anchor]
            chosen = _Placed(anchor_x, top + h * 0.8, anchor)
            break
        placed.append(chosen)
    return placed


def _n(value: float) -> str:
    return f"{round(value, 1):g}"


def _outline_paths(
    cache: OutlineCache, projection: Projection, countries: Collection[str], folder: str
) -> tuple[Html, ...]:
    """The land in view as one path, and the ``countries`` shaded as the subject as
    another, each drawn by a ``<use>`` of its path in a file the site publishes once for
    every map with the same outlines (``folder``: the outline folder, from the page). The
    outlines are most of a map's bytes, and maps of the same places share them; a path
    drawn by ``<use>`` takes its fill and stroke from the ``<use>``'s classes."""
    outlines = cache.outlines(projection)
    shaded = frozenset(code for code, _ in outlines if code is not None and code in countries)
    key = (projection.box, projection.width, shaded)
    layer = cache.drawn_layers.get(key)
    uses = cache.uses.get((key, folder))
    if uses is not None and layer is not None:
        cache.used.extend(OUTLINE_FOLDER + name for name, _, _ in layer)
        return uses
    if layer is None:
        land: list[str] = []
        subject: list[str] = []
        for code, path in outlines:
            (subject if code in shaded else land).append(path)
        land_d, subject_d = "".join(land), "".join(subject)
        name = cache.layer(land_d, subject_d) if land_d or subject_d else ""
        drawn = [
            (land_d, LAND_ID, "ba-map__land"),
            (subject_d, SUBJECT_ID, "ba-map__land ba-map__subject"),
        ]
        layer = tuple((name, path_id, cls) for d, path_id, cls in drawn if d)
    cache.used.extend(OUTLINE_FOLDER + name for name, _, _ in layer)
    uses = tuple(
        element("use", href=f"{folder}{name}#{path_id}", cls=cls) for name, path_id, cls in layer
    )
    if cache.enabled:
        cache.drawn_layers[key] = layer
        cache.uses[(key, folder)] = uses
    return uses


def _radius(mark: Mark, sized: bool, most: int) -> float:
    """``sized``: the mark's area in proportion to its count, ``most`` the largest."""
    if sized:
        return max(SMALL_MARK - 1, MOST_MARK * math.sqrt(mark.count / most))
    return LARGE_MARK if mark.emphasis else SMALL_MARK


def _circles(
    order: Sequence[Mark], located: Sequence[tuple[float, float, float, str]]
) -> list[str]:
    """The marks, drawn largest first, so a small mark is never hidden under a large one.

    Written directly, contributor text escaped by :class:`Mark`: a large archive draws
    thousands."""
    return [
        f'{mark.opening}<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}"></circle>{mark.closing}'
        for mark, (x, y, r, _label) in sorted(
            zip(order, located, strict=True), key=lambda pair: -pair[1][2]
        )
    ]


def _labels(order: Sequence[Mark], spots: Sequence[_Placed | None]) -> list[str]:
    """The labels that found a place (``spots``, one for each mark of ``order``)."""
    texts: list[str] = []
    for mark, spot in zip(order, spots, strict=True):
        if spot is None:
            continue
        anchor = "" if spot.anchor == "start" else f' text-anchor="{spot.anchor}"'
        texts.append(f'<text x="{_n(spot.x)}" y="{_n(spot.y)}"{anchor}{mark.label_end}')
    return texts


def draw_map(
    cache: OutlineCache,
    marks: Sequence[Mark],
    *,
    title: str,
    description: str,
    id_prefix: str,
    countries: Collection[str] = (),
    sized: bool = False,
    least_span: float = 3.0,
    focus: Sequence[tuple[float, float]] = (),
    width: float = MAP_WIDTH,
    outlines: str = OUTLINE_FOLDER,
) -> Html:
    """An SVG map of ``marks`` (none: no map). The extent fits ``focus`` if given,
    else every mark; marks outside it are left out. ``countries`` (alpha-2 codes)
    are shaded as the map's subject. ``sized``: mark area proportional to count.
    ``outlines``: the address of :data:`OUTLINE_FOLDER` from the map's page."""
    if not marks:
        return EMPTY
    projection = fit(
        list(focus) or [(m.lon, m.lat) for m in marks], width=width, least_span=least_span
    )
    height = projection.height
    shown = [m for m in marks if projection.box.contains(m.lon, m.lat)]
    most = max((m.count for m in shown), default=1)
    order = sorted(shown, key=lambda m: (not m.emphasis, -m.count, m.label))
    located = [(*projection.xy(m.lon, m.lat), _radius(m, sized, most), m.label) for m in order]
    circles = _circles(order, located)
    texts = _labels(order, place_labels(located, width, height))
    # What markup.element would write, written directly: a large archive draws
    # thousands of maps, and the frame's attributes are the archive's own.
    title_id, desc_id = escape(f"{id_prefix}-title"), escape(f"{id_prefix}-desc")
    size = f'width="{_n(width)}" height="{_n(height)}"'
    labels = f'<g aria-hidden="true">{"".join(texts)}</g>' if texts else ""
    return Html(
        f'<svg class="{"ba-map" if width == MAP_WIDTH else "ba-map ba-map--small"}"'
        f' viewBox="0 0 {_n(width)} {_n(height)}" role="group"'
        f' aria-labelledby="{title_id} {desc_id}">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>'
        f'<rect class="ba-map__sea" {size}></rect>'
        f"{''.join(_outline_paths(cache, projection, countries, outlines))}"
        f"<g>{''.join(circles)}</g>{labels}</svg>"
    )
