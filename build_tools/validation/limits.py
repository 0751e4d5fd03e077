"""A body's per-file limits (format_spec.MAX_BODY_*), each counted in one pass.

Checked before anything parses the body: beyond them Python-Markdown takes minutes,
or recurses until it fails. Offsets become the file's lines and columns through
:class:`BodyPositions`, found once per body.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from build_tools.format import format_spec as spec
from build_tools.format.diagnostics import Diagnostic
from build_tools.loading.loader import LoadedFile

_HEADING_LINE = re.compile(r"^ {0,3}#", re.M)
# The container markers opening a line: quote '>', list '-', '+', '*', '1.' or '1)'.
_NESTING = re.compile(r"^(?:[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t])))+", re.M)
_MARKER = re.compile(r">|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t])")
_COUNTED = (
    ("[", spec.MAX_BODY_BRACKETS, "'[' characters (links and footnotes)"),
    ("`", spec.MAX_BODY_BACKTICKS, "backticks"),
    ("<", spec.MAX_BODY_ANGLE_BRACKETS, "'<' characters"),
)


class BodyPositions:
    """Offsets in a body → the file's line and column, by bisecting the line starts,
    found once and only when a problem is first reported: a body with thousands of
    problems is not rescanned for each, and a clean body is not scanned at all."""

    def __init__(self, file: LoadedFile) -> None:
        self.first_line = file.body_line
        self._body = file.body
        self._starts: list[int] | None = None

    def __call__(self, offset: int) -> tuple[int, int]:
        starts = self._starts
        if starts is None:
            starts = self._starts = [0, *(m.end() for m in re.finditer("\n", self._body))]
        index = bisect.bisect_right(starts, offset) - 1
        return self.first_line + index, offset - starts[index] + 1


def over_limits(file: LoadedFile, at: BodyPositions) -> list[Diagnostic]:
    """Every limit the body is beyond, reported where it is first crossed."""
    found: list[Diagnostic] = []
    for offset, message in _crossings(file.body):
        line, column = at(offset)
        found.append(spec.OVER_LIMIT.at(file.path, line, column, message))
    return found


def _crossings(body: str) -> Iterator[tuple[int, str]]:
    yield from _length(body)
    yield from _counts(body)
    if body.count("#") > spec.MAX_BODY_HEADINGS:  # each heading line holds one at least
        yield from _headings(body)
    if "\n" in body or len(body) > spec.MAX_BODY_NESTING:
        yield from _nesting(body)


def _length(body: str) -> Iterator[tuple[int, str]]:
    if len(body) > spec.MAX_BODY_CHARACTERS:
        yield (
            spec.MAX_BODY_CHARACTERS,
            f"the body is {len(body):,} characters long; the limit is "
            f"{spec.MAX_BODY_CHARACTERS:,} per briefing",
        )


def _counts(body: str) -> Iterator[tuple[int, str]]:
    for char, limit, what in _COUNTED:
        count = body.count(char)
        if count > limit:
            offset = -1
            for _ in range(limit + 1):
                offset = body.find(char, offset + 1)
            yield offset, f"the body has {count:,} {what}; the limit is {limit:,} per briefing"


def _headings(body: str) -> Iterator[tuple[int, str]]:
    headings = [m.start() for m in _HEADING_LINE.finditer(body)]
    if len(headings) > spec.MAX_BODY_HEADINGS:
        yield (
            headings[spec.MAX_BODY_HEADINGS],
            f"the body has {len(headings):,} heading lines; the limit is "
            f"{spec.MAX_BODY_HEADINGS} per briefing",
        )


def _nesting(body: str) -> Iterator[tuple[int, str]]:
    for match in _NESTING.finditer(body):
        if match.end() - match.start() <= spec.MAX_BODY_NESTING:
            continue  # each marker takes at least one character
        depth = len(_MARKER.findall(body, match.start(), match.end() + 1))
        if depth > spec.MAX_BODY_NESTING:
            yield (
                match.start(),
                f"this line opens {depth} nested lists or quotes; the limit is "
                f"{spec.MAX_BODY_NESTING}",
            )
            return
