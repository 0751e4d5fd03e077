"""A preview's rebuild after any save to the archive: only the units of pages and feeds
whose reads changed are made again (:mod:`build_tools.publishing.page_reads`).

The preview's full builds record every unit's reads (:class:`UnitMemory`,
:func:`recorded_pages`, :class:`RecordedFiles`); after the next save,
:func:`after_archive_change` compares each unit's reads in the new context with the
last build's and renders only the units whose reads give another value. A new unit is
always rendered; a unit that is gone takes its outputs with it. The engine writes
what comes back and deletes what is gone; nothing here writes a file.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Hashable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_tools.format.pages import Page, SiteSettings
from build_tools.indexing.index import Index
from build_tools.publishing.data_exports import Exporter, data_units
from build_tools.publishing.feeds import FeedBuilder, Made, Recent, feed_units
from build_tools.publishing.file_spool import FileSpool
from build_tools.publishing.page_reads import (
    Read,
    ReadDiff,
    ReadLog,
    context_sources,
    recorded_call,
    recording_view,
    replaying,
)
from build_tools.publishing.site_content import (
    FeedContents,
    PageUnit,
    page_units,
    stored_files,
    walled,
)
from build_tools.rendering.context import RenderContext
from build_tools.rendering.quotes_pages import QuotesLayout, quotes_layout

WALL_THREADS = 2  # a rebuild's pages are walled on two threads beside this one


@contextlib.contextmanager
def last_build_set_aside() -> Iterator[None]:
    """Python's collector made to skip every object alive before a preview's rebuild:
    the last build's memory is millions of objects, all still in use, and a full
    collection over them (about a second at 10,000 briefings) is what a rebuild that
    makes a new index would otherwise set off. They are handed back after it, so
    what the rebuild left unreachable is collected as ever."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@dataclass(frozen=True, slots=True)
class UnitRecord:
    """What one unit read and made in the last build (page source paths, or file paths)."""

    reads: frozenset[Read]
    outputs: tuple[str, ...]


class Readers:
    """Each read's units, kept in step with their records: after a save, each distinct
    read is compared once, not once for every unit that made it."""

    def __init__(self) -> None:
        self.records: dict[str, UnitRecord] = {}
        self._units: dict[Read, set[str]] = {}

    def keep(self, key: str, record: UnitRecord) -> None:
        old = self.records.get(key)
        if old is record:
            return
        if old is not None:
            for read in old.reads - record.reads:
                units = self._units[read]
                units.discard(key)
                if not units:
                    del self._units[read]
        for read in record.reads if old is None else record.reads - old.reads:
            self._units.setdefault(read, set()).add(key)
        self.records[key] = record

    def remove(self, key: str) -> None:
        self.keep(key, UnitRecord(frozenset(), ()))
        del self.records[key]

    def dirty(self, diff: ReadDiff) -> set[str]:
        """The units one of whose reads changed."""
        return {key for read, units in self._units.items() if diff.changed(read) for key in units}

    def outputs(self) -> set[str]:
        return {path for record in self.records.values() for path in record.outputs}


class UnitMemory:
    """Each unit's reads and outputs in the preview's last build, and that build's sources."""

    def __init__(self) -> None:
        self.pages = Readers()
        self.files = Readers()
        self.order: list[str] = []  # the units of pages, in the site's order
        self.graphic_files: tuple[str, ...] = ()
        self.sources: dict[str, Any] = {}
        # What the mention finder was made from (ids, names, aliases), set by the engine
        # before each build.
        self.finder_key = b""

    def bodies_changed(self, context: RenderContext) -> None:
        """After a rebuild of bodies alone, which made again every output a body is in
        (:func:`~build_tools.publishing.incremental.after_body_change`): every unit
        holds for ``context``."""
        self.sources = context_sources(context, quotes_layout(context), self.finder_key)

    def page_sources(self) -> list[str]:
        """The source paths of the last build's pages, in the site's order."""
        records = self.pages.records
        return [source for key in self.order for source in records[key].outputs]


@dataclass(frozen=True, slots=True)
class _Recording:
    log: ReadLog
    view: RenderContext
    sources: dict[str, Any]


def _recording(context: RenderContext, finder_key: bytes) -> tuple[_Recording, QuotesLayout]:
    layout = quotes_layout(context)
    log = ReadLog()
    sources = context_sources(context, layout, finder_key)
    view, view_layout = recording_view(context, layout, sources, log)
    return _Recording(log, view, sources), view_layout


def _render_unit(
    recording: _Recording, unit: PageUnit, layout: QuotesLayout
) -> tuple[list[Page], frozenset[Read]]:
    """A unit's pages and reads. (The list items the units share are made from the
    briefing alone, which each unit that lists it has read itself.)"""
    made, reads = recorded_call(recording.log, lambda: list(unit.render(recording.view, layout)))
    if unit.own is not None:
        reads |= {("briefing", unit.own)}
    return made, reads


def recorded_pages(memory: UnitMemory, context: RenderContext) -> Iterator[Page]:
    """Every page, as :func:`~build_tools.publishing.site_content.render_pages` makes
    them, each unit's reads kept in ``memory`` (a preview's full build)."""
    recording, layout = _recording(context, memory.finder_key)
    memory.pages = Readers()
    memory.order = []
    memory.sources = recording.sources
    for unit in page_units(context):
        made, reads = _render_unit(recording, unit, layout)
        memory.pages.keep(unit.key, UnitRecord(reads, tuple(p.source_path for p in made)))
        memory.order.append(unit.key)
        yield from made


