"""Bodies: rendered on every core the same HTML, in the same order, as on one; first
mentions linked where the text names the entity."""

from __future__ import annotations

import os
import re

import pytest

from build_tools.loading.mentions import EntityKind, MentionFinder
from build_tools.rendering import body
from build_tools.rendering.body import link_first_mentions, render_bodies
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


# --- first mentions ---------------------------------------------------------------------

IDLIB = MentionFinder(
    [
        ("location", "idlib-governorate", ["Idlib Governorate", "Idlib province"]),
        ("location", "idlib", ["Idlib"]),
    ]
)
BOTH: list[tuple[EntityKind, str]] = [("location", "idlib-governorate"), ("location", "idlib")]


def linked_names(fragment: str) -> list[tuple[str, str]]:
    linked = link_first_mentions(fragment, IDLIB, BOTH, lambda kind, key: key)
    return re.findall(r'<a class="ba-mention" href="([^"]+)">([^<]+)</a>', linked)


def test_a_name_inside_the_longer_name_of_an_entity_linked_before_is_not_its_mention() -> None:
    """From the real archive: the city is linked where the text names the city, not in
    the governorate's "Idlib province" once the governorate's first mention is linked."""
    fragment = (
        "<p>Fighting in <em>Idlib province</em> went on.</p>\n"
        "<p>They lost much of Idlib province since the capital, Idlib city, fell.</p>"
    )
    assert linked_names(fragment) == [
        ("idlib-governorate", "Idlib province"),
        ("idlib", "Idlib"),
    ]
    assert "capital, <a class" in link_first_mentions(fragment, IDLIB, BOTH, lambda k, i: i)


def test_a_mention_is_never_split_across_tags_or_linked_inside_a_heading() -> None:
    fragment = "<h2>Idlib</h2><p>Idlib <em>province</em> and Idlib<br>province; Idlib.</p>"
    assert linked_names(fragment) == [("idlib", "Idlib")]
    linked = link_first_mentions(fragment, IDLIB, BOTH, lambda kind, key: key)
    assert linked.startswith('<h2>Idlib</h2><p><a class="ba-mention" href="idlib">Idlib</a> <em>')
