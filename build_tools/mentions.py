"""Finding where a text names an actor or a location.

Used by the validator (mention warnings) and by rendering (auto-links), so both agree
on what counts as a mention. Matching respects word boundaries; names are matched
case-insensitively, except short all-capitals aliases: ``IS`` is the Islamic State,
the English word "is" is not.

Scanning thousands of names per briefing with one regex alternation is slow in
Python's engine, so candidates are found first by intersecting the text's words, in
lower case, with the names' first words (a C-level set operation), and only those
names are then confirmed with their own pattern, tried only where its first word
occurs. The words come from the text's UTF-8 bytes cut by one translation table: a
regex scan for them costs twice as much.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

EntityKind = Literal["actor", "location"]

_WORD = re.compile(r"\w+")
_GAP = r"[\s\-\u2010\u2011\u2013]+"
_GAP_ONLY = re.compile(_GAP)
_APOSTROPHES = "'\u2018\u2019\u02bc"
_APOSTROPHE = f"[{_APOSTROPHES}]"
SHORT_CAPS_MAX = 5
# The characters besides ASCII letters that re.IGNORECASE matches to an ASCII letter:
# İ, ı, ſ and the Kelvin sign K. Where one occurs, lower-casing only ASCII letters
# does not show every place an ASCII word may match.
_LOWER_CASE_TRAPS = ("\u0130", "\u0131", "\u017f", "\u212a")
# The UTF-8 bytes of a text → its words in lower case: every ASCII byte that \w does
# not match becomes a space and ASCII letters become lower case. Bytes of other
# characters stay; the few words holding them are split and folded again by _WORD.
_SPLIT_AND_LOWER = bytes(
    b if b >= 0x80 or chr(b).isalnum() or b == ord("_") else ord(" ") for b in range(256)
).lower()


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
        # Keyed by the folded UTF-8 bytes of a name's first word. A name matched in
        # its exact case is a candidate wherever the word occurs in any case, which
        # only costs a quick scan of its own pattern: its first word is a literal.
        self._by_first_word: dict[bytes, list[_Name]] = {}
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
                self._by_first_word.setdefault(_fold(words[0]).encode(), []).append(entry)

    def find(
        self, text: str, only: frozenset[tuple[EntityKind, str]] | None = None
    ) -> list[Mention]:
        """Every mention in ``text``, leftmost-longest and non-overlapping, in order."""
        data = text.encode("utf-8", "surrogatepass")
        candidates: list[_Name] = []
        for key in self._by_first_word.keys() & _folded_words(text, data):
            candidates.extend(self._by_first_word[key])
        if not candidates:
            return []
        lowered = _ascii_lowered(text, data)
        found: list[tuple[int, int, _Name]] = []
        compiled = self._compiled
        for name in candidates:
            if only is not None and (name.kind, name.id) not in only:
                continue
            pattern = compiled.get(name.pattern_source)
            if pattern is None:
                pattern = compiled[name.pattern_source] = re.compile(name.pattern_source)
            start_word = name.lowered_start
            if lowered is None or start_word is None:
                found.extend((m.start(), m.end(), name) for m in pattern.finditer(text))
                continue
            # pattern.finditer(text), tried only where the first word occurs: a scan in
            # C instead of the regex engine stepping through every character.
            start = lowered.find(start_word)
            while start >= 0:
                match = pattern.match(text, start)
                if match is None:
                    start = lowered.find(start_word, start + 1)
                else:
                    end = match.end()
                    found.append((start, end, name))
                    start = lowered.find(start_word, max(start + 1, end))
        # Leftmost, then longest; a span two entities both name goes to the actor
        # (then the smaller id), whatever order the set above gave the candidates.
        found.sort(key=lambda m: (m[0], m[0] - m[1], m[2].kind, m[2].id))
        chosen: list[Mention] = []
        reach = -1
        for start, end, name in found:
            if start >= reach:
                chosen.append(Mention(name.kind, name.id, start, end))
                reach = end
        return chosen


def _folded_words(text: str, data: bytes) -> set[bytes]:
    """The UTF-8 bytes of every ``\\w+`` run of ``text`` (``data`` in UTF-8) as _fold
    leaves it, and some byte strings that are no word at all (harmless: no name's
    first word equals them)."""
    words = set(data.translate(_SPLIT_AND_LOWER).split())
    if not text.isascii():
        for word in [w for w in words if not w.isascii()]:
            words.update(
                _fold(part).encode("utf-8", "surrogatepass")
                for part in _WORD.findall(word.decode("utf-8", "surrogatepass"))
            )
    return words


def _ascii_lowered(text: str, data: bytes) -> str | None:
    """``text`` (``data`` in UTF-8) with its ASCII letters in lower case, and every
    character where it was, to find where an ASCII first word may match; None when
    that would miss a place (see _LOWER_CASE_TRAPS). str.lower() costs several times
    more on text that is not all ASCII, and would find no other place."""
    if text.isascii():
        return text.lower()
    if any(t in text for t in _LOWER_CASE_TRAPS):
        return None
    return data.lower().decode("utf-8", "surrogatepass")
