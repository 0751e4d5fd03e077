"""Work done ahead on a thread: the same answers, bounded memory, errors surfaced."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.prefetch import Prefetcher


def test_answers_are_the_work_s_in_order_and_out_of_order() -> None:
    order = [f"page-{i}" for i in range(100)]
    asked = [*order[:40], "page-90", *order[40:], "not-in-order"]
    with Prefetcher(order, str.upper, ahead=8) as ahead:
        assert [ahead.get(key) for key in asked] == [key.upper() for key in asked]


@given(st.lists(st.integers(0, 30)), st.integers(1, 10))
def test_any_sequence_of_questions_gets_the_work_s_answers(asked: list[int], window: int) -> None:
    with Prefetcher(range(20), lambda n: n * n, ahead=window) as ahead:
        assert [ahead.get(n) for n in asked] == [n * n for n in asked]


def test_no_more_than_ahead_results_are_computed_early() -> None:
    done: list[int] = []
    lock = threading.Lock()

    def work(n: int) -> int:
        with lock:
            done.append(n)
        return n

    with Prefetcher(range(1000), work, ahead=5) as ahead:
        for n in range(10):
            assert ahead.get(n) == n
    assert len(done) <= 10 + 5
    assert sorted(done) == list(range(len(done)))


def test_an_error_in_the_work_reaches_the_caller() -> None:
    def work(n: int) -> int:
        if n == 3:
            raise ValueError("page 3 is broken")
        return n

    with Prefetcher(range(10), work, ahead=4) as ahead:
        assert ahead.get(0) == 0
        with pytest.raises(ValueError, match="page 3 is broken"):
            ahead.get(3)
        assert ahead.get(4) == 4


def test_the_thread_stops_when_closed() -> None:
    with Prefetcher(range(100), lambda n: n, ahead=50) as ahead:
        ahead.get(0)
    assert not [t for t in threading.enumerate() if t.name.startswith("prefetch")]
