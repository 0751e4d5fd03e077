"""Finding where a text names an actor or a location.

Used by the validator (mention warnings) and by rendering (auto-links), so both agree
on what counts as a mention. Matching respects word boundaries; names are matched
case-insensitively, except short all-capitals aliases: ``IS`` is the Islamic State,
the English word "is" is not.

Scanning thousands of names per briefing with one regex alternation is slow in
Python's engine, so candidates are found first by intersecting the text's words
with the names' first words (a C-level set operation), and only those names are
then confirmed with their own pattern, tried only where its first word occurs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

EntityKind = Literal["actor", "location"]

_WORD = re.compile(r"\w+")
_GAP = r"[\s\-\u2010\u2011\u2013]+"
_GAP_ONLY = re.compile(_GAP)
_APOSTROPHES = "'\u2018\u2019\u02bc"
_APOSTROPHE = f"[{_APOSTROPHES}]"
SHORT_CAPS_MAX = 5
# İ, ı and ſ are the only characters that re.IGNORECASE matches to an ASCII letter
# without having that letter's lower case (İ also lengthens under str.lower()).
_LOWER_CASE_TRAPS = ("\u0130", "\u0131", "\u017f")


@dataclass(frozen=True, slots=True)
class Mention:
    kind: EntityKind
    id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Name:
    kind: EntityKind
    id: str
    # Compiled on first use: an archive has thousands of names, a briefing names a few,
    # and checking one file (pre-commit) should not pay for compiling them all.
    pattern_source: str
    # The first word in lower case, when it is ASCII and matched in any case: where
    # it occurs in the lower-cased text is where the pattern can match.
    lowered_start: str | None


def is_case_sensitive(name: str) -> bool:
    """Short all-capitals names (IS, US, SOHR) are acronyms: match their case exactly."""
    letters = name.replace(".", "")
    return len(letters) <= SHORT_CAPS_MAX and letters.isupper()


def _fold(word: str) -> str:
    """A word as re.IGNORECASE sees it, for the candidate filter: casefold alone keeps
    dotless ı and dotted İ apart from i, which the pattern itself matches."""
    return word.casefold().replace("i\u0307", "i").replace("\u0131", "i")


def name_key(name: str) -> str:
    """What a name matches, as one string: two names with the same key match the same text.

    Case is dropped even for acronyms: ``IS`` (exact) and an alias ``is`` (any case)
    would both match the text "IS".
    """
    return " ".join(_WORD.findall(name)).casefold()


def _gaps(name: str) -> list[str]:
    """The pattern between each two words of a name.

    Spaces and hyphens are interchangeable (al-Tanf, al Tanf, a line break); any other
    punctuation is the name's own and must be there (al-Qa'im, U.S.), with the
    apostrophes a keyboard may produce taken as one.
    """
    gaps: list[str] = []
    for separator in _WORD.split(name)[1:-1]:
        if _GAP_ONLY.fullmatch(separator):
            gaps.append(_GAP)
        else:
            gaps.append(
                "".join(
                    r"\s+" if c.isspace() else _APOSTROPHE if c in _APOSTROPHES else re.escape(c)
                    for c in separator
                )
            )
    return gaps


def _pattern_source(words: list[str], gaps: list[str], sensitive: bool) -> str:
    # "No word character before the first word" is checked just after that word (the
    # look-behind spans it), so the pattern starts with a literal and the engine can
    # skip to where it occurs instead of trying every position: several times faster.
    first = re.escape(words[0]) + rf"(?<!\w.{{{len(words[0])}}})"
    body = first + "".join(g + re.escape(w) for g, w in zip(gaps, words[1:], strict=True))
    return rf"{body}(?!\w)" if sensitive else rf"(?i){body}(?!\w)"


class MentionFinder:
    """An index of every registry name and alias, built once per archive."""

    def __init__(self, entries: Iterable[tuple[EntityKind, str, Iterable[str]]]) -> None:
        self._exact: dict[str, list[_Name]] = {}
        self._folded: dict[str, list[_Name]] = {}
        self._compiled: dict[str, re.Pattern[str]] = {}
        for kind, entity_id, names in entries:
            for name in names:
                words = _WORD.findall(name)
                if not words:
                    continue
                sensitive = is_case_sensitive(name)
                lowered_start = None if sensitive or not words[0].isascii() else words[0].lower()
                source = _pattern_source(words, _gaps(name), sensitive)
                entry = _Name(kind, entity_id, source, lowered_start)
                if sensitive:
                    self._exact.setdefault(words[0], []).append(entry)
                else:
                    self._folded.setdefault(_fold(words[0]), []).append(entry)

    def find(
        self, text: str, only: frozenset[tuple[EntityKind, str]] | None = None
    ) -> list[Mention]:
        """Every mention in ``text``, leftmost-longest and non-overlapping, in order."""
        words = set(_WORD.findall(text))
        candidates: list[_Name] = []
        for key in self._exact.keys() & words:
            candidates.extend(self._exact[key])
        # _fold of each word, in one pass over them all: no word holds a space.
        folded = set(_fold(" ".join(words)).split(" "))
        for key in self._folded.keys() & folded:
            candidates.extend(self._folded[key])
        lowered = None if any(t in text for t in _LOWER_CASE_TRAPS) else text.lower()
        found: list[Mention] = []
        for name in candidates:
            if only is not None and (name.kind, name.id) not in only:
                continue
            pattern = self._compiled.get(name.pattern_source)
            if pattern is None:
                pattern = self._compiled[name.pattern_source] = re.compile(name.pattern_source)
            if lowered is None or name.lowered_start is None:
                matches = pattern.finditer(text)
            else:
                matches = _matches_from(pattern, text, lowered, name.lowered_start)
            found.extend(Mention(name.kind, name.id, m.start(), m.end()) for m in matches)
        found.sort(key=lambda m: (m.start, m.start - m.end))
        chosen: list[Mention] = []
        reach = -1
        for mention in found:
            if mention.start >= reach:
                chosen.append(mention)
                reach = mention.end
        return chosen


def _matches_from(
    pattern: re.Pattern[str], text: str, lowered: str, lowered_start: str
) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` yields, trying the pattern only where
    ``lowered_start`` occurs in ``lowered``: a scan in C instead of the regex engine
    stepping through every character of the text."""
    end = 0
    start = lowered.find(lowered_start)
    while start >= 0:
        match = pattern.match(text, start)
        if match is not None:
            yield match
            end = match.end()
        start = lowered.find(lowered_start, max(start + 1, end))
