"""The loader's fast paths give what the slow, obvious ones give.

libyaml's composer (in C) builds the nodes of most files; the events, handled one
by one, remain the way for files with anchors, aliases, tags, deep nesting or an
error. Whatever the text, parse_yaml answers as the events alone would, diagnostics
included, in the same order. Likewise the front matter is found by one search, as
the line-by-line reading it replaced found it.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from build_tools.diagnostics import Diagnostic, error
from build_tools.loader import (
    MAX_DEPTH,
    Node,
    _compose_in_c,
    _hidden_breaks,
    _NodeParser,
    _parse_events,
    _plain_enough,
    parse_yaml,
    split_front_matter,
)
from tests.yaml_strategies import yaml_documents

_NOT_PLAIN = {ord("&"): None, ord("*"): None, ord("!"): None}


def _both_ways(text: str, offset: int) -> tuple[Node | None, list[Diagnostic]]:
    """parse_yaml's answer, checked against the events' answer; and, when the text is
    plain enough for libyaml's composer, checked that it answers the same or declines."""
    # Hidden line breaks are reported, then read as spaces, before either way runs.
    cleaned, hidden = _hidden_breaks("x.yml", text, offset)
    events = _parse_events("x.yml", cleaned, offset)
    expected = events[0], hidden + events[1]
    assert parse_yaml("x.yml", text, offset) == expected
    assert _NodeParser is not None
    if _plain_enough(cleaned):
        composed = _compose_in_c(_NodeParser, "x.yml", cleaned, offset)
        assert composed is None or composed == events
    return expected


@given(yaml_documents(), st.integers(0, 3))
def test_any_yamlish_text_is_read_as_its_events_say(text: str, offset: int) -> None:
    _both_ways(text, offset)


@given(yaml_documents().map(lambda t: t.translate(_NOT_PLAIN)), st.integers(0, 3))
def test_text_without_anchors_or_tags_is_read_as_its_events_say(text: str, offset: int) -> None:
    _both_ways(text, offset)


def test_duplicate_and_complex_keys_are_reported_in_the_same_order() -> None:
    text = "a: 1\nb: 2\na: 3\n? [x]\n: 4\nb: 5\n"
    _, diagnostics = _both_ways(text, 1)
    assert [(d.line, d.rule) for d in diagnostics] == [
        (4, "yaml-duplicate-key"),
        (5, "field-type"),
        (7, "yaml-duplicate-key"),
    ]


def test_nesting_at_the_limit_is_composed_and_beyond_it_reported() -> None:
    at_limit = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    assert _NodeParser is not None
    assert _compose_in_c(_NodeParser, "x.yml", at_limit, 0) is not None
    _both_ways(at_limit, 0)
    beyond = "[" + at_limit + "]"
    assert _compose_in_c(_NodeParser, "x.yml", beyond, 0) is None
    _, diagnostics = _both_ways(beyond, 0)
    assert [d.rule for d in diagnostics] == ["yaml-too-deep"]


def test_nesting_that_would_overflow_the_c_stack_never_reaches_libyaml() -> None:
    """libyaml's composer recurses in C: a hundred thousand brackets would kill the
    process, not raise. The events' way stops at the first level too deep and says so:
    reading on through them would cost minutes (libyaml's scanner slows with depth)."""
    deep = "[" * 100_000 + "]" * 100_000
    document, diagnostics = parse_yaml("x.yml", deep)
    assert document is None
    assert diagnostics == [
        error("x.yml", 1, 18, f"YAML is nested more than {MAX_DEPTH} levels deep", "yaml-too-deep")
    ]


# --- the front matter ------------------------------------------------------------------

_END_LINE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


def _split_line_by_line(text: str) -> tuple[str, str, int] | None:
    """The split as it was first written: the first line after the first that is a fence."""
    lines = text.split("\n")
    for number, line in enumerate(lines[1:], start=2):
        if _END_LINE.match(line):
            return "\n".join(lines[1 : number - 1]) + "\n", "\n".join(lines[number:]), number + 1
    return None


_LINES = st.lists(
    st.one_of(
        st.sampled_from(["---", "...", "--- ", "---\t", "----", " ---", "...x", "", "a: b"]),
        st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\n"), max_size=8),
    ),
    max_size=12,
)


@given(_LINES)
def test_the_front_matter_ends_where_a_line_by_line_reading_ends_it(lines: list[str]) -> None:
    text = "---\n" + "\n".join(lines)
    found = split_front_matter("x", text)
    expected = _split_line_by_line(text)
    if expected is None:
        assert isinstance(found, Diagnostic)
        assert found.rule == "front-matter"
    else:
        assert found == expected
