"""The whole published site, built from a validated archive in one pure step.

Read and index everything, render every body once, then every page, feed and data
file (Pelican's ``generate_context`` before ``generate_output``). Nothing here
writes a file or knows the engine: the MkDocs adapter and ``briefings export``
both start from the :class:`SiteContent` this returns, so both publish the same
bytes.

Every page passes the second sanitising wall (:mod:`build_tools.rendering.page_wall`)
here, in the core: no engine and no export can skip it. The wall is nh3, which
runs in Rust with Python's lock released, so it runs on a second thread while this
one renders the next pages and then the feeds and data files (``wall_thread``):
on a second core it costs the build almost no wall time. Turned off, the same
pages come out of the same pass, one after the other (``make bench`` compares).
"""

from __future__ import annotations

import itertools
import shutil
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from build_tools.format.model import Archive, Briefing, same_but_body
from build_tools.format.pages import Page, SiteContent, SiteSettings
from build_tools.indexing.index import Index, build_index, older_page_count
from build_tools.loading.mentions import MentionFinder
from build_tools.publishing.data_exports import build_data_exports
from build_tools.publishing.feeds import iter_feeds
from build_tools.publishing.file_spool import FileSpool, PageSpool
from build_tools.rendering.body import render_bodies
from build_tools.rendering.briefing_page import feed_appendix, render_briefing
from build_tools.rendering.context import RenderContext
from build_tools.rendering.entity_pages import (
    render_actor,
    render_actor_older,
    render_location,
    render_location_older,
    render_tag,
    render_tag_older,
)
from build_tools.rendering.front_page import render_front_page
from build_tools.rendering.geo.outlines import load_world
from build_tools.rendering.graphics import SiteGraphics
from build_tools.rendering.listing_pages import (
    render_actor_index,
    render_archive,
    render_corrections,
    render_location_index,
    render_tag_index,
    render_year,
    render_year_older,
)
from build_tools.rendering.map_page import render_map_page
from build_tools.rendering.markup import one_block
from build_tools.rendering.page_wall import sanitise_page
from build_tools.rendering.quotes_pages import QuotesLayout, quotes_layout, render_quotes
from build_tools.rendering.search_page import render_search
from build_tools.rendering.site_graphics import draw_graphics
from build_tools.validation.processes import Background, available_cores, can_fork

# Pages rendered and waiting for the wall thread, at most, when the build keeps its
# pages on disk: rendering outruns the wall, and a backlog of the whole site's pages
# would hold them all in memory after all.
WALL_BACKLOG = 64


class DuplicateAddress(ValueError):
    """Two outputs claim one address: a bug in the renderers, never a content problem."""


@dataclass(frozen=True, slots=True)
class PageUnit:
    """Pages rendered together (a briefing's page, an entity's pages, a listing), the
    unit a preview renders again or keeps (:mod:`build_tools.publishing.page_reads`).
    ``own``: the briefing the unit is of, which it reads without looking it up."""

    key: str
    render: Callable[[RenderContext, QuotesLayout], Iterable[Page]]
    own: str | None = None


def _briefing_unit(item: Briefing) -> PageUnit:
    return PageUnit(f"briefing {item.id}", lambda c, _: (render_briefing(c, item),), item.id)


def _older_units(
    key: str, listing: tuple[Briefing, ...], size: int, render: Callable[[RenderContext, int], Page]
) -> Iterator[PageUnit]:
    """A listing's older pages, one unit each, as a reader goes down it: a page reads
    only its own briefings (:func:`~build_tools.indexing.index.older_page`), so a new
    briefing renders again the listing's first page and its newest older page alone."""

    def unit(number: int) -> PageUnit:
        return PageUnit(f"{key} page {number}", lambda c, _: (render(c, number),))

    yield from map(unit, range(older_page_count(len(listing), size), 0, -1))


def _actor_units(index: Index, actor_id: str, size: int) -> Iterator[PageUnit]:
    def render(c: RenderContext, layout: QuotesLayout) -> tuple[Page]:
        return (render_actor(c, c.index.archive.actors[actor_id], layout),)

    key = f"actor {actor_id}"
    yield PageUnit(key, render)
    listing = index.by_actor_and_affiliates[actor_id]
    yield from _older_units(key, listing, size, lambda c, n: render_actor_older(c, actor_id, n))


