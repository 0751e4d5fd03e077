"""MentionFinder's word filter on any text: it may let through names that are not
there, never miss one that is. Names are taken from the text itself, in other cases
and scripts, so that the filter, not the patterns, decides what is found."""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import assume, given
from hypothesis import strategies as st

from build_tools.loading.mentions import MentionFinder
from tests.test_mentions import _reference

_CASES: tuple[Callable[[str], str], ...] = (
    str,
    str.upper,
    str.lower,
    str.swapcase,
    str.casefold,
    str.title,
)


@given(
    text=st.text(max_size=60),
    picks=st.lists(
        st.tuples(st.integers(0, 99), st.integers(1, 2), st.sampled_from(_CASES)),
        min_size=1,
        max_size=4,
    ),
)
def test_names_taken_from_any_text_are_found_as_a_regex_finds_them(
    text: str, picks: list[tuple[int, int, Callable[[str], str]]]
) -> None:
    words = re.findall(r"\w+", text)
    assume(words)
    names: list[str] = []
    for start, length, case in picks:
        first = start % len(words)
        name = " ".join(words[first : first + length])
        names.append(case(name))
    entries = [(f"e{i}", name) for i, name in enumerate(names) if re.findall(r"\w+", name)]
    finder = MentionFinder([("actor", entity_id, [name]) for entity_id, name in entries])
    got = [(m.start, m.end) for m in finder.find(text)]
    assert got == [(s, e) for s, e, _ in _reference(entries, text)]


@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=40))
def test_any_text_can_be_searched(text: str) -> None:
    """Lone surrogates included: html.unescape never makes one, but a caller might."""
    finder = MentionFinder([("actor", "a", ["Ab"]), ("location", "b", ["ДНР", "É-x"])])
    assert all(0 <= m.start < m.end <= len(text) for m in finder.find(text))


def test_the_kelvin_sign_is_a_k_to_the_case_blind_match() -> None:
    """re.IGNORECASE takes K (U+212A) for k: so does the finder, as it did."""
    finder = MentionFinder([("location", "kabul", ["Kabul"])])
    text = "the \u212aabul road – and Kabul"
    assert [(m.start, m.end) for m in finder.find(text)] == [(4, 9), (21, 26)]


_TRAPS = "kKsSiI\u212a\u017f\u0130\u0131"


@given(
    names=st.lists(st.text(alphabet=_TRAPS, min_size=1, max_size=3), min_size=1, max_size=3),
    text=st.text(alphabet=_TRAPS + " –é", max_size=20),
)
def test_letters_that_match_ascii_letters_case_blind(names: list[str], text: str) -> None:
    entries = [(f"e{i}", name) for i, name in enumerate(names)]
    finder = MentionFinder([("actor", entity_id, [name]) for entity_id, name in entries])
    got = [(m.start, m.end) for m in finder.find(text)]
    assert got == [(s, e) for s, e, _ in _reference(entries, text)]
