"""Bodies rendered on every core: the same HTML, in the same order, as on one."""

from __future__ import annotations

import os

import pytest

from build_tools.rendering import body
from build_tools.rendering.body import render_bodies
from build_tools.validation import processes

pytestmark = pytest.mark.filterwarnings("ignore:.*use of fork\\(\\):DeprecationWarning")

TEXTS = ("The *Islamic State* took Palmyra.", "Forces advanced on [al-Tanf](https://example.org/).")


def many_bodies() -> dict[str, str]:
    return {
        f"{number}-{kind}": f"{text}\n\nNumber {number}.\n"
        for number in range(7)
        for kind, text in enumerate(TEXTS)
    }


def test_bodies_rendered_on_several_cores_are_the_bodies_rendered_on_one(
    monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    monkeypatch.setattr(body, "can_fork", lambda: True)  # xdist's workers hold a thread
    bodies = many_bodies()
    forked = render_bodies(bodies, processes=3)
    assert len(forks) == 2
    assert list(forked) == list(bodies)
    assert forked == render_bodies(bodies, processes=1)


def test_a_worker_that_fails_has_its_share_rendered_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(body, "can_fork", lambda: True)

    def lost(pid: int, reader: int) -> None:  # as a worker killed midway would be
        os.close(reader)
        os.waitpid(pid, 0)

    monkeypatch.setattr(processes, "_collect", lost)
    bodies = many_bodies()
    assert render_bodies(bodies, processes=2) == render_bodies(bodies, processes=1)


def test_a_few_short_bodies_stay_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(body, "can_fork", lambda: True)
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked for two short bodies"))
    render_bodies(dict(enumerate(TEXTS)))
