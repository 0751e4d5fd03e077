"""What each page of a build read of the build's context, so that a preview, after a
save, renders again only the pages whose reads changed.

A preview renders its pages from a *recording* view of the context: the same index,
bodies and graphics, each mapping wrapped so that looking a key up notes
``(source, key)`` and going through it whole notes ``(source, WHOLE)``, and each
tuple noted whole as soon as it is touched. The reads of one unit of pages (a
briefing's page, an actor's pages, …) are kept with the unit. After the next save,
a unit is rendered again exactly when one of its reads gives another value in the
new context than in the last (:class:`ReadDiff`); every other unit's pages are the
ones the last build wrote. Nothing is inferred about what a renderer needs: whatever
it reads, through whichever helper, is what it depends on, so a renderer that starts
reading something new is tracked without a change here.

The byte-for-byte test of ``tests/test_incremental.py`` holds this to clean builds.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import (
    Callable,
    Hashable,
    ItemsView,
    Iterator,
    KeysView,
    Mapping,
    MutableMapping,
    ValuesView,
)
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from typing import Any, Final, TypeVar, cast

from build_tools.format.model import Archive, Briefing, same_but_body
from build_tools.indexing.index import (
    CorrectionRef,
    Index,
    OlderPage,
    QuoteRef,
    cut_older_page,
)
from build_tools.loading.mentions import MentionFinder
from build_tools.rendering.context import RenderContext
from build_tools.rendering.quotes_pages import QuotesLayout

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


class _Whole:
    def __repr__(self) -> str:
        return "WHOLE"

    def __reduce__(self) -> str:
        return "WHOLE"  # unpickled as this module's one WHOLE (reads cross processes)


WHOLE: Final = _Whole()  # the key of a read of a whole source
_MISSING: Final = object()

Read = tuple[str, object]  # (source, key or WHOLE)
GRAPHICS_SOURCES = ("maps", "timelines", "country_names", "files")


class ReadLog:
    """Where the recording view notes its reads: the set of the unit being rendered,
    or nowhere between units (see :meth:`unit`)."""

    def __init__(self) -> None:
        self.reads: set[Read] | None = None

    def note(self, source: str, key: object) -> None:
        if self.reads is not None:
            self.reads.add((source, key))

    def add(self, reads: frozenset[Read]) -> None:
        if self.reads is not None:
            self.reads |= reads

    @contextmanager
    def unit(self) -> Iterator[set[Read]]:
        reads: set[Read] = set()
        outer, self.reads = self.reads, reads
        try:
            yield reads
        finally:
            self.reads = outer


class RecordedMapping(Mapping[K, V]):
    """A mapping that notes each key looked up, and a read of the whole when it is
    iterated, sized or viewed."""

    __slots__ = ("_log", "_mapping", "_source")

    def __init__(self, source: str, mapping: Mapping[K, V], log: ReadLog) -> None:
        self._source = source
        self._mapping = mapping
        self._log = log

    def __getitem__(self, key: K) -> V:
        self._log.note(self._source, key)
        return self._mapping[key]

    def get(self, key: K, default: Any = None) -> Any:
        self._log.note(self._source, key)
        return self._mapping.get(key, default)

    def newest(self, key: K, count: int) -> Any:
        """The first ``count`` items of a listing, noted as those alone
        (:func:`build_tools.indexing.index.newest`)."""
        read = Newest(key, count)
        self._log.note(self._source, read)
        return read.cut(cast("tuple[Any, ...]", self._mapping[key]))

    def older_page(self, key: K, number: int, size: int, cap: int) -> OlderPage:
        """One page of a listing's older briefings, noted as that page alone
        (:func:`build_tools.indexing.index.older_page`)."""
        read = OlderPageRead(key, number, size, cap)
        self._log.note(self._source, read)
        return read.cut(cast("tuple[Briefing, ...]", self._mapping[key]))

    def __contains__(self, key: object) -> bool:
        self._log.note(self._source, Field(key, None))  # whether it is there, not its value
        return key in self._mapping

    def __iter__(self) -> Iterator[K]:
        self._log.note(self._source, WHOLE)
        return iter(self._mapping)

    def __len__(self) -> int:
        self._log.note(self._source, WHOLE)
        return len(self._mapping)

    def keys(self) -> KeysView[K]:
        self._log.note(self._source, WHOLE)
        return self._mapping.keys()

    def values(self) -> ValuesView[V]:
        self._log.note(self._source, WHOLE)
        return self._mapping.values()

    def items(self) -> ItemsView[K, V]:
        self._log.note(self._source, WHOLE)
        return self._mapping.items()

    def __eq__(self, other: object) -> bool:
        self._log.note(self._source, WHOLE)
        return self._mapping == other

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class Field:
    """The key of a read of one entry of a source: one of its fields, or (``name`` None)
    only that it is there (``in``)."""

    key: object
    name: str | None


@dataclass(frozen=True, slots=True)
class Newest:
    """The key of a read of the first ``count`` items of one listing of a source."""

    key: object
    count: int

    def cut(self, listing: tuple[Any, ...]) -> tuple[Any, ...]:
        return listing[: self.count]


@dataclass(frozen=True, slots=True)
class OlderPageRead:
    """The key of a read of one page of a listing's older briefings."""

    key: object
    number: int
    size: int
    cap: int

    def cut(self, listing: tuple[Briefing, ...]) -> OlderPage:
        return cut_older_page(listing, self.number, self.size, self.cap)


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


