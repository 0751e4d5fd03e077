"""Diagnostics: the one shape in which every contributor mistake is reported.

The text form ``PATH:LINE:COL: severity: message [rule]`` is a public contract
(FORMAT.md), so formatting lives here and nowhere else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem at one place. Not orderable itself: :func:`sort_diagnostics` puts a
    report in its order (path, line, column, rule, message, severity), once each."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str
    rule: str

    def as_text(self) -> str:
        return (
            f"{self.path}:{self.line}:{self.column}: "
            f"{self.severity.value}: {self.message} [{self.rule}]"
        )

    def as_github(self) -> str:
        """A GitHub Actions workflow command, so the problem shows inline on the PR."""
        kind = "error" if self.severity is Severity.ERROR else "warning"
        message = _github_escape_data(f"{self.message} [{self.rule}]")
        path = _github_escape_property(self.path)
        title = _github_escape_property(self.rule)
        return f"::{kind} file={path},line={self.line},col={self.column},title={title}::{message}"


def error(path: str, line: int, column: int, message: str, rule: str) -> Diagnostic:
    return Diagnostic(_one_line(path), line, column, Severity.ERROR, _one_line(message), rule)


def warning(path: str, line: int, column: int, message: str, rule: str) -> Diagnostic:
    return Diagnostic(_one_line(path), line, column, Severity.WARNING, _one_line(message), rule)


# What str.splitlines() breaks a line at.
_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _one_line(message: str) -> str:
    """A message quoting a value that holds a line break (``"line\\nbreak"`` as an id),
    or a path whose file name holds one, shows the break escaped: one diagnostic is one
    line of output."""
    if _LINE_BREAKS.search(message) is None:
        return message
    return _LINE_BREAKS.sub(lambda m: repr(m.group())[1:-1], message)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """In report order, each problem once (two checks may find the same one)."""
    # Severity last, so the order is total: the same diagnostics always print the same.
    return sorted(
        set(diagnostics), key=lambda d: (d.path, d.line, d.column, d.rule, d.message, d.severity)
    )


def promote_warnings(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """``--strict``: a warning is an error, and says so in its severity."""
    return [
        Diagnostic(d.path, d.line, d.column, Severity.ERROR, d.message, d.rule) for d in diagnostics
    ]


def format_diagnostics(diagnostics: Sequence[Diagnostic], style: str) -> str:
    if style == "json":
        return json.dumps(
            [{**asdict(d), "severity": d.severity.value} for d in diagnostics],
            ensure_ascii=False,
            indent=2,
        )
    if style == "github":
        return "\n".join(d.as_github() for d in diagnostics)
    return "\n".join(d.as_text() for d in diagnostics)


def _github_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_escape_property(text: str) -> str:
    return _github_escape_data(text).replace(":", "%3A").replace(",", "%2C")
