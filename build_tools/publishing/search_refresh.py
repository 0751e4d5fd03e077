"""A preview's search index, brought up to date behind the pages it reloads.

Pagefind cannot update a bundle: after any save it indexes every document again,
about two seconds of CPU per thousand briefings. A preview that waited for it would
show a saved page as late as that; instead the page is written and shown at once,
and Pagefind runs on its own process in the meantime. When it is done its bundle
takes the place of the old one in two renames, so a search reads either the whole
old bundle or the whole new one, never a mix. A save that comes before it is done
cancels it (its documents are out of date already) and starts the next run.

Until then a search answers as of the save before; the terminal says when it has
caught up. A full build (``mkdocs build``, ``briefings build-site``) waits for
Pagefind as before: only a preview refreshes in the background.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from build_tools.publishing.search_index import (
    BUNDLE_DIR,
    Indexing,
    SearchBundle,
    SearchIndexError,
    bundle_size,
)

_POLL_SECONDS = 0.02  # how often the waiting thread looks at Pagefind


@dataclass(slots=True)
class _Run:
    indexing: Indexing
    site_dir: Path
    cancelled: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    waited: bool = False  # Pagefind's process was waited for (under the lock)


def swap_in(indexing: Indexing, site_dir: Path) -> SearchBundle:
    """Wait for ``indexing`` and put its bundle in place of the site's, at once: the new
    bundle is first moved into the site folder beside the old one, then renamed."""
    started = time.perf_counter()
    staging = Path(tempfile.mkdtemp(prefix=".briefings-search-", dir=site_dir))
    try:
        staged = indexing.finish(staging).path
        target = site_dir / BUNDLE_DIR
        if target.exists():
            target.rename(staging / "replaced")
        staged.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    files, size = bundle_size(target)
    return SearchBundle(target, files, size, time.perf_counter() - started)


class SearchRefresh:
    """At most one Pagefind run of a preview, waited for on a thread of its own.

    ``on_ready`` is called (on that thread) with the bundle once it is in the site,
    with the seconds since :meth:`start`; ``on_error`` with what went wrong instead.
    """

    def __init__(
        self,
        on_ready: Callable[[SearchBundle, float], None],
        on_error: Callable[[SearchIndexError], None],
    ) -> None:
        self._on_ready = on_ready
        self._on_error = on_error
        self._lock = threading.Lock()  # held while a bundle is swapped in, or a run stopped
        self._run: _Run | None = None

    def start(self, indexing: Indexing, site_dir: Path) -> None:
        """Cancel the run before, if any, and swap ``indexing``'s bundle in when it is done.
        Cancel first (:meth:`cancel`) when ``indexing`` writes where the run before does,
        or reads documents about to change."""
        self.cancel()
        run = _Run(indexing, site_dir)
        self._run = run
        started = time.perf_counter()
        thread = threading.Thread(
            target=self._wait, args=(run, started), name="briefings-search", daemon=True
        )
        thread.start()

    def _wait(self, run: _Run, started: float) -> None:
        try:
            while run.indexing.running and not run.cancelled.wait(_POLL_SECONDS):
                pass
            with self._lock:
                if run.cancelled.is_set():
                    return
                run.waited = True
                try:
                    bundle = swap_in(run.indexing, run.site_dir)
                except SearchIndexError as error:
                    self._on_error(error)
                    return
                except OSError as error:  # the bundle's folder went away under it
                    self._on_error(SearchIndexError(f"the bundle was not put in place: {error}"))
                    return
            self._on_ready(bundle, time.perf_counter() - started)
        finally:
            run.done.set()

    def cancel(self) -> None:
        """Stop the current run; its bundle never reaches the site. A swap under way
        is let finish first (the site then has that run's bundle, whole)."""
        run, self._run = self._run, None
        if run is None:
            return
        run.cancelled.set()
        with self._lock:
            if not run.waited:
                run.indexing.cancel()
        run.done.wait()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the current run to end; whether it has (True when there is none)."""
        run = self._run
        return run is None or run.done.wait(timeout)

    @property
    def pending(self) -> bool:
        """Whether a run is still under way: search does not show the last save yet."""
        run = self._run
        return run is not None and not run.done.is_set()
