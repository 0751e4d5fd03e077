"""Finding where a text names an actor or a location.

Used by the validator (mention warnings) and by rendering (auto-links), so both agree
on what counts as a mention. Matching respects word boundaries; names are matched
case-insensitively, except short all-capitals aliases: ``IS`` is the Islamic State,
the English word "is" is not.

Real archives have thousands of names, many sharing a first word ("al-", a country's
name before its army's), each written in several scripts. The names form a trie of
words, built once per archive; a text is searched only where a name's first word
occurs in it, and from there the trie is walked word by word. Which first words occur
comes from intersecting the text's words, in lower case, with the names' first words
(a C-level set operation); the words come from the text's UTF-8 bytes cut by one
translation table, cheaper than a regex scan. No name is a regex of its own: a text's
words are compared with a name's as ``re.IGNORECASE`` compares letters, so the finder
finds what one ``(?i)`` pattern per name would, at a cost that follows the length of
the text and the names it holds, not the size of the registry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress, filterfalse
from operator import itemgetter
from typing import Literal, cast

EntityKind = Literal["actor", "location"]

_WORD = re.compile(r"\w+")
# The words the finder walks: runs of \w, cut where a modifier letter apostrophe
# (U+02BC) stands between two other word characters: \w matches it, but names use it
# as an apostrophe (al-Qaʼim for al-Qa'im). Names and texts are cut alike.
_MODIFIER_APOSTROPHE = "\u02bc"
_TOKEN = re.compile(r"(?:[^\W\u02bc]|(?<![^\W\u02bc])\u02bc+|\u02bc+(?![^\W\u02bc]))+")
# The next word after the end of one, when it holds no U+02BC (checked): the next _TOKEN.
_NEXT_WORD = re.compile(r"\W+(\w+)")
_GAP = r"[\s\-\u2010\u2011\u2013]+"
_GAP_ONLY = re.compile(_GAP)
_APOSTROPHES = "'\u2018\u2019\u02bc"
_APOSTROPHE = f"[{_APOSTROPHES}]"
SHORT_CAPS_MAX = 5
# The UTF-8 bytes of a text → its words in lower case: every ASCII byte that \w does
# not match becomes a space and ASCII letters become lower case. Bytes of other
# characters stay; the few words holding them are split and folded again by _TOKEN.
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
    # The name cut into words (see _TOKEN) and what lies between each two of them.
    words: tuple[str, ...]
    separators: tuple[str, ...]  # patterns, as _separator_pattern writes them
    sensitive: bool


@dataclass(slots=True)
class _Node:
    """One word of a trie of names: the names that end here, and the words that may follow."""

    names: list[_Name] = field(default_factory=list)
    children: dict[str, _Node] = field(default_factory=dict)


# What follows a name's first word: where the any-case trie goes on from it (None if
# no such name starts with it), and the acronyms starting with it, by the word as written.
_Start = tuple[_Node | None, dict[str, _Node]]


def is_case_sensitive(name: str) -> bool:
    """Short all-capitals names (IS, US, SOHR) are acronyms: match their case exactly."""
    letters = name.replace(".", "")
    return len(letters) <= SHORT_CAPS_MAX and letters.isupper()


def _fold(word: str) -> str:
    """A word as re.IGNORECASE sees it, for the candidate filter: casefold alone keeps
    dotless ı and dotted İ apart from i, which the pattern itself matches."""
    if word.isascii():
        return word.lower()
    return word.casefold().replace("i\u0307", "i").replace("\u0131", "i")


def name_key(name: str) -> str:
    """What a name matches, as one string: two names with the same key match the same text.

    Case is dropped even for acronyms: ``IS`` (exact) and an alias ``is`` (any case)
    would both match the text "IS".
    """
    return " ".join(_WORD.findall(name)).casefold()


def _separator_pattern(separator: str) -> str:
    """The pattern text between two words of a name must match.

    Spaces and hyphens are interchangeable (al-Tanf, al Tanf, a line break); any other
    punctuation is the name's own and must be there (al-Qa'im, U.S.), with the
    apostrophes a keyboard may produce taken as one. A modifier letter apostrophe
    inside a word (Qaʼim) is a letter to the regex engine: it stands for itself.
    """
    if _GAP_ONLY.fullmatch(separator):
        return _GAP
    if not separator.strip(_MODIFIER_APOSTROPHE):
        return re.escape(separator)
    return "".join(
        r"\s+" if c.isspace() else _APOSTROPHE if c in _APOSTROPHES else re.escape(c)
        for c in separator
    )


def _is_word_character(character: str) -> bool:
    """What ``\\w`` matches: str.isalnum() is the same test the regex engine makes."""
    return character.isalnum() or character == "_"


class MentionFinder:
    """An index of every registry name and alias, built once per archive.

    The names form two tries of words, one for names matched in any case (keyed by
    the words' case-folded forms) and one for acronyms (keyed by the words as written).
    Finding mentions walks the tries from where a name's first word occurs in the text,
    so its cost grows with the text and the names it holds, not with the registry.
    """

    def __init__(self, entries: Iterable[tuple[EntityKind, str, Iterable[str]]]) -> None:
        # A name's first word, case-folded → what follows it in the tries.
        self._first_words: dict[str, _Start] = {}
        self._separators: dict[tuple[str, bool], re.Pattern[str]] = {}
        self._letters: dict[str, re.Pattern[str]] = {}
        any_case: dict[str, _Node] = {}
        exact_case: dict[str, _Node] = {}
        for kind, entity_id, names in entries:
            for name in names:
                words = _TOKEN.findall(name)
                if not words:
                    continue
                sensitive = is_case_sensitive(name)
                separators = tuple(_separator_pattern(s) for s in _TOKEN.split(name)[1:-1])
                keys = words if sensitive else [_fold(w) for w in words]
                level = exact_case if sensitive else any_case
                node = _Node()
                for key in keys:
                    node = level.setdefault(key, _Node())
                    level = node.children
                node.names.append(_Name(kind, entity_id, tuple(words), separators, sensitive))
                first = _fold(words[0])
                start, acronyms = self._first_words.get(first, (None, {}))
                if sensitive:
                    acronyms[words[0]] = exact_case[words[0]]
                else:
                    start = any_case[first]
                self._first_words[first] = (start, acronyms)

    def find(
        self, text: str, only: frozenset[tuple[EntityKind, str]] | None = None
    ) -> list[Mention]:
        """Every mention in ``text``, leftmost-longest and non-overlapping, in order.

        A span that names several entities (the state and the country "Iraq") is a
        mention of each: one per entity, at the same place, actor first."""
        return self._leftmost_longest(text, self._first_words_in(text), only)

    def _first_words_in(self, text: str) -> list[tuple[int, int, _Start]]:
        """Where a name's first word stands in ``text``: (start, end, what follows it
        in the tries), in the text's order."""
        # The text with every ASCII character that \w does not match made a space and
        # ASCII letters in lower case, every character where it was: cut at spaces,
        # its runs are the text's words in lower case, except runs holding other
        # characters, which are cut again. Looking the runs up happens in C; Python
        # code runs only for the few that are a name's first word, or not all ASCII.
        spaced = (
            text.encode("utf-8", "surrogatepass")
            .translate(_SPLIT_AND_LOWER)
            .decode("utf-8", "surrogatepass")
        )
        runs = spaced.split(" ")
        spaced = f" {spaced} "
        first_words = self._first_words
        firsts: list[tuple[int, int, _Start]] = []
        # The runs come in the text's order: each is looked for after the one before.
        # " run " stands at the run's offset in the text, one space before it.
        cursor = 0
        for run in compress(runs, map(first_words.get, runs)):
            start = spaced.find(f" {run} ", cursor)
            cursor = start + len(run) + 1
            firsts.append((start, cursor - 1, first_words[run]))
        if not text.isascii():
            cursor = 0
            for run in filterfalse(str.isascii, runs):
                base = spaced.find(f" {run} ", cursor)
                cursor = base + len(run) + 1
                if run in first_words:
                    continue
                for part in _TOKEN.finditer(run):
                    entry = first_words.get(_fold(part.group()))
                    start = base + part.start()
                    if entry is not None and (
                        start == 0 or not _is_word_character(text[start - 1])
                    ):
                        firsts.append((start, base + part.end(), entry))
            firsts.sort(key=itemgetter(0))
        return firsts

    def _leftmost_longest(
        self,
        text: str,
        firsts: list[tuple[int, int, _Start]],
        only: frozenset[tuple[EntityKind, str]] | None,
    ) -> list[Mention]:
        """The mentions to keep, given where names may start: leftmost, then longest."""
        # A name starting inside the last one chosen is not tried at all. A span
        # several entities name is a mention of each, the actor first, then by id,
        # whatever order the registries listed them in.
        chosen: list[Mention] = []
        reach = 0
        for start, end, (any_case, acronyms) in firsts:
            if start < reach:
                continue
            found: list[tuple[int, str, str]] = []
            if any_case is not None:
                self._walk(text, start, end, any_case, False, only, found)
            if acronyms:
                node = acronyms.get(text[start:end])
                if node is not None:
                    self._walk(text, start, end, node, True, only, found)
            if found:
                found.sort()
                longest = found[0][0]
                reach = -longest
                named: set[tuple[str, str]] = set()
                for length, kind, entity_id in found:
                    if length != longest:
                        break
                    if (kind, entity_id) not in named:
                        named.add((kind, entity_id))
                        chosen.append(Mention(cast("EntityKind", kind), entity_id, start, reach))
        return chosen

    def _walk(
        self,
        text: str,
        start: int,
        end: int,
        node: _Node,
        sensitive: bool,
        only: frozenset[tuple[EntityKind, str]] | None,
        found: list[tuple[int, str, str]],
    ) -> None:
        """Every name of the trie below ``node`` that the text holds from ``start``,
        where ``text[start:end]`` is the word that led to ``node``, as (minus where it
        ends, kind, id): the least is the one to choose."""
        words = [text[start:end]]
        separators: list[str] = []
        size = len(text)
        while True:
            if node.names and (end == size or not _is_word_character(text[end])):
                for name in node.names:
                    if (only is None or (name.kind, name.id) in only) and self._matches(
                        name, words, separators
                    ):
                        found.append((-end, name.kind, name.id))
            if not node.children:
                return
            step = _NEXT_WORD.match(text, end)
            if step is not None and _MODIFIER_APOSTROPHE not in step.group(1):
                word, word_start = step.group(1), step.start(1)
            else:  # a word holding U+02BC, or none after this one
                step = _TOKEN.search(text, end)
                if step is None:
                    return
                word, word_start = step.group(), step.start()
            child = node.children.get(word if sensitive else _fold(word))
            if child is None:
                return
            separators.append(text[end:word_start])
            words.append(word)
            node = child
            end = step.end()

    def _matches(self, name: _Name, words: list[str], separators: list[str]) -> bool:
        """Whether the words and separators of the text are the name's, as the regex
        ``(?i)`` (or, for an acronym, exact) pattern of the name would find them."""
        for wanted, written in zip(name.words, words, strict=True):
            if written != wanted and (name.sensitive or not self._same_word(wanted, written)):
                return False
        for pattern, written in zip(name.separators, separators, strict=True):
            if pattern == _GAP:
                if not _GAP_ONLY.fullmatch(written):
                    return False
                continue
            compiled = self._separators.get((pattern, name.sensitive))
            if compiled is None:
                flags = 0 if name.sensitive else re.IGNORECASE
                compiled = self._separators[pattern, name.sensitive] = re.compile(pattern, flags)
            if not compiled.fullmatch(written):
                return False
        return True

    def _same_word(self, wanted: str, written: str) -> bool:
        """``written`` matches ``wanted`` in any case, letter by letter as re.IGNORECASE
        compares them (İ, ı, ſ, K and final sigma included)."""
        if len(wanted) != len(written):
            return False
        if wanted.isascii() and written.isascii():
            return wanted.lower() == written.lower()
        letters = self._letters
        for mine, theirs in zip(wanted, written, strict=True):
            if mine == theirs:
                continue
            pattern = letters.get(mine)
            if pattern is None:
                pattern = letters[mine] = re.compile(re.escape(mine), re.IGNORECASE)
            if not pattern.fullmatch(theirs):
                return False
        return True