def _file_units(
    context: RenderContext, recording: _Recording
) -> Iterator[tuple[str, Callable[[], dict[str, bytes]]]]:
    builder = RecordingFeedBuilder(
        recording.view.index, context.settings, FeedContents(recording.view), recording.log
    )
    for unit in feed_units(context.index, context.settings):
        yield unit.key, functools.partial(unit.make, builder)
    for key, make_data in data_units(context.index):
        yield (
            f"data {key}",
            functools.partial(_data_file, make_data, recording.view.index, context.settings),
        )


class RecordingFeedBuilder(FeedBuilder):
    """The feed builder whose memos (an item is made once for all the feeds that list
    it) give each feed the reads of what it takes from them (:func:`replaying`)."""

    def __init__(
        self, index: Index, settings: SiteSettings, bodies: Mapping[str, str], log: ReadLog
    ) -> None:
        super().__init__(index, settings, bodies)
        self._log = log
        self._reads: dict[Hashable, frozenset[Read]] = {}

    def _memoised(
        self, memo: Recent[Made] | dict[str, Made], key: str, make: Callable[[], Made]
    ) -> Made:
        memoised = super()._memoised
        return replaying(self._log, self._reads, (id(memo), key), lambda: memoised(memo, key, make))


def _data_file(
    make: Callable[[Exporter], dict[str, bytes]], index: Index, settings: SiteSettings
) -> dict[str, bytes]:
    """A data file, by an exporter of its own: its references are memos that would
    hide reads from the next file."""
    return make(Exporter(index, settings))


class RecordedFiles:
    """Every feed, data file and map outline file, as
    :func:`~build_tools.publishing.site_content.feeds_and_exports` makes them, each
    unit's reads kept in ``memory`` (a preview's full build); made in a forked
    process, the reads come back with the paths."""

    def __init__(self, memory: UnitMemory) -> None:
        self.memory = memory

    def here(self, context: RenderContext, folder: Path | None) -> Mapping[str, bytes]:
        return stored_files(self._made(context), folder)

    def _made(self, context: RenderContext) -> Iterator[tuple[str, bytes]]:
        memory = self.memory
        recording, _ = _recording(context, memory.finder_key)
        memory.files = Readers()
        for key, make in _file_units(context, recording):
            files, reads = recorded_call(recording.log, make)
            memory.files.keep(key, UnitRecord(reads, tuple(files)))
            yield from files.items()
        memory.graphic_files = tuple(context.graphics.files)
        yield from context.graphics.files.items()

    def there(self, context: RenderContext, folder: Path) -> list[Any]:
        paths = list(self.here(context, folder))
        return [paths, self.memory.files, self.memory.graphic_files]

    def arrived(self, sent: list[Any], folder: Path) -> Mapping[str, bytes]:
        paths, self.memory.files, self.memory.graphic_files = sent
        return FileSpool.written(folder, paths)


@dataclass(frozen=True, slots=True)
class ArchiveChange:
    """What a save changed: pages rendered again (walled), files made again, and the
    pages and files no longer published."""

    pages: tuple[Page, ...]
    files: dict[str, bytes]
    gone_pages: tuple[str, ...]
    gone_files: tuple[str, ...]


def after_archive_change(memory: UnitMemory, context: RenderContext) -> ArchiveChange:
    """The units of pages and files whose reads changed since the last build, made from
    ``context`` (the new build's, whose finder was made from ``memory.finder_key``).
    The pages are walled on other threads while this one renders the next and then
    makes the files. The wall (nh3) lets go of the GIL but waits for it between pages
    while this thread runs, so with thousands of pages it is the wall that ends last;
    once this thread is done, both cores wall what is left."""
    recording, layout = _recording(context, memory.finder_key)
    diff = ReadDiff(memory.sources, recording.sources)
    dirty_pages, dirty_files = memory.pages.dirty(diff), memory.files.dirty(diff)
    pages_before, files_before = memory.pages.outputs(), memory.files.outputs()
    order: list[str] = []

    def rendered() -> Iterator[Page]:
        for unit in page_units(context):
            order.append(unit.key)
            if unit.key in memory.pages.records and unit.key not in dirty_pages:
                continue
            made, reads = _render_unit(recording, unit, layout)
            memory.pages.keep(unit.key, UnitRecord(reads, tuple(p.source_path for p in made)))
            yield from made

    def made_files() -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        made: list[str] = []
        for key, make in _file_units(context, recording):
            made.append(key)
            if key in memory.files.records and key not in dirty_files:
                continue
            remade, reads = recorded_call(recording.log, make)
            memory.files.keep(key, UnitRecord(reads, tuple(remade)))
            files.update(remade)
        _drop_all_but(memory.files, made)
        return files

    with ThreadPoolExecutor(max_workers=WALL_THREADS, thread_name_prefix="page-wall") as wall:
        waiting = [wall.submit(walled, page) for page in rendered()]
        files = made_files()
        pages = [future.result() for future in waiting]
    _drop_all_but(memory.pages, order)
    files.update(context.graphics.files)
    gone_pages = tuple(sorted(pages_before - memory.pages.outputs()))
    gone_files = tuple(sorted(files_before - memory.files.outputs())) + tuple(
        path for path in memory.graphic_files if path not in context.graphics.files
    )
    memory.order, memory.sources = order, recording.sources
    memory.graphic_files = tuple(context.graphics.files)
    return ArchiveChange(tuple(pages), files, gone_pages, gone_files)


def _drop_all_but(readers: Readers, keys: list[str]) -> None:
    for key in set(readers.records) - set(keys):
        readers.remove(key)