def _location_units(index: Index, location_id: str, size: int) -> Iterator[PageUnit]:
    def render(c: RenderContext, _: QuotesLayout) -> tuple[Page]:
        return (render_location(c, c.index.archive.locations[location_id]),)

    key = f"location {location_id}"
    yield PageUnit(key, render)
    listing = index.by_location_and_within[location_id]
    yield from _older_units(
        key, listing, size, lambda c, n: render_location_older(c, location_id, n)
    )


def _tag_units(index: Index, tag: str, size: int) -> Iterator[PageUnit]:
    key = f"tag {tag}"
    yield PageUnit(key, lambda c, _: (render_tag(c, tag),))
    yield from _older_units(key, index.by_tag[tag], size, lambda c, n: render_tag_older(c, tag, n))


def _year_units(index: Index, year: int, size: int) -> Iterator[PageUnit]:
    key = f"year {year}"
    yield PageUnit(key, lambda c, _: (render_year(c, year),))
    yield from _older_units(
        key, index.by_year[year], size, lambda c, n: render_year_older(c, year, n)
    )


def page_units(context: RenderContext) -> Iterator[PageUnit]:
    """Every page of the site, unit by unit, in the order of the published site."""
    index = context.index
    size = context.settings.page_size
    yield PageUnit("front page", lambda c, _: (render_front_page(c),))
    yield PageUnit("archive", lambda c, _: (render_archive(c),))
    for year in index.by_year:
        yield from _year_units(index, year, size)
    yield PageUnit("map", lambda c, _: (render_map_page(c),))
    yield from (_briefing_unit(item) for item in index.briefings)
    yield PageUnit("actor index", lambda c, _: (render_actor_index(c),))
    for actor_id in index.by_actor_and_affiliates:
        yield from _actor_units(index, actor_id, size)
    yield PageUnit("location index", lambda c, _: (render_location_index(c),))
    for location_id in index.by_location_and_within:
        yield from _location_units(index, location_id, size)
    yield PageUnit("tag index", lambda c, _: (render_tag_index(c),))
    for tag in index.by_tag:
        yield from _tag_units(index, tag, size)
    yield PageUnit("quotes", render_quotes)
    yield PageUnit("corrections", lambda c, _: render_corrections(c))
    yield PageUnit("search", lambda c, _: (render_search(c),))


def render_pages(context: RenderContext) -> Iterator[Page]:
    """Every page as the renderers make it, one at a time, before the wall."""
    layout = quotes_layout(context)
    for unit in page_units(context):
        yield from unit.render(context, layout)


def walled(page: Page) -> Page:
    """The page as it is published: its HTML through the second wall, and still one
    raw HTML block (the wall's parser turns the block's ``&#10;`` back into blank
    lines, which would end the block early in an engine's Markdown)."""
    return replace(page, html=one_block(sanitise_page(page.html).rstrip("\n")))


class FeedContents(Mapping[str, str]):
    """Each briefing's feed content: its body, then the quotes and sources its page
    shows, made when a feed builder asks for it. All of them at once would hold a
    second copy of every body (200 MB at 10,000 long briefings) for feeds that carry
    the full text of a few briefings each; the quotes and sources are kept, since a
    builder makes an item again once its memo has let it go."""

    def __init__(self, context: RenderContext) -> None:
        self._context = context
        self._briefings = {item.id: item for item in context.index.briefings}
        self._appendices: dict[str, str] = {}

    def __getitem__(self, key: str) -> str:
        appendix = self._appendices.get(key)
        if appendix is None:
            appendix = self._appendices[key] = feed_appendix(self._context, self._briefings[key])
        return self._context.bodies[key] + appendix

    def __iter__(self) -> Iterator[str]:
        return iter(self._briefings)

    def __len__(self) -> int:
        return len(self._briefings)


def check_unique(pages: Iterable[Page], files: Iterable[str]) -> None:
    seen: set[str] = set()
    for path in [*(p.source_path for p in pages), *files]:
        if path in seen:
            raise DuplicateAddress(f"two outputs at {path}")
        seen.add(path)


