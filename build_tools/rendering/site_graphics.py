"""Which page gets which map or chart, all drawn in one pass before any page is rendered.

Drawing is the costly part of a graphic, and ``make bench`` holds it to a share of
the site build, so every map and chart of the site is drawn here, once, into a
:class:`SiteGraphics` keyed by page address; the page renderers only look them up.

- a location: a locator map of the place, or of every archive place within it, and
  the nearest archive places as links; its timeline;
- a briefing: its located places on one map;
- ``/map/``: every located place, marks sized by briefing count;
- ``/archive/YYYY/``: the year's places; ``/archive/``: the archive's timeline;
- an actor, a tag: its timeline; the home page: the latest month's places.

A place without coordinates is never guessed onto a map: it is listed under it.
"""

from __future__ import annotations

import bisect
import functools
from collections import Counter
from collections.abc import (
    Callable,
    Collection,
    Hashable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from dataclasses import dataclass
from typing import NamedTuple

from build_tools.format import urls
from build_tools.format.model import Briefing, Location
from build_tools.format.pages import SiteSettings
from build_tools.indexing.index import Index
from build_tools.rendering.geo.outlines import World
from build_tools.rendering.geo.projection import distance_km, fit
from build_tools.rendering.graphics import DrawnGraphic, SiteGraphics
from build_tools.rendering.markup import (
    EMPTY,
    Html,
    count_text,
    element,
    join,
    link,
    month_name,
    text,
)
from build_tools.rendering.parts import month_pages
from build_tools.rendering.search_fields import IGNORED
from build_tools.rendering.svg_map import (
    MAP_WIDTH,
    OUTLINE_FOLDER,
    SMALL_MAP_WIDTH,
    Mark,
    OutlineCache,
    draw_map,
)
from build_tools.rendering.timeline import Month, Span, month_counts, span_of, timeline_block

NEARBY_SHOWN = 8
NEARBY_KM = 600.0
# Degrees of latitude beyond NEARBY_KM (a degree is 111 km): a place farther north or
# south than this is not near, whatever its longitude, and is not measured.
NEARBY_LATITUDE = 6.0
LOCATOR_SPAN = 6.0  # degrees of latitude at least around a single place
MAP_ID = "ba-map"
TIMELINE_ID = "ba-timeline"


def month_addresses(index: Index, page_size: int) -> dict[Month, str]:
    """Each month's place in the archive: the page of its year's listing where a reader
    going down it meets the month first, and its heading's anchor
    (``archive/2015/page/2/#2015-05``)."""
    addresses: dict[Month, str] = {}
    for year, items in index.by_year.items():
        for month, number in month_pages(items, page_size).items():
            page = urls.older(urls.archive_year(year), number)
            addresses[(year, month)] = f"{page}#{year:04d}-{month:02d}"
    return addresses


def _lonlat(place: Location) -> tuple[float, float]:
    assert place.coordinates is not None  # only located places are asked
    return place.coordinates[1], place.coordinates[0]


def _degrees(place: Location) -> str:
    assert place.coordinates is not None
    lat, lon = place.coordinates
    return f"{abs(lat):.2f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.2f}° {'E' if lon >= 0 else 'W'}"


def country_of(index: Index, place: Location) -> str | None:
    """A place's country code; a country record may leave it out, so then the code its
    places within agree on most."""
    if place.country is not None:
        return place.country
    codes = Counter(
        index.archive.locations[p].country for p in index.places_within.get(place.id, ())
    )
    codes.pop(None, None)
    return codes.most_common(1)[0][0] if codes else None


def country_names(index: Index, world: World) -> dict[str, str]:
    names = {code: country.name for code, country in world.by_code.items()}
    for place in index.archive.locations.values():
        if place.kind == "country":
            code = country_of(index, place)
            if code is not None:
                names[code] = place.name
    return names


class TimelineKey(NamedTuple):
    """What a timeline is drawn from: its months' counts and links, the archive's span
    and what it counts."""

    months: tuple[tuple[Month, int], ...]
    hrefs: tuple[str | None, ...]
    span: Span | None  # None: an archive without briefings
    subject: str


class _Drawer:
    """Marks and links for one build: what every graphic below shares."""

    def __init__(
        self,
        index: Index,
        settings: SiteSettings,
        world: World,
        last: Mapping[Hashable, DrawnGraphic] | None,
        *,
        reuse: bool,
        earlier: SiteGraphics | None = None,
    ) -> None:
        self.index = index
        self.settings = settings
        self.cache = OutlineCache(world)
        self.last = last
        self.drawn: dict[Hashable, DrawnGraphic] = {}
        self.parts: list[list[Hashable]] = []  # the drawings being drawn, innermost last
        self.files: dict[str, bytes] = {}
        self.months = month_addresses(index, settings.page_size)
        self.briefing_maps: dict[tuple[str, ...], Html] = {}
        self.briefing_sections: dict[tuple[tuple[str, ...], Html], Html] = {}
        self.marks: dict[tuple[int, str, int | None, bool], Mark] = {}
        self.unlocated_lists: dict[tuple[int, tuple[str, ...]], Html] = {}
        self.reuse = reuse
        self.cache.enabled = reuse
        self.span = span_of(index.briefings)
        self.timeline_keys: dict[str, tuple[Sequence[object], Hashable]] = {}
        # The last build's timelines, while the months link where they did.
        self.earlier_timelines: Mapping[str, tuple[Sequence[object], Hashable]] = (
            earlier.timeline_keys
            if earlier is not None and reuse and earlier.month_links == self.months
            else {}
        )
        locations = index.archive.locations
        self.located: dict[str, Location] = {
            p: locations[p] for p in index.by_location if locations[p].coordinates is not None
        }
        south_to_north = sorted((_lonlat(place)[1], pid) for pid, place in self.located.items())
        self.latitudes = [lat for lat, _ in south_to_north]
        self.by_latitude = [pid for _, pid in south_to_north]

    def mark(self, page_url: str, place: Location, count: int | None, *, emphasis: bool) -> Mark:
        """A place's mark: made once for every page depth (its link starts with as many
        "../"), count and emphasis; a location's map draws every archive place in view.
        ``count`` None: the mark is named by the place alone (a briefing's map)."""
        key = (page_url.count("/"), place.id, count, emphasis)
        made = self.marks.get(key)
        if made is None:
            assert place.coordinates is not None
            lat, lon = place.coordinates
            made = self.marks[key] = Mark(
                lon=lon,
                lat=lat,
                label=place.name,
                href=urls.relative(page_url, urls.location(place.id)),
                title=place.name
                if count is None
                else f"{place.name}: {count_text(count, 'briefing')}",
                count=1 if count is None else count,
                emphasis=emphasis,
            )
        return made

    def place_link(self, page_url: str, place_id: str) -> Html:
        place = self.index.archive.locations[place_id]
        if place_id in self.index.by_location:
            return link(urls.relative(page_url, urls.location(place_id)), text(place.name))
        return text(place.name)

    def unlocated(self, page_url: str, place_ids: Iterable[str]) -> Html:
        """The places listed under a map: written once for every page depth and list,
        as briefings at the same places list the same ones."""
        locations = self.index.archive.locations
        missing = tuple(p for p in place_ids if locations[p].coordinates is None)
        if not missing:
            return EMPTY
        key = (page_url.count("/"), missing)
        written = self.unlocated_lists.get(key)
        if written is None:
            label = element("strong", text("Not on the map (no coordinates):"))
            links = join((self.place_link(page_url, p) for p in missing), Html(", "))
            written = element("p", Html(f"{label} {links}"), cls="ba-graphic__unlocated")
            self.unlocated_lists[key] = written
        return written

    def href_of_month(self, page_url: str) -> Callable[[Month], str | None]:
        months = self.months

        def href(month: Month) -> str | None:
            target = months.get(month)
            return urls.relative(page_url, target) if target is not None else None

        return href

    def remembered(self, key_of: Callable[[], Hashable], draw: Callable[[], Html]) -> Html:
        """The graphic ``draw`` makes from the inputs ``key_of()`` holds: in a preview
        (``last`` not None), drawn once a build and not again in its next build when
        its inputs are the same (a new briefing changes the maps and charts of its own
        places and entities alone). A build that no preview follows does not make the
        keys: they cost a tenth of drawing every graphic. A drawing may hold others
        (its ``parts``), which are kept with it."""
        if self.last is None:
            return draw()
        key = key_of()
        if self.parts:
            self.parts[-1].append(key)
        drawn = (self.drawn.get(key) or self.last.get(key)) if self.reuse else None
        if drawn is None:
            start = len(self.cache.used)
            self.parts.append([])
            try:
                svg = draw()
            finally:
                parts = tuple(dict.fromkeys(self.parts.pop()))
            used = dict.fromkeys(self.cache.used[start:])
            layers = self.cache.layers
            files = tuple((path, layers.get(path) or self.files[path]) for path in used)
            drawn = DrawnGraphic(svg, files, parts)
        else:
            self._kept(drawn)
            self.cache.used.extend(path for path, _ in drawn.files)
        self.drawn[key] = drawn
        self.files.update(drawn.files)
        return drawn.html

    def _kept(self, drawn: DrawnGraphic) -> None:
        """A drawing taken from the last build: the drawings it holds are kept too."""
        assert self.last is not None
        for part in drawn.parts:
            if part not in self.drawn and part in self.last:
                held = self.drawn[part] = self.last[part]
                self._kept(held)

    def draw_map(
        self,
        page_url: str,
        marks: Sequence[Mark],
        *,
        title: str,
        description: str,
        countries: Collection[str],
        sized: bool = False,
        least_span: float = 3.0,
        focus: Sequence[tuple[float, float]] = (),
        width: float = MAP_WIDTH,
    ) -> Html:
        """:func:`~build_tools.rendering.svg_map.draw_map` for the page at ``page_url``."""
        outlines = urls.relative(page_url, OUTLINE_FOLDER)
        key = lambda: (  # noqa: E731 - made only when a preview keeps the drawing
            "map",
            tuple(marks),
            title,
            description,
            frozenset(countries),
            sized,
            least_span,
            tuple(focus),
            width,
            outlines,
        )
        return self.remembered(
            key,
            lambda: draw_map(
                self.cache,
                marks,
                title=title,
                description=description,
                id_prefix=MAP_ID,
                countries=countries,
                sized=sized,
                least_span=least_span,
                focus=focus,
                width=width,
                outlines=outlines,
            ),
        )

    def timeline(self, page_url: str, briefings: Sequence[Briefing], subject: str) -> Html:
        href_of = self.href_of_month(page_url)
        counts = functools.cache(lambda: month_counts(briefings))

        def key() -> Hashable:
            """The last build's key when the listing holds the same briefings (most
            listings, compared element by element, mostly by identity): counting a
            large listing's months costs far more than that."""
            listing, made = self.earlier_timelines.get(page_url, ((), None))
            if not (
                isinstance(made, TimelineKey)
                and (made.span, made.subject) == (self.span, subject)
                and listing == briefings
            ):
                months = tuple(sorted(counts().items()))
                hrefs = tuple(href_of(month) for month, _ in months)
                made = TimelineKey(months, hrefs, self.span, subject)
            self.timeline_keys[page_url] = (briefings, made)
            return made

        return self.remembered(
            key,
            lambda: _section(
                timeline_block(counts(), self.span, href_of, subject=subject, id_prefix=TIMELINE_ID)
            ),
        )

    def counted_map(
        self,
        page_url: str,
        counts: Counter[str],
        *,
        title: str,
        description: str,
        sized: bool = True,
        emphasis: frozenset[str] = frozenset(),
        countries: frozenset[str] = frozenset(),
        least_span: float = 3.0,
        width: float = MAP_WIDTH,
    ) -> Html:
        marks = [
            self.mark(page_url, self.located[p], n if sized else None, emphasis=p in emphasis)
            for p, n in sorted(counts.items())
            if p in self.located
        ]
        return self.draw_map(
            page_url,
            marks,
            title=title,
            description=description,
            sized=sized,
            countries=countries,
            least_span=least_span,
            width=width,
        )


def _section(block: Html, *more: Html) -> Html:
    if not block and not any(more):
        return EMPTY
    return element(
        "section",
        join([block, *more], Html("\n")),
        cls="ba-section ba-graphic",
        **{IGNORED: ""},
    )


def _figure(svg: Html, caption: str, *after: Html) -> Html:
    if not svg:
        return EMPTY
    figure = element(
        "figure", Html(f"{svg}\n{element('figcaption', text(caption))}"), cls="ba-graphic__map"
    )
    return join([figure, *(p for p in after if p)], Html("\n"))  # a caption ends its figure


def _place_counts(briefings: Iterable[Briefing]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for item in briefings:
        counts.update(item.locations)
    return counts


def _names(names: Sequence[str], most: int = 6) -> str:
    shown = list(names[:most])
    rest = len(names) - len(shown)
    if rest > 0:
        shown.append(f"{rest:,} more")
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def _ranked_names(drawer: _Drawer, counts: Counter[str]) -> list[str]:
    located = [p for p in counts if p in drawer.located]
    located.sort(key=lambda p: (-counts[p], drawer.located[p].name.casefold()))
    return [drawer.located[p].name for p in located]


def _nearest(drawer: _Drawer, place: Location) -> list[tuple[float, str]]:
    """The archive places nearest a place with coordinates, as (km, id), nearest first.

    The map shows only what falls in its view; this list is by distance."""
    if place.coordinates is None:
        return []
    lat, lon = place.coordinates
    start = bisect.bisect_left(drawer.latitudes, lat - NEARBY_LATITUDE)
    end = bisect.bisect_right(drawer.latitudes, lat + NEARBY_LATITUDE)
    distances = sorted(
        (distance_km((lon, lat), _lonlat(drawer.located[pid])), pid)
        for pid in drawer.by_latitude[start:end]
        if pid != place.id
    )
    return [(d, pid) for d, pid in distances[:NEARBY_SHOWN] if d <= NEARBY_KM]


def _location_caption(
    drawer: _Drawer,
    place: Location,
    inner_located: Sequence[str],
    near: Sequence[tuple[float, str]],
) -> tuple[str, str]:
    """The map's title and description: where the place is and what is near it, or,
    for a place without coordinates, the archive's places within it."""
    if place.coordinates is None:
        return f"Map: the archive's places in {place.name}", (
            f"{count_text(len(inner_located), 'place')} of the archive within {place.name}: "
            + _names(sorted(drawer.located[p].name for p in inner_located), 10)
            + "."
        )
    description = f"{place.name}, at {_degrees(place)}."
    if near:
        description += (
            " Nearest archive places: "
            + _names([f"{drawer.located[p].name} ({d:,.0f} km)" for d, p in near], NEARBY_SHOWN)
            + "."
        )
    return f"Map: {place.name} and archive places near it", description


def _nearby(drawer: _Drawer, page_url: str, near: Sequence[tuple[float, str]]) -> Html:
    if not near:
        return EMPTY
    entries = [
        element(
            "li",
            Html(
                f"{drawer.place_link(page_url, pid)} "
                f"{element('span', text(f'{d:,.0f} km'), cls='ba-distance')}"
            ),
        )
        for d, pid in near
    ]
    return Html(
        element("h3", text("Nearby in the archive"))
        + element("ul", join(entries, Html("\n")), cls="ba-inline-list")
    )


def _location_map(drawer: _Drawer, place: Location) -> Html:
    index = drawer.index
    page_url = urls.location(place.id)
    inner = [p for p in index.places_within.get(place.id, ()) if p in index.by_location]
    inner_located = [p for p in inner if p in drawer.located]
    code = country_of(index, place)
    countries = frozenset({code}) if code is not None else frozenset()
    if place.coordinates is not None:
        lat, lon = place.coordinates
        focus = [(lon, lat)] + [_lonlat(drawer.located[p]) for p in inner_located]
        emphasis = {place.id, *inner_located}
    elif inner_located:
        focus = [_lonlat(drawer.located[p]) for p in inner_located]
        emphasis = set(inner_located)
    else:
        return _section(drawer.unlocated(page_url, [place.id, *inner])) if inner else EMPTY
    outline = drawer.cache.world.by_code.get(code) if code is not None else None
    if place.kind == "country" and outline is not None:
        # The country's main land in view, not only its archive places (France's
        # overseas departments would stretch a map of France across the world).
        box = max(outline.polygons, key=lambda polygon: len(polygon[0].points))[0].box
        focus += [(box.west, box.south), (box.east, box.north)]
    # draw_map leaves out what falls outside the extent it fits to ``focus``: the
    # same extent here spares making the marks of the world's other places.
    view = fit(focus, least_span=LOCATOR_SPAN).box
    marks = [
        drawer.mark(page_url, other, len(index.by_location[pid]), emphasis=pid in emphasis)
        for pid, other in drawer.located.items()
        if view.contains(*_lonlat(other))
    ]
    near = _nearest(drawer, place)
    title, description = _location_caption(drawer, place, inner_located, near)
    svg = drawer.draw_map(
        page_url,
        marks,
        title=title,
        description=description,
        countries=countries,
        focus=focus,
        least_span=LOCATOR_SPAN,
    )
    return _section(
        element("h2", text("On the map")),
        _figure(svg, description, drawer.unlocated(page_url, inner)),
        _nearby(drawer, page_url, near),
    )


def _briefing_map(drawer: _Drawer, item: Briefing) -> Html:
    page_url = urls.briefing(item)
    located = [p for p in item.locations if p in drawer.located]
    if not located:
        return EMPTY
    unlocated = drawer.unlocated(page_url, item.locations)
    # Briefings at the same places get the same map: links from every briefing page
    # start with the same "../", so the key holds it and the places; and the same
    # section, when they list the same places without coordinates under it.
    key = (urls.relative(page_url, ""), *located)
    section = drawer.briefing_sections.get((key, unlocated)) if drawer.reuse else None
    if section is None:
        names = [drawer.located[p].name for p in located]
        description = f"Where this briefing happened: {_names(names, 10)}."
        svg = drawer.briefing_maps.get(key) if drawer.reuse else None
        if svg is None:
            svg = _draw_briefing_map(drawer, page_url, located, description)
            drawer.briefing_maps[key] = svg
        section = _section(_figure(svg, description, unlocated))
        drawer.briefing_sections[(key, unlocated)] = section
    return section


def _kept_briefing_map(drawer: _Drawer, item: Briefing, url: str, places: PlacesRead) -> Html:
    """A briefing's map section, which a preview's next build takes as it is while the
    locations registry reads the same (its links depend on its page's depth alone)."""
    return drawer.remembered(
        lambda: ("briefing section", url.count("/"), item.locations, places),
        lambda: _briefing_map(drawer, item),
    )


def _draw_briefing_map(
    drawer: _Drawer, page_url: str, located: list[str], description: str
) -> Html:
    index = drawer.index
    # Its places, unsized and named without their counts: a new briefing at one of them
    # changes that place's pages, not the map of every briefing there.
    codes = {country_of(index, drawer.located[p]) for p in located}
    return drawer.counted_map(
        page_url,
        Counter(located),
        title="Map of the places in this briefing",
        description=description,
        sized=False,
        emphasis=frozenset(located),
        countries=frozenset(c for c in codes if c is not None),
        least_span=LOCATOR_SPAN,  # a briefing at one place: the extent of that place's map
        width=SMALL_MAP_WIDTH,
    )


def _counts_map(drawer: _Drawer, page_url: str, briefings: Sequence[Briefing], when: str) -> Html:
    counts = _place_counts(briefings)
    names = _ranked_names(drawer, counts)
    if not names:
        return _section(drawer.unlocated(page_url, sorted(counts)))
    description = (
        f"{count_text(len(names), 'place')} {when}, each mark sized by its number of "
        f"briefings: {_names(names, 8)}."
    )
    svg = drawer.counted_map(
        page_url, counts, title=f"Map of the places {when}", description=description
    )
    return _section(_figure(svg, description, drawer.unlocated(page_url, sorted(counts))))


def _latest_month_map(drawer: _Drawer, briefings: Sequence[Briefing]) -> Html:
    """The home page's map: the places of the newest briefing's month."""
    latest = briefings[0].date
    month = [b for b in briefings if (b.date.year, b.date.month) == (latest.year, latest.month)]
    return _counts_map(
        drawer, urls.HOME, month, f"in the briefings of {month_name(latest.year, latest.month)}"
    )


@dataclass(frozen=True, slots=True, eq=False)
class PlacesRead:
    """What a briefing's map reads beyond its own places: the locations registry (names,
    coordinates, countries). (Which places have pages it need not read: each place a
    published briefing lists has one.)"""

    locations: Mapping[str, Location]


def _places_read(index: Index, last: SiteGraphics | None) -> PlacesRead:
    """This build's :class:`PlacesRead`: the last build's object itself while the
    locations registry reads the same (an edit of the actors reads it again), so that
    the drawings' keys compare by identity, once."""
    before = None if last is None else last.places_read
    if isinstance(before, PlacesRead) and before.locations == index.archive.locations:
        return before
    return PlacesRead(index.archive.locations)


def _entity_timelines(drawer: _Drawer, index: Index) -> Iterator[tuple[str, Html]]:
    """The timelines of the actors' and the tags' pages."""
    for actor_id, items in index.by_actor_and_affiliates.items():
        url = urls.actor(actor_id)
        name = index.archive.actors[actor_id].name
        yield url, drawer.timeline(url, items, f"on {name}")
    for tag, items in index.by_tag.items():
        url = urls.tag(tag)
        yield url, drawer.timeline(url, items, f"tagged {tag}")


def draw_graphics(
    index: Index,
    settings: SiteSettings,
    world: World,
    *,
    cache: bool = True,
    last: SiteGraphics | None = None,
    remember: bool = False,
) -> SiteGraphics:
    """Every map and chart of the site. ``cache=False`` projects every map's outlines
    anew and draws every briefing's map even when another briefing has the same places
    (``make bench`` measures what the caches save). ``last``: a preview's last
    graphics, whose drawings are taken where they were drawn from the same inputs;
    ``remember``: keep this build's drawings for such a next build (implied by
    ``last``)."""
    kept = last.drawn if last is not None else {} if remember else None
    drawer = _Drawer(index, settings, world, kept, reuse=cache, earlier=last)
    maps: dict[str, Html] = {}
    timelines: dict[str, Html] = {}
    for location_id, located in index.by_location_and_within.items():
        place = index.archive.locations[location_id]
        url = urls.location(location_id)
        maps[url] = _location_map(drawer, place)
        within = " and places within" if index.places_within.get(location_id) else ""
        timelines[url] = drawer.timeline(url, located, f"at {place.name}{within}")
    places = _places_read(index, last)
    for item in index.briefings:
        url = urls.briefing(item)
        maps[url] = _kept_briefing_map(drawer, item, url, places)
    timelines.update(_entity_timelines(drawer, index))
    timelines[urls.ARCHIVE] = drawer.timeline(urls.ARCHIVE, index.briefings, "in the archive")
    for year, items in index.by_year.items():
        url = urls.archive_year(year)
        maps[url] = _counts_map(drawer, url, items, f"in the briefings of {year}")
    maps[urls.MAP] = _counts_map(drawer, urls.MAP, index.briefings, "in the archive")
    if index.briefings:
        maps[urls.HOME] = _latest_month_map(drawer, index.briefings)
    return SiteGraphics(
        maps={k: v for k, v in maps.items() if v},
        country_names=country_names(index, world),
        timelines={k: v for k, v in timelines.items() if v},
        outline_cache_hits=drawer.cache.hits,
        files=dict(sorted((drawer.cache.layers if kept is None else drawer.files).items())),
        drawn=drawer.drawn,
        places_read=places,
        timeline_keys=drawer.timeline_keys,
        month_links=drawer.months,
    )
