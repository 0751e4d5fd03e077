"""What a preview remembers between two builds, so a save costs what it changed.

``make serve`` rebuilds after every save. Three parts of a build are worth keeping,
each keyed by everything its result depends on, so a stale entry is never used:

- :class:`ValidationMemory`: each briefing's check, keyed by its file's stat
  (``mtime_ns``, size, inode) and by what every check reads of the registries (ids,
  names, aliases: a description edit checks no briefing again). The checks that span
  briefings run again.
- :class:`BodyMemory`: each body's sanitised HTML, keyed by the body's text (the
  rendering depends on nothing else; mention links are added later, per page).
- :class:`CarriedOver`: any other memo (bodies with their mentions linked, per page),
  keeping from one build to the next only the entries the last build used.
- :class:`OutputMemory`: a digest of every output's inputs from the last build, so
  the engine writes only outputs whose inputs changed and deletes outputs that are
  gone.

Nothing here knows the engine; a build without any memory is always correct, and a
build with it produces the same bytes (``tests/test_incremental.py``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from build_tools.format.model import Archive, Briefing, same_but_body
from build_tools.format.pages import Page
from build_tools.loading.loader import (
    BriefingSource,
    briefing_sources,
    find_briefing_files,
)
from build_tools.publishing.feeds import build_feeds
from build_tools.publishing.site_content import FeedContents, walled
from build_tools.rendering.body import render_bodies
from build_tools.rendering.briefing_page import render_briefing
from build_tools.rendering.context import RenderContext
from build_tools.validation.briefings import BriefingResult
from build_tools.validation.registries import Registries

K = TypeVar("K")
V = TypeVar("V")


def digest(*parts: str | bytes) -> bytes:
    """One fixed-size fingerprint of ``parts``, in order (each part's length is hashed
    too, so ``("ab", "c")`` and ``("a", "bc")`` differ)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.digest()


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What changes when a file is saved, short of reading it."""

    mtime_ns: int
    size: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> FileStamp:
        stat = path.stat()
        return cls(stat.st_mtime_ns, stat.st_size, stat.st_ino)


class ValidationMemory:
    """The briefing results of the last :func:`~build_tools.validation.archive.check_archive`
    of one archive (``memory=``), so that only the briefings saved since are checked again."""

    def __init__(self) -> None:
        self._registries = b""  # what the checks read of the registries at the last call
        self._results: dict[Path, tuple[FileStamp, BriefingResult]] = {}
        self._sources: dict[Path, BriefingSource] = {}
        self.rechecked = 0  # briefings checked by the last call (for tests and benchmarks)
        self._registry_files: tuple[FileStamp | None, ...] = ()
        self._read: Registries | None = None

    def registries_read(self, root: Path, read: Callable[[], Registries]) -> Registries:
        """The registries as ``read`` reads them, read again only when a registry file
        was saved (or made, or deleted) since: a save of a briefing does not parse and
        index every name again."""
        stamps = tuple(
            FileStamp.of(path) if path.is_file() else None
            for path in (root / "actors.yml", root / "locations.yml")
        )
        if self._read is None or stamps != self._registry_files:
            self._read, self._registry_files = read(), stamps
        return self._read

    def results(
        self,
        root: Path,
        check: Callable[[Sequence[BriefingSource]], list[BriefingResult]],
        registries: bytes,
    ) -> list[BriefingResult]:
        """Every briefing's result, in order: remembered while its file and what the
        checks read of the registries (``registries``, a digest) are unchanged, else
        from ``check``."""
        if registries != self._registries:
            self._results = {}
            self._registries = registries
        sources = self._sources_of(root)
        stamps = {s.path: FileStamp.of(s.path) for s in sources}
        stale = [s for s in sources if self._known(s.path, stamps[s.path]) is None]
        fresh = dict(zip((s.path for s in stale), check(stale), strict=True))
        results: list[BriefingResult] = []
        for source in sources:
            result = fresh.get(source.path) or self._known(source.path, stamps[source.path])
            assert result is not None
            results.append(result)
        self._results = {
            s.path: (stamps[s.path], result) for s, result in zip(sources, results, strict=True)
        }
        self.rechecked = len(stale)
        return results

    def _sources_of(self, root: Path) -> list[BriefingSource]:
        """``briefing_sources(root)``, working out only the paths not seen last time."""
        files = find_briefing_files(root)
        known = self._sources
        new = [path for path in files if path not in known]
        if new:
            known.update((s.path, s) for s in briefing_sources(root, new))
        self._sources = {path: known[path] for path in files}
        return list(self._sources.values())

    @property
    def registries(self) -> bytes:
        """What the checks of the last call read of the registries (ids and names: all
        that mention links depend on, too), as a digest."""
        return self._registries

    def _known(self, path: Path, stamp: FileStamp) -> BriefingResult | None:
        known = self._results.get(path)
        return known[1] if known is not None and known[0] == stamp else None


class BodyMemory:
    """:func:`build_tools.rendering.body.render_bodies`, rendering only the bodies not
    seen last time."""

    def __init__(self) -> None:
        self._html: dict[str, str] = {}
        self.rendered = 0  # bodies rendered by the last call

    def __call__(self, bodies: Mapping[K, str]) -> dict[K, str]:
        missing = {text for text in bodies.values() if text not in self._html}
        new = render_bodies({text: text for text in missing})
        self._html = {t: new[t] if t in new else self._html[t] for t in bodies.values()}
        self.rendered = len(missing)
        return {key: self._html[text] for key, text in bodies.items()}


class CarriedOver(MutableMapping[K, V]):
    """A memo for one build that starts with what the last build used of it.

    Entries the last build did not look up are dropped at :meth:`next_build`, so the
    memo holds one build's worth, however many builds it lives through.
    """

    def __init__(self) -> None:
        self._now: dict[K, V] = {}
        self._before: dict[K, V] = {}

    def next_build(self) -> None:
        self._before, self._now = self._now, {}

    def forget(self) -> None:
        """Its inputs changed beyond what its keys say (a registry, for mention links)."""
        self._before, self._now = {}, {}

    def __getitem__(self, key: K) -> V:
        if key in self._now:
            return self._now[key]
        value = self._before[key]
        self._now[key] = value
        return value

    def __setitem__(self, key: K, value: V) -> None:
        self._now[key] = value

    def __delitem__(self, key: K) -> None:
        del self._now[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._now)

    def __len__(self) -> int:
        return len(self._now)


class OutputMemory:
    """The digest of each output's inputs at the last build: what to write, what to delete."""

    def __init__(self) -> None:
        self._last: dict[str, bytes] = {}
        self._now: dict[str, bytes] = {}

    def changed(self, path: str, inputs: bytes) -> bool:
        """Record ``path``'s inputs for this build; whether they differ from the last."""
        self._now[path] = inputs
        return self._last.get(path) != inputs

    def finish(self) -> list[str]:
        """End this build: the outputs of the last build that this one did not make."""
        gone = sorted(set(self._last) - set(self._now))
        self._last, self._now = self._now, {}
        return gone

    def record(self, path: str, inputs: bytes) -> bool:
        """Between builds: ``path`` was written from ``inputs``; whether they are new."""
        changed = self._last.get(path) != inputs
        self._last[path] = inputs
        return changed

    def drop(self, path: str) -> None:
        """Between builds: ``path`` was deleted."""
        self._last.pop(path, None)

    def abandon(self) -> None:
        """After a build that stopped before writing anything: the last build stands."""
        self._now = {}

    def forget(self) -> None:
        """After a failed build nothing is known to be on disk as recorded."""
        self._last, self._now = {}, {}


