"""The whole published site, built from a validated archive in one pure step.

Read and index everything, render every body once, then every page, feed and data
file (Pelican's ``generate_context`` before ``generate_output``). Nothing here
writes a file or knows the engine: the MkDocs adapter and ``briefings export``
both start from the :class:`SiteContent` this returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, MutableMapping

from build_tools.body import render_bodies
from build_tools.data_exports import build_data_exports
from build_tools.feeds import build_feeds
from build_tools.geo.outlines import load_world
from build_tools.index import build_index
from build_tools.model import Archive
from build_tools.pages import Page, SiteContent, SiteSettings
from build_tools.render.briefing_page import feed_appendix, render_briefing
from build_tools.render.context import RenderContext, mention_finder
from build_tools.render.entity_pages import render_actor, render_location, render_tag
from build_tools.render.front_page import render_front_page
from build_tools.render.listing_pages import (
    render_actor_index,
    render_archive,
    render_corrections,
    render_location_index,
    render_tag_index,
)
from build_tools.render.map_page import render_map_page
from build_tools.render.quotes_pages import quotes_layout, render_quotes
from build_tools.render.search_page import render_search
from build_tools.render.site_graphics import draw_graphics


class DuplicateAddress(ValueError):
    """Two outputs claim one address: a bug in the renderers, never a content problem."""


def render_pages(context: RenderContext) -> list[Page]:
    index = context.index
    layout = quotes_layout(context)
    pages = [render_front_page(context), *render_archive(context), render_map_page(context)]
    pages.extend(render_briefing(context, item) for item in index.briefings)
    pages.append(render_actor_index(context))
    for actor_id in index.by_actor_and_affiliates:
        pages.extend(render_actor(context, index.archive.actors[actor_id], layout))
    pages.append(render_location_index(context))
    for location_id in index.by_location_and_within:
        pages.extend(render_location(context, index.archive.locations[location_id]))
    pages.append(render_tag_index(context))
    for tag in index.by_tag:
        pages.extend(render_tag(context, tag))
    pages.extend(render_quotes(context, layout))
    pages.extend(render_corrections(context))
    pages.append(render_search(context))
    return pages


def feed_contents(context: RenderContext) -> dict[str, str]:
    """Each briefing's feed content: its body, then the quotes and sources its page shows."""
    return {
        item.id: context.bodies[item.id] + feed_appendix(context, item)
        for item in context.index.briefings
    }


def check_unique(pages: Iterable[Page], files: Iterable[str]) -> None:
    seen: set[str] = set()
    for path in [*(p.source_path for p in pages), *files]:
        if path in seen:
            raise DuplicateAddress(f"two outputs at {path}")
        seen.add(path)


def render_context(
    archive: Archive,
    settings: SiteSettings,
    *,
    render: Callable[[Mapping[str, str]], dict[str, str]] = render_bodies,
    linked_bodies: MutableMapping[tuple[str, str, tuple[tuple[str, str], ...]], str] | None = None,
) -> RenderContext:
    """The index, rendered bodies and graphics every page, feed and data file is made from.

    ``render``: how bodies become HTML; ``linked_bodies``: bodies with their mentions
    linked, by page, body and listed entities (a preview passes both from its last
    build; the second only while the registries are unchanged)."""
    index = build_index(archive)
    bodies = render({item.id: item.body for item in index.briefings})
    return RenderContext(
        index,
        settings,
        bodies,
        mention_finder(index),
        linked_bodies={} if linked_bodies is None else linked_bodies,
        graphics=draw_graphics(index, settings, load_world()),
    )


def site_content_from(context: RenderContext) -> SiteContent:
    pages = render_pages(context)
    feeds = build_feeds(context.index, context.settings, feed_contents(context))
    exports = build_data_exports(context.index, context.settings)
    check_unique(pages, [*feeds, *exports])  # before merging: a dict keeps one of two
    files = {**feeds, **exports}
    return SiteContent(pages=tuple(pages), files=dict(sorted(files.items())))


def build_site_content(archive: Archive, settings: SiteSettings) -> SiteContent:
    return site_content_from(render_context(archive, settings))
