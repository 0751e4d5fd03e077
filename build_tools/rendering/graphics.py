"""The maps and charts of a site, drawn before its pages (see :mod:`.site_graphics`)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from build_tools.rendering.markup import EMPTY, Html


@dataclass(frozen=True, slots=True)
class DrawnGraphic:
    """One map or chart as drawn, with the outline files it draws from (path, SVG)."""

    html: Html
    files: tuple[tuple[str, bytes], ...] = ()
    # The keys of the drawings it holds (a briefing's map in its section), kept with it.
    parts: tuple[Hashable, ...] = ()


@dataclass(frozen=True, slots=True)
class SiteGraphics:
    """Finished graphic blocks (HTML) by the address of the page that shows them."""

    maps: Mapping[str, Html] = field(default_factory=dict)
    timelines: Mapping[str, Html] = field(default_factory=dict)
    # ISO 3166-1 alpha-2 → the name the archive gives the country (its registry
    # record), else Natural Earth's.
    country_names: Mapping[str, str] = field(default_factory=dict)
    outline_cache_hits: int = 0
    # The files the maps draw their outlines from, by path from the site root.
    files: Mapping[str, bytes] = field(default_factory=dict)
    # Every graphic of this build by what it was drawn from: a preview's next build
    # draws only those whose inputs are new (site_graphics.draw_graphics, ``last``).
    drawn: Mapping[Hashable, DrawnGraphic] = field(default_factory=dict, compare=False, repr=False)
    # What the briefings' maps read of the registry (site_graphics.PlacesRead).
    places_read: Hashable = field(default=None, compare=False, repr=False)
    # Each timeline's listing and the key of its drawing, by page address; with the
    # month links the charts were drawn with (site_graphics._Drawer.timeline).
    timeline_keys: Mapping[str, tuple[Sequence[object], Hashable]] = field(
        default_factory=dict, compare=False, repr=False
    )
    month_links: Mapping[tuple[int, int], str] = field(
        default_factory=dict, compare=False, repr=False
    )

    def map_for(self, page_url: str) -> Html:
        return self.maps.get(page_url, EMPTY)

    def timeline_for(self, page_url: str) -> Html:
        return self.timelines.get(page_url, EMPTY)