def frame_inputs(config_bytes: bytes, files: Iterable[tuple[str, FileStamp | None]]) -> bytes:
    """A digest of what every page's frame may depend on: the engine's configuration and
    every file that is not generated (docs pages, theme templates and assets)."""
    parts: list[str | bytes] = [config_bytes]
    for path, stamp in sorted(files, key=lambda item: item[0]):
        parts.append(path)
        parts.append(repr(stamp))
    return digest(*parts)


def changed_bodies(before: Archive, after: Archive) -> tuple[Briefing, ...] | None:
    """The briefings of ``after`` whose body alone differs from ``before``; None when
    anything else differs (a field, a file, a registry entry)."""
    if len(before.briefings) != len(after.briefings):
        return None
    if before.actors != after.actors or before.locations != after.locations:
        return None
    changed = []
    for old, new in zip(before.briefings, after.briefings, strict=True):
        if new is old or new == old:
            continue
        if not same_but_body(old, new):
            return None
        changed.append(new)
    return tuple(changed)


@dataclass(frozen=True, slots=True)
class BodyChange:
    """What a change of bodies alone changes: those briefings' pages, and the feeds."""

    context: RenderContext  # the last build's, with the new bodies
    pages: tuple[Page, ...]
    feeds: dict[str, bytes]


def after_body_change(
    context: RenderContext, after: Archive, changed: tuple[Briefing, ...], bodies: BodyMemory
) -> BodyChange:
    """Pages and feeds again for ``changed`` (from :func:`changed_bodies`).

    Bodies appear on their own briefing's page and in feeds, nowhere else (listings show
    summaries; the index and exports do not read them): the byte-for-byte test of
    ``tests/test_incremental.py`` holds this path to a clean build.
    """
    published = {item.id for item in context.index.briefings}
    texts = {item.id: item.body for item in after.briefings if item.id in published}
    updated = replace(context, bodies=bodies(texts))
    pages = tuple(
        walled(render_briefing(updated, item)) for item in changed if item.id in published
    )
    ids = {item.id for item in changed}
    shown = context.settings.feed_items
    feeds = build_feeds(
        updated.index,
        updated.settings,
        FeedContents(updated),
        entity_feeds_of=lambda items: any(b.id in ids for b in items[:shown]),
    )
    return BodyChange(updated, pages, feeds)
