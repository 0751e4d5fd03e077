"""Checking many briefings on every core: how the front door spreads the work.

Reading, parsing and checking one briefing needs only that file and the registries,
so a large archive is split between processes: the registries are read once, then
``os.fork`` hands them, as they are, to one process per core besides this one; each
reads and checks its share of the files and sends back what it found (pickled, over
a pipe). The checks that span briefings (unused registry entries) and the sorting of
diagnostics happen in the front door (:mod:`.archive`), once, over all of it: the
answer is the same in any number of processes.

Forking pays off once there is enough to check: its cost is fixed, the checks' cost
follows the size of the files (long bodies take longer than short ones), so the
threshold is in bytes, measured by ``make bench`` (its "parallel" figures). Below it
(a pre-commit run on one file), and where there is no ``fork`` (Windows) or it is
unsafe (macOS), everything runs in this process as before. A worker that fails is
not trusted with anything: its share is checked again here, so every diagnostic is
still reported, in one run.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from build_tools.loading.loader import BriefingSource, load_briefing
from build_tools.validation.briefings import BriefingResult, check_briefing
from build_tools.validation.registries import Registries

# Below this many bytes of briefings a second process costs more than it saves: forking
# and collecting a worker's results costs about 12 ms of CPU, checking briefings about
# 0.1 ms per kB (either shape of benchmarks.synthetic), so on two idle cores the second
# pays from about 250 kB. Large registries add to the fork's cost: both processes touch
# the index of names they share, and each page touched is copied, about 0.2 ms per kB
# of registry files, so the threshold grows by 4 bytes for each of them. `make bench`
# measures where a second process pays again ("parallel").
PARALLEL_MIN_BYTES = 256 * 1024
T = TypeVar("T")
R = TypeVar("R")
PARALLEL_BYTES_PER_REGISTRY_BYTE = 4


def available_cores() -> int:
    """Cores this process may run on (not all the machine has, under a CPU quota or affinity)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether worker processes can be forked safely: not on Windows (no fork), not on
    macOS (system libraries may break in a forked child), and not while other threads
    run (one may hold a lock the child would wait on forever)."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


def parallel_threshold(root: Path) -> int:
    """Bytes of briefings from which validating the archive at ``root`` on every core
    pays: :data:`PARALLEL_MIN_BYTES`, more with large registries."""
    registries = 0
    for name in ("actors.yml", "locations.yml"):
        try:
            registries += (root / name).stat().st_size
        except OSError:
            continue  # reported when the registry is read
    return PARALLEL_MIN_BYTES + PARALLEL_BYTES_PER_REGISTRY_BYTE * registries


def processes_for(paths: Sequence[Path], threshold: int = PARALLEL_MIN_BYTES) -> int:
    """How many processes check these briefings, unless told: every core once they
    hold ``threshold`` bytes (sizes are read only until then)."""
    cores = available_cores()
    if cores < 2 or not can_fork():
        return 1
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except OSError:
            continue  # reported when the file is read
        if total >= threshold:
            return cores
    return 1


def check_sources(
    sources: Sequence[BriefingSource],
    registries: Registries,
    *,
    build: bool,
    processes: int | None = None,
    threshold: int = PARALLEL_MIN_BYTES,
) -> list[BriefingResult]:
    """Each of ``sources`` read and checked, in order, on every core when it pays.

    ``processes``: None chooses every available core when the briefings hold
    ``threshold`` bytes, else 1 (this process alone); more than one runs in this
    process alone where forking is not safe (see can_fork)."""
    if processes is None:
        processes = processes_for([s.path for s in sources], threshold)
    processes = min(processes, len(sources))
    if processes > 1 and can_fork():
        return _check_forked(sources, registries, build, processes)
    return _check(sources, registries, build)


def _check(
    sources: Sequence[BriefingSource], registries: Registries, build: bool
) -> list[BriefingResult]:
    return [
        check_briefing(load_briefing(s.path, s.display, s.relative), registries, build=build)
        for s in sources
    ]


def _check_forked(
    sources: Sequence[BriefingSource], registries: Registries, build: bool, processes: int
) -> list[BriefingResult]:
    return map_forked(lambda share: _check(share, registries, build), sources, processes)


def map_forked(
    work: Callable[[Sequence[T]], list[R]], items: Sequence[T], processes: int
) -> list[R]:
    """``work(items)``, spread over ``processes`` processes (forked: each sees this
    one's memory as it is, nothing is pickled on the way in).

    Share i of n is items i, i + n, i + 2n, ...: each share spans every year, so
    shares cost about the same. This process does share 0 while the others run; a
    share whose worker failed is done again here. The results come back in the order
    of ``items``."""
    shares = [items[i::processes] for i in range(processes)]
    pending: list[tuple[int, int]] = []
    try:
        pending.extend(_fork(work, share) for share in shares[1:])
        results = [work(shares[0])]
        for share in shares[1:]:
            found: list[R] | None = _collect(*pending.pop(0))
            results.append(found if found is not None else work(share))
    finally:
        # Only when this process failed (or was interrupted) before collecting them all.
        for pid, reader in pending:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(reader)
    # Back in the order of ``items``: share i holds its items i, i + n, ...
    return [results[index % processes][index // processes] for index in range(len(items))]


class Background:
    """``work()`` in a forked process while this one goes on (only where
    :func:`can_fork`). :meth:`result` waits for its list, or gives None if the
    worker failed, for the caller to do the work itself; :meth:`cancel` stops it."""

    def __init__(self, work: Callable[[], list[Any]]) -> None:
        self._worker: tuple[int, int] | None = _fork(lambda _: work(), [None])

    def result(self) -> list[Any] | None:
        worker, self._worker = self._worker, None
        return None if worker is None else _collect(*worker)

    def cancel(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            pid, reader = worker
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(reader)


def _fork(work: Callable[[Sequence[T]], list[R]], share: Sequence[T]) -> tuple[int, int]:
    """Start a process doing ``work(share)``; its results come pickled through the pipe."""
    import pickle  # noqa: PLC0415 - only a parallel run pays for it

    reader, writer = os.pipe()
    pid = os.fork()
    if pid:
        os.close(writer)
        return pid, reader
    # The child: whatever happens, it must never return into the parent's code.
    status = 1
    try:
        os.close(reader)
        payload = pickle.dumps(work(share), pickle.HIGHEST_PROTOCOL)
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(payload)
        status = 0
    finally:
        os._exit(status)


def _collect(pid: int, reader: int) -> list[Any] | None:
    """A worker's results, or None if it failed: it exits 0 only once all are written."""
    import pickle  # noqa: PLC0415

    with os.fdopen(reader, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0:
        return None
    results: list[Any] = pickle.loads(payload)  # noqa: S301 - our own child's
    return results
