"""What every renderer needs, gathered once per build."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field

from build_tools.format.pages import SiteSettings
from build_tools.indexing.index import Index
from build_tools.loading.mentions import MentionFinder
from build_tools.rendering.graphics import SiteGraphics


@dataclass(frozen=True, slots=True)
class RenderContext:
    index: Index
    settings: SiteSettings
    # Briefing id → sanitised body HTML without mention links: rendered once per
    # build and shared with the feeds, which want other link bases.
    bodies: Mapping[str, str]
    finder: MentionFinder
    # A briefing's entry in a list is the same on every page but for its link and
    # note: (id, summary?) → its title, date and summary as HTML (rendering.parts).
    list_items: dict[tuple[str, bool], tuple[str, str, str]] = field(
        default_factory=dict, compare=False
    )
    # (page URL, body HTML, listed entities) → the body with its first mentions linked.
    # A preview keeps it between builds while the registries (names, ids) stay the same;
    # None: a build that renders each page once keeps none (a copy of every body).
    linked_bodies: MutableMapping[tuple[str, str, tuple[tuple[str, str], ...]], str] | None = field(
        default=None, compare=False
    )
    # Maps and charts by page address, drawn before any page (render.site_graphics).
    graphics: SiteGraphics = field(default_factory=SiteGraphics)
