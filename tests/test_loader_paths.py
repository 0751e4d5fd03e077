"""The loader's fast paths give what the slow, obvious ones give.

libyaml's composer (in C) builds the nodes of most files; the events, handled one
by one, remain the way for files with anchors, aliases, tags, deep nesting or an
error. Whatever the text, parse_yaml answers as the events alone would, diagnostics
included, in the same order. Likewise the front matter is found by one search, as
the line-by-line reading it replaced found it.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.format.diagnostics import Diagnostic, error
from build_tools.loading.loader import (
    MAX_DEPTH,
    Node,
    _compose_fast_in_c,
    _compose_from_events,
    _hidden_breaks,
    _NodeParser,
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
    events = _compose_from_events("x.yml", cleaned, offset)
    expected = events[0], hidden + events[1]
    assert parse_yaml("x.yml", text, offset) == expected
    assert _NodeParser is not None
    if _plain_enough(cleaned):
        composed = _compose_fast_in_c(_NodeParser, "x.yml", cleaned, offset)
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
    assert _compose_fast_in_c(_NodeParser, "x.yml", at_limit, 0) is not None
    _both_ways(at_limit, 0)
    beyond = "[" + at_limit + "]"
    assert _compose_fast_in_c(_NodeParser, "x.yml", beyond, 0) is None
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


# --- trees that libyaml's composer must answer for ---------------------------------------
#
# The grammar above mostly holds text the fast path declines (anchors, tags, errors). Here
# the documents are well-formed trees without them, so the C composer answers, and must
# answer as the events do on every rule it applies itself: duplicate keys, keys that are
# not text, the depth limit, and the line and column of every node and diagnostic.

_KEYS = st.sampled_from(["a", "b", "title", "'a'", '"b"', "c d"])
_SCALARS = st.sampled_from(["x", "1", "~", "''", '"q"', "two words", "tab\\there", "é"])


# A scalar, a sequence, or a mapping as its (key, value) pairs.
Tree = str | list["Tree"] | tuple[tuple["Tree", "Tree"], ...]


def _trees(depth: int) -> st.SearchStrategy[Tree]:
    """A scalar (str), a sequence (list) or a mapping (tuple of (key, value) pairs, where
    a key is a scalar or, now and then, a sequence: a key that is not text)."""
    if depth == 0:
        return _SCALARS
    child = _trees(depth - 1)
    key = st.one_of(_KEYS, _KEYS, _KEYS, st.lists(_SCALARS, min_size=1, max_size=2))
    return st.one_of(
        _SCALARS,
        st.lists(child, max_size=3),
        st.lists(st.tuples(key, child), max_size=3).map(tuple),
    )


def _flow(tree: Tree) -> str:
    if isinstance(tree, str):
        return tree
    if isinstance(tree, list):
        return "[" + ", ".join(_flow(item) for item in tree) + "]"
    assert isinstance(tree, tuple)
    return "{" + ", ".join(f"? {_flow(k)} : {_flow(v)}" for k, v in tree) + "}"


def _block(tree: Tree, indent: int) -> str:
    """``tree`` in block style at ``indent`` (a collection on lines of its own)."""
    pad = " " * indent
    if isinstance(tree, str) or not tree:
        return pad + _flow(tree)
    if isinstance(tree, list):
        return "\n".join(
            f"{pad}- {_flow(item)}"
            if isinstance(item, str) or not item
            else f"{pad}-\n{_block(item, indent + 2)}"
            for item in tree
        )
    assert isinstance(tree, tuple)
    lines = []
    for key, value in tree:
        head = f"{pad}{key}:" if isinstance(key, str) else f"{pad}? {_flow(key)}\n{pad}:"
        if isinstance(value, str) or not value:
            lines.append(f"{head} {_flow(value)}")
        else:
            lines.append(f"{head}\n{_block(value, indent + 2)}")
    return "\n".join(lines)


def _levels(tree: Tree) -> int:
    """How deep the nodes go, as the loader counts: the root is at 0."""
    if isinstance(tree, str):
        return 0
    children: list[Tree] = (
        tree if isinstance(tree, list) else [part for pair in tree for part in pair]
    )
    return 1 + max((_levels(child) for child in children), default=-1)


@settings(max_examples=300)
@given(_trees(4), st.booleans(), st.integers(0, 3))
def test_the_c_composer_answers_as_the_events_do(tree: Tree, flow: bool, offset: int) -> None:
    text = _flow(tree) if flow else _block(tree, 0)
    # Plain by construction (no anchor, alias or tag). A large tree may hold more level
    # marks than parse_yaml lets the C composer see, so the C composer is asked directly.
    assert not any(mark in text for mark in "&*!")
    events = _compose_from_events("x.yml", text, offset)
    assert _NodeParser is not None
    composed = _compose_fast_in_c(_NodeParser, "x.yml", text, offset)
    assert composed is not None, "a plain tree within the depth limit is composed in C"
    assert composed == events
    assert parse_yaml("x.yml", text, offset) == events


@given(st.integers(MAX_DEPTH - 2, MAX_DEPTH + 3), st.booleans(), st.integers(0, 3))
def test_both_ways_stop_at_the_same_depth_at_the_same_place(
    depth: int, mappings: bool, offset: int
) -> None:
    tree: Tree = "x"
    for level in range(depth):
        tree = ((f"k{level}", tree),) if mappings else [tree]
    text = _block(tree, 0)
    events = _compose_from_events("x.yml", text, offset)
    assert _NodeParser is not None
    composed = _compose_fast_in_c(_NodeParser, "x.yml", text, offset)
    if _levels(tree) <= MAX_DEPTH:
        assert composed == events
        assert events[1] == []
    else:
        assert composed is None  # declined: the events' way words the error
        document, diagnostics = events
        assert document is None
        assert [d.rule for d in diagnostics] == ["yaml-too-deep"]
    assert parse_yaml("x.yml", text, offset) == events


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