@functools.cache
def _recording_class(cls: type) -> type:
    """A subclass of a registry entry's class that notes each field read of it."""
    names = frozenset(_field_names(cls))

    def __getattribute__(self: Any, name: str) -> Any:
        if name in names:
            note = object.__getattribute__(self, "_note")
            note(Field(object.__getattribute__(self, "id"), name))
        return object.__getattribute__(self, name)

    return type(
        f"Recorded{cls.__name__}",
        (cls,),
        {"__slots__": ("_note",), "__getattribute__": __getattribute__},
    )


class RecordedEntities(RecordedMapping[str, V]):
    """Registry entries, each read field by field: a page that shows an actor's name
    does not depend on its description."""

    __slots__ = ("_entries",)

    def __init__(self, source: str, mapping: Mapping[str, V], log: ReadLog) -> None:
        super().__init__(source, mapping, log)
        self._entries: dict[str, V] = {}

    def _entry(self, key: str) -> V:
        made = self._entries.get(key)
        if made is not None:
            return made
        entry = self._mapping[key]
        cls: type = type(entry)
        recorded: Any = object.__new__(_recording_class(cls))
        for name in _field_names(cls):
            object.__setattr__(recorded, name, getattr(entry, name))
        object.__setattr__(recorded, "_note", functools.partial(self._log.note, self._source))
        self._entries[key] = recorded
        return recorded  # type: ignore[no-any-return]

    def __getitem__(self, key: str) -> V:
        self._log.note(self._source, Field(key, None))
        return self._entry(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._log.note(self._source, Field(key, None))
        return self._entry(key) if key in self._mapping else default

    def __contains__(self, key: object) -> bool:
        self._log.note(self._source, Field(key, None))
        return key in self._mapping


class _NotingFinder:
    """The mention finder, calling ``note()`` whenever a renderer asks it anything (its
    own methods then run on the finder itself, at full speed)."""

    def __init__(self, finder: MentionFinder, note: Callable[[], None]) -> None:
        self._finder = finder
        self._note = note

    def __getattr__(self, name: str) -> Any:
        self._note()
        return getattr(self._finder, name)


class NotingMemo(MutableMapping[K, V]):
    """A memo that calls ``note()`` on every use: its entries stand for a source."""

    def __init__(self, memo: MutableMapping[K, V], note: Callable[[], None]) -> None:
        self._memo = memo
        self._note = note

    def __getitem__(self, key: K) -> V:
        self._note()
        return self._memo[key]

    def __setitem__(self, key: K, value: V) -> None:
        self._note()
        self._memo[key] = value

    def __delitem__(self, key: K) -> None:
        self._note()
        del self._memo[key]

    def __iter__(self) -> Iterator[K]:
        self._note()
        return iter(self._memo)

    def __len__(self) -> int:
        self._note()
        return len(self._memo)


class RecordedTuple(tuple[T, ...]):
    """A tuple that notes a read of the whole on any use: a listing of every briefing
    depends on every briefing."""

    _source: str
    _log: ReadLog

    def __new__(cls, source: str, items: tuple[T, ...], log: ReadLog) -> RecordedTuple[T]:
        made = super().__new__(cls, items)
        made._source = source
        made._log = log
        return made

    def _noted(self) -> None:
        self._log.note(self._source, WHOLE)

    def __iter__(self) -> Iterator[T]:
        self._noted()
        return super().__iter__()

    def __getitem__(self, key: Any) -> Any:
        self._noted()
        return super().__getitem__(key)

    def __len__(self) -> int:
        self._noted()
        return super().__len__()

    def __contains__(self, key: object) -> bool:
        self._noted()
        return super().__contains__(key)

    def index(self, value: Any, *args: Any) -> int:
        self._noted()
        return super().index(value, *args)

    def count(self, value: Any) -> int:
        self._noted()
        return super().count(value)

    def __add__(self, other: Any) -> Any:
        self._noted()
        return tuple(super().__iter__()) + other

    def __eq__(self, other: object) -> bool:
        self._noted()
        return tuple(super().__iter__()) == other

    __hash__ = None  # type: ignore[assignment]


def _archive_sources(archive: Archive) -> dict[str, Any]:
    return {
        "archive.actors": archive.actors,
        "archive.locations": archive.locations,
        "archive.briefings": archive.briefings,
    }


def context_sources(
    context: RenderContext, layout: QuotesLayout, finder_key: bytes
) -> dict[str, Any]:
    """Every source a page may read, by name: each field of the index, the archive's
    registries and briefings, the bodies, the graphics, the quotes' layout, each
    published briefing by id (the unit of a briefing's page reads its own), and the
    mention finder, as ``finder_key`` (what it was made from: the registries' ids,
    names and aliases)."""
    index = context.index
    sources: dict[str, Any] = {
        f"index.{f.name}": getattr(index, f.name) for f in fields(index) if f.name != "archive"
    }
    sources.update(_archive_sources(index.archive))
    sources["bodies"] = context.bodies
    graphics = context.graphics
    for name in GRAPHICS_SOURCES:
        sources[f"graphics.{name}"] = getattr(graphics, name)
    sources["layout.pages"] = layout.pages
    sources["layout.first_page"] = layout.first_page
    sources["briefing"] = {item.id: item for item in index.briefings}
    sources["finder"] = finder_key
    return sources


def _recorded(source: str, value: Any, log: ReadLog) -> Any:
    if isinstance(value, tuple):
        return RecordedTuple(source, value, log)
    return RecordedMapping(source, value, log)


def recording_view(
    context: RenderContext, layout: QuotesLayout, sources: Mapping[str, Any], log: ReadLog
) -> tuple[RenderContext, QuotesLayout]:
    """The context and layout, each of their ``sources`` (:func:`context_sources`)
    recorded in ``log``.

    The mention finder is read whole by any use of it, and so is the memo of bodies
    with their mentions linked, which holds what the finder found."""

    def recorded(name: str) -> Any:
        return _recorded(name, sources[name], log)

    archive = replace(
        context.index.archive,
        actors=RecordedEntities("archive.actors", sources["archive.actors"], log),
        locations=RecordedEntities("archive.locations", sources["archive.locations"], log),
        briefings=recorded("archive.briefings"),
    )
    index = replace(
        context.index,
        archive=archive,
        **{f.name: recorded(f"index.{f.name}") for f in fields(Index) if f.name != "archive"},
    )
    graphics = replace(
        context.graphics,
        **{
            name: recorded(f"graphics.{name}")
            for name in ("maps", "timelines", "country_names", "files")
        },
    )
    view = replace(
        context,
        index=index,
        bodies=recorded("bodies"),
        graphics=graphics,
        list_items={},
        finder=cast(
            "MentionFinder",
            _NotingFinder(context.finder, functools.partial(log.note, "finder", WHOLE)),
        ),
        linked_bodies=None
        if context.linked_bodies is None
        else NotingMemo(context.linked_bodies, functools.partial(log.note, "finder", WHOLE)),
    )
    return view, QuotesLayout(recorded("layout.pages"), recorded("layout.first_page"))


class ReadDiff:
    """Whether a read gives another value in the new build's sources than in the last's;
    each read compared once. Values are compared with ``==``: a briefing the preview
    did not read again is the same object, so most comparisons are identities."""

    def __init__(self, before: Mapping[str, Any], after: Mapping[str, Any]) -> None:
        self._before = before
        self._after = after
        self._known: dict[Read, bool] = {}

    def changed(self, read: Read) -> bool:
        known = self._known.get(read)
        if known is None:
            known = self._known[read] = self._compare(*read)
        return known

    def _compare(self, source: str, key: object) -> bool:
        before, after = self._before.get(source, _MISSING), self._after.get(source, _MISSING)
        if before is _MISSING or after is _MISSING:
            return True
        if key is WHOLE:
            return not same_for_pages(before, after)
        if isinstance(key, (Newest, OlderPageRead)):
            old, new = before.get(key.key, _MISSING), after.get(key.key, _MISSING)
            if old is _MISSING or new is _MISSING:
                return (old is _MISSING) != (new is _MISSING)
            return not same_for_pages(key.cut(old), key.cut(new))
        if isinstance(key, Field):
            old, new = before.get(key.key, _MISSING), after.get(key.key, _MISSING)
            if old is _MISSING or new is _MISSING or key.name is None:
                return (old is _MISSING) != (new is _MISSING)
            return not same_for_pages(getattr(old, key.name), getattr(new, key.name))
        return not same_for_pages(before.get(key, _MISSING), after.get(key, _MISSING))


def same_for_pages(before: object, after: object) -> bool:
    """Whether two values read the same to a page. A briefing's body reaches pages only
    rendered, through the ``bodies`` source, so two briefings that differ in their
    body alone are the same here: a save of a body leaves every listing of the
    briefing as it was."""
    if before is after:
        return True
    if type(before) is not type(after):
        return False
    if isinstance(before, Briefing):
        assert isinstance(after, Briefing)
        return same_but_body(before, after)
    if isinstance(before, tuple):
        assert isinstance(after, tuple)
        # A new index's listings are new tuples of the same briefings, mostly: the
        # identities are compared at C speed first.
        return len(before) == len(after) and (
            all(map(operator.is_, before, after)) or all(map(same_for_pages, before, after))
        )
    if isinstance(before, (QuoteRef, CorrectionRef, OlderPage)):
        return all(same_for_pages(getattr(before, f), getattr(after, f)) for f in before.__slots__)
    if isinstance(before, Mapping):
        assert isinstance(after, Mapping)
        return before.keys() == after.keys() and all(
            same_for_pages(value, after[key]) for key, value in before.items()
        )
    return before == after


def replaying(
    log: ReadLog, known: dict[Hashable, frozenset[Read]], key: Hashable, make: Callable[[], T]
) -> T:
    """``make()`` behind a memo of the caller's: the reads its first call made are noted
    again on every later call, which the memo answers without reading anything."""
    reads = known.get(key)
    if reads is not None:
        log.add(reads)
        return make()
    with log.unit() as made_reads:
        value = make()
    known[key] = frozenset(made_reads)
    log.add(known[key])
    return value


def recorded_call(log: ReadLog, call: Callable[[], T]) -> tuple[T, frozenset[Read]]:
    """``call()``'s result, with what it read."""
    with log.unit() as reads:
        result = call()
    return result, frozenset(reads)