def render_context(
    archive: Archive,
    settings: SiteSettings,
    finder: MentionFinder,
    *,
    render: Callable[[Mapping[str, str]], dict[str, str]] = render_bodies,
    linked_bodies: MutableMapping[tuple[str, str, tuple[tuple[str, str], ...]], str] | None = None,
    last: RenderContext | None = None,
    keep_drawings: bool = False,
) -> RenderContext:
    """The index, rendered bodies and graphics every page, feed and data file is made from.

    ``finder``: the registries' names as validation indexed them (built once per
    build, :class:`~build_tools.validation.archive.CheckedArchive`); ``render``: how
    bodies become HTML; ``linked_bodies``: a memo of bodies with their mentions
    linked, by page, body and listed entities (a preview passes both from its last
    build; the second only while the registries are unchanged; without it, no linked
    body is kept: a build renders each page once); ``last``: a preview's
    last context, whose index and graphics are kept where they are made from the same
    things (:func:`kept_index`, :func:`kept_graphics`), else whose related briefings,
    maps and charts are kept where they are made from the same inputs;
    ``keep_drawings``: a preview's first build, whose maps and charts its next build
    takes in the same way."""
    kept = None if last is None else kept_index(last.index, archive)
    index = kept
    if index is None:
        index = build_index(archive, None if last is None else last.index)
    texts = {item.id: item.body for item in archive.briefings}  # a kept index's may be old
    bodies = render({item.id: texts[item.id] for item in index.briefings})
    graphics = None if last is None or kept is None else kept_graphics(last, archive, settings)
    if graphics is None:
        earlier = None if last is None else last.graphics
        graphics = draw_graphics(
            index, settings, load_world(), last=earlier, remember=keep_drawings
        )
    return RenderContext(
        index,
        settings,
        bodies,
        finder,
        linked_bodies=linked_bodies,
        graphics=graphics,
    )


def kept_index(last: Index, archive: Archive) -> Index | None:
    """``last`` for ``archive``, when it is made from the same things: the same
    briefings but for their bodies (no index reads a body: pages take it rendered, from
    the context's bodies), and the same places, each within the same place, and the
    same actors, each affiliated as before (a registry edit of a description, say).
    None when anything of that changed."""
    before = last.archive
    if len(before.briefings) != len(archive.briefings) or not all(
        map(same_but_body, before.briefings, archive.briefings)
    ):
        return None
    within = {p.id: p.within for p in archive.locations.values()}
    if {p.id: p.within for p in before.locations.values()} != within:
        return None
    affiliation = {a.id: a.affiliation for a in archive.actors.values()}
    if {a.id: a.affiliation for a in before.actors.values()} != affiliation:
        return None
    return replace(last, archive=archive)


def kept_graphics(
    last: RenderContext, archive: Archive, settings: SiteSettings
) -> SiteGraphics | None:
    """The last context's graphics, for an index :func:`kept_index` kept, when the maps
    and charts read the same of the registries: every place, and the actors' names."""
    before = last.index.archive
    if last.settings != settings or before.locations != archive.locations:
        return None
    names = {a.id: a.name for a in archive.actors.values()}
    if {a.id: a.name for a in before.actors.values()} != names:
        return None
    return last.graphics


def site_content_from(
    context: RenderContext,
    *,
    wall_thread: bool = True,
    spool: Path | None = None,
    each_page: Callable[[Page], None] | None = None,
    feeds_process: bool = True,
    pages_of: Callable[[RenderContext], Iterable[Page]] = render_pages,
    files: FileMaker | None = None,
) -> SiteContent:
    """Every page (walled), feed and data file; ``wall_thread``: wall the pages on a
    second thread while this one renders and builds the feeds (same bytes either way);
    ``feeds_process``: with a spool, make the feeds and data files in a forked process
    while this one renders the pages, where that is safe (same bytes either way);
    ``spool``: an empty folder to keep the pages' HTML and the files in, each written as
    it is made (:mod:`build_tools.publishing.file_spool`), instead of all in memory;
    ``each_page``: given each published page as soon as it is walled, in order, on the
    wall's thread (the site search indexes the pages while the build goes on);
    ``pages_of`` and ``files``: how the pages and the files are made (a preview records
    what each unit of them reads)."""
    pages: list[Page] | PageSpool = [] if spool is None else PageSpool(spool / "pages")

    def wall_and_keep(page: Page) -> None:
        published = walled(page)
        pages.append(published)
        if each_page is not None:
            each_page(published)

    # Before the wall's thread starts: a process with a second thread cannot fork.
    maker = FeedsAndExports() if files is None else files
    feeds = _feeds_elsewhere(context, spool, maker) if feeds_process and spool is not None else None
    try:
        made = _walled_then_files(
            pages_of(context),
            wall_and_keep,
            lambda: _feeds_here_or_there(context, spool, feeds, maker),
            wall_thread=wall_thread,
            backlog=spool is not None,
        )
    finally:
        if feeds is not None:
            feeds.cancel()  # only when the pages failed before the files were collected
    if isinstance(pages, list):
        check_unique(pages, made)
        return SiteContent(pages=tuple(pages), files=made)
    check_unique(pages.light, made)
    return SiteContent(pages=pages, files=made)


