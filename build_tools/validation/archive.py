"""The front door of validation: an archive → the Archive, every problem, its names.

:func:`check_archive` is the one way to check an archive, for every caller: the
``briefings validate`` and ``briefings new`` commands, ``briefings export``, the MkDocs
adapter, a preview's rebuild and the tests. How it runs is its own business: every
core for a large archive (:mod:`.processes`), only the briefings saved since the last
run for a preview (``memory``), one process for a few files.

Each check appends to one list and carries on (Pelican's "don't short-circuit"), so a
contributor sees every mistake of every file in one run. An Archive comes back only
when there is no error: later stages never see invalid data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from build_tools.format.diagnostics import Diagnostic, Severity, sort_diagnostics
from build_tools.format.model import Archive, Briefing
from build_tools.loading.loader import (
    BriefingSource,
    LoadedArchive,
    briefing_sources,
    cycle_collection_paused,
    load_registries,
)
from build_tools.loading.mentions import MentionFinder
from build_tools.validation.briefings import BriefingResult, check_briefing
from build_tools.validation.cross_references import check_unused
from build_tools.validation.processes import check_sources, parallel_threshold
from build_tools.validation.registries import Registries, read_registries, what_briefings_see


@dataclass(frozen=True, slots=True)
class CheckedArchive:
    """What checking an archive found."""

    # The archive, only when nothing is in error (and it was asked for).
    archive: Archive | None
    # Every diagnostic of the run, sorted.
    diagnostics: list[Diagnostic]
    # The registries' names, indexed: rendering links mentions with the same finder.
    finder: MentionFinder


class CheckMemory(Protocol):
    """Briefing results kept from an earlier run over the same archive (a preview's)."""

    def results(
        self,
        root: Path,
        check: Callable[[Sequence[BriefingSource]], list[BriefingResult]],
        registries: bytes,
    ) -> list[BriefingResult]:
        """Every briefing's result, in order; ``check`` for those not remembered.
        ``registries``: what every check reads of them (:func:`.what_briefings_see`)."""
        ...

    def registries_read(self, root: Path, read: Callable[[], Registries]) -> Registries:
        """The registries as ``read`` reads them, remembered while their files are
        unchanged."""
        ...


def check_archive(
    archive: Path | LoadedArchive,
    only: list[Path] | None = None,
    *,
    build: bool = True,
    processes: int | None = None,
    memory: CheckMemory | None = None,
) -> CheckedArchive:
    """Check every rule; the Archive comes back only if nothing is in error.

    ``archive``: the archive's folder, read here; or files already loaded (``briefings
    new`` checks its scaffold before writing it). ``only``: these briefings of the
    folder, with the registries (no entry is then called unused). ``build=False``
    skips making the Archive for a caller that wants only the diagnostics.
    ``processes``: None chooses every core when the briefings hold enough bytes (see
    :func:`.processes.parallel_threshold`). ``memory``: reuse a preview's results for
    briefings not saved since (of the whole folder).
    """
    with cycle_collection_paused():
        if isinstance(archive, LoadedArchive):
            return _check_loaded(archive, build=build)
        folder = archive

        def read() -> Registries:
            return read_registries(*load_registries(folder))

        registries = read() if memory is None else memory.registries_read(archive, read)

        def check(sources: Sequence[BriefingSource]) -> list[BriefingResult]:
            threshold = parallel_threshold(archive)
            return check_sources(
                sources, registries, build=build, processes=processes, threshold=threshold
            )

        if memory is not None:
            assert only is None, "a preview's memory is of the whole archive"
            results = memory.results(archive, check, what_briefings_see(registries))
        else:
            results = check(briefing_sources(archive, only))
        return combine(registries, results, complete=only is None, build=build)


def _check_loaded(loaded: LoadedArchive, *, build: bool) -> CheckedArchive:
    registries = read_registries(loaded.actors, loaded.locations)
    results = [check_briefing(file, registries, build=build) for file in loaded.briefings]
    return combine(registries, results, complete=loaded.complete, build=build)


def combine(
    registries: Registries,
    results: Iterable[BriefingResult],
    *,
    complete: bool,
    build: bool = True,
) -> CheckedArchive:
    """The checks that span briefings, then the run's answer: every diagnostic, sorted,
    and the Archive when nothing is in error (and ``build`` asked for it).

    ``complete``: the results are of every briefing of the archive, so a registry entry
    none of them uses is worth a warning.
    """
    results = list(results)
    out = list(registries.diagnostics)
    for result in results:
        out.extend(result.diagnostics)
    if complete:
        check_unused(registries, results, out)
    diagnostics = sort_diagnostics(out)
    if not build or any(d.severity is Severity.ERROR for d in diagnostics):
        return CheckedArchive(None, diagnostics, registries.finder)
    briefings: list[Briefing] = [r.briefing for r in results if r.briefing is not None]
    briefings.sort(key=lambda b: (b.date, b.id))
    archive = Archive(
        actors=registries.actors, locations=registries.locations, briefings=tuple(briefings)
    )
    return CheckedArchive(archive, diagnostics, registries.finder)
