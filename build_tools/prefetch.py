"""Work done a little ahead, on a second thread, in the order it will be asked for.

The page wall (a second nh3 pass over every generated page) runs in Rust with
Python's lock released, while the engine spends the same time in pure Python
rendering and indexing the page before. Done on a thread a few pages ahead of the
engine, it costs the build almost no wall time on a machine with a second core,
and holds at most ``ahead`` finished results in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Prefetcher(Generic[K, V]):
    """``work(key)`` for each key of ``order``, computed up to ``ahead`` keys early.

    ``get`` answers any key, in any order: one that was not computed ahead (or
    was asked for out of order) is computed on the spot. Use it as a context
    manager, so the thread stops with the build even when the build fails.
    """

    def __init__(self, order: Sequence[K], work: Callable[[K], V], ahead: int = 32) -> None:
        if ahead < 1:
            raise ValueError("ahead must be at least 1")
        self._order = list(order)
        self._position = {key: i for i, key in enumerate(self._order)}
        self._work = work
        self._ahead = ahead
        self._submitted = 0  # keys of order handed to the thread so far
        self._pending: dict[K, Future[V]] = {}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prefetch")

    def get(self, key: K) -> V:
        position = self._position.get(key)
        if position is not None:
            self._submit_until(position + self._ahead)
        future = self._pending.pop(key, None)
        if future is None:
            return self._work(key)
        return future.result()

    def _submit_until(self, end: int) -> None:
        end = min(end, len(self._order))
        while self._submitted < end:
            key = self._order[self._submitted]
            self._pending[key] = self._executor.submit(self._work, key)
            self._submitted += 1

    def close(self) -> None:
        """Stop the thread; results not yet asked for are dropped."""
        for future in self._pending.values():
            future.cancel()
        self._pending.clear()
        self._executor.shutdown(wait=True)

    def __enter__(self) -> Prefetcher[K, V]:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