def _walled_then_files(
    rendered: Iterable[Page],
    wall_and_keep: Callable[[Page], None],
    files: Callable[[], Mapping[str, bytes]],
    *,
    wall_thread: bool,
    backlog: bool,
) -> Mapping[str, bytes]:
    """Every page walled and kept, on the wall's thread or here, then the files;
    ``backlog``: bound the pages waiting for the wall (they are kept on disk)."""
    if not wall_thread:
        for page in rendered:
            wall_and_keep(page)
        return files()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="page-wall") as wall:
        waiting: deque[Future[None]] = deque()  # one worker: pages kept in render order
        for page in rendered:
            waiting.append(wall.submit(wall_and_keep, page))
            if backlog and len(waiting) > WALL_BACKLOG:
                waiting.popleft().result()
        made = files()
        for future in waiting:
            future.result()
    return made


class FileMaker(Protocol):
    """How a build makes its feeds, data files and outline files: here, or in a forked
    process (``there``) whose answer (``arrived``) comes back pickled."""

    def here(self, context: RenderContext, folder: Path | None) -> Mapping[str, bytes]: ...

    def there(self, context: RenderContext, folder: Path) -> list[Any]: ...

    def arrived(self, sent: list[Any], folder: Path) -> Mapping[str, bytes]: ...


class FeedsAndExports:
    """A build's files as :func:`feeds_and_exports` makes them; the forked process
    sends back their paths."""

    def here(self, context: RenderContext, folder: Path | None) -> Mapping[str, bytes]:
        return feeds_and_exports(context, folder)

    def there(self, context: RenderContext, folder: Path) -> list[Any]:
        return list(feeds_and_exports(context, folder))

    def arrived(self, sent: list[Any], folder: Path) -> Mapping[str, bytes]:
        return FileSpool.written(folder, sent)


def _feeds_elsewhere(context: RenderContext, spool: Path, maker: FileMaker) -> Background | None:
    """The feeds and data files made by a forked process, into the spool, while this
    one renders the pages (None where forking is not safe or there is one core)."""
    if available_cores() < 2 or not can_fork():
        return None
    folder = spool / "files"
    return Background(lambda: maker.there(context, folder))


def _feeds_here_or_there(
    context: RenderContext, spool: Path | None, elsewhere: Background | None, maker: FileMaker
) -> Mapping[str, bytes]:
    """The feeds and data files: the forked process's, or made here if it failed
    (a path made twice is then refused here, with its reason)."""
    if spool is None:
        return maker.here(context, None)
    folder = spool / "files"
    sent = None if elsewhere is None else elsewhere.result()
    if sent is None:
        shutil.rmtree(folder, ignore_errors=True)
        return maker.here(context, folder)
    return maker.arrived(sent, folder)


def feeds_and_exports(context: RenderContext, spool: Path | None) -> Mapping[str, bytes]:
    """Every feed, data file and map outline file, by path in order; a path made twice
    is refused before a mapping could keep one of the two."""
    made = itertools.chain(
        iter_feeds(context.index, context.settings, FeedContents(context)),
        build_data_exports(context.index, context.settings).items(),
        context.graphics.files.items(),  # the maps' outlines
    )
    return stored_files(made, spool)


def stored_files(made: Iterable[tuple[str, bytes]], spool: Path | None) -> Mapping[str, bytes]:
    """The files ``made``, by path in order: in memory, or each written to ``spool``
    as it comes; a path made twice is refused before a mapping could keep one of the two."""
    if spool is None:
        files = list(made)
        check_unique([], [path for path, _ in files])
        return dict(sorted(files))
    stored = FileSpool(spool)
    for path, data in made:
        if path in stored:
            raise DuplicateAddress(f"two outputs at {path}")
        stored.add(path, data)
    stored.sort()
    return stored


def build_site_content(
    archive: Archive,
    settings: SiteSettings,
    finder: MentionFinder,
    *,
    wall_thread: bool = True,
    spool: Path | None = None,
) -> SiteContent:
    context = render_context(archive, settings, finder)
    return site_content_from(context, wall_thread=wall_thread, spool=spool)
