"""The diagnostic formats are a public contract: exact text, GitHub commands, JSON."""

from __future__ import annotations

import json

import pytest

from build_tools.format.diagnostics import (
    Diagnostic,
    Severity,
    error,
    format_diagnostics,
    promote_warnings,
    sort_diagnostics,
    warning,
)

UNKNOWN = error(
    "briefings/2015/2015-05-22-al-tanf.md",
    6,
    11,
    "unknown actor 'islamic-stat' (did you mean 'islamic-state'?)",
    "unknown-actor",
)
UNUSED = warning(
    "briefings/actors.yml", 3, 1, "actor 'x' is not used by any briefing", "unused-entry"
)


def test_text_form_is_the_one_format_md_shows() -> None:
    assert UNKNOWN.as_text() == (
        "briefings/2015/2015-05-22-al-tanf.md:6:11: error: unknown actor 'islamic-stat' "
        "(did you mean 'islamic-state'?) [unknown-actor]"
    )
    assert UNUSED.as_text() == (
        "briefings/actors.yml:3:1: warning: actor 'x' is not used by any briefing [unused-entry]"
    )


def test_github_form_is_a_workflow_command() -> None:
    assert UNKNOWN.as_github() == (
        "::error file=briefings/2015/2015-05-22-al-tanf.md,line=6,col=11,title=unknown-actor::"
        "unknown actor 'islamic-stat' (did you mean 'islamic-state'?) [unknown-actor]"
    )
    assert UNUSED.as_github().startswith("::warning file=briefings/actors.yml,line=3,col=1,")


def test_github_form_escapes_what_would_end_or_split_the_command() -> None:
    # Built directly: error() already escapes line breaks; the command must hold anyway.
    odd = Diagnostic("a,b:c%.md", 1, 2, Severity.ERROR, "100% sure\r\nsecond line", "field-type")
    assert odd.as_github() == (
        "::error file=a%2Cb%3Ac%25.md,line=1,col=2,title=field-type::"
        "100%25 sure%0D%0Asecond line [field-type]"
    )


def test_sorting_is_by_path_then_line_then_column_and_drops_repeats() -> None:
    later = error("b.md", 1, 1, "m", "field-type")
    first = error("a.md", 10, 1, "m", "field-type")
    second = error("a.md", 10, 2, "m", "field-type")
    top = error("a.md", 2, 30, "m", "field-type")
    assert sort_diagnostics([later, second, first, top, second]) == [top, first, second, later]


def test_strict_turns_warnings_into_errors() -> None:
    promoted = promote_warnings([UNUSED, UNKNOWN])
    assert [d.severity for d in promoted] == [Severity.ERROR, Severity.ERROR]
    assert promoted[0].as_text().startswith("briefings/actors.yml:3:1: error: ")


def test_json_form_holds_every_field_and_keeps_non_ascii_readable() -> None:
    arabic = warning("x.md", 1, 2, "the body names Palmyra as 'تدمر'", "unlisted-mention")
    records = json.loads(format_diagnostics([UNKNOWN, arabic], "json"))
    assert records[1] == {
        "path": "x.md",
        "line": 1,
        "column": 2,
        "severity": "warning",
        "message": "the body names Palmyra as 'تدمر'",
        "rule": "unlisted-mention",
    }
    assert "تدمر" in format_diagnostics([arabic], "json")


def test_text_form_of_many_is_one_line_each() -> None:
    text = format_diagnostics([UNKNOWN, UNUSED], "text")
    assert text.splitlines() == [UNKNOWN.as_text(), UNUSED.as_text()]


def test_diagnostics_are_values() -> None:
    copy = Diagnostic(UNKNOWN.path, 6, 11, Severity.ERROR, UNKNOWN.message, "unknown-actor")
    assert copy == UNKNOWN
    assert len({copy, UNKNOWN}) == 1


def test_a_quoted_line_break_is_shown_escaped_on_the_one_line() -> None:
    found = error("x.md", 2, 10, "'line\nbreak' in actors is not a valid id", "invalid-id")
    assert found.as_text() == (
        "x.md:2:10: error: 'line\\nbreak' in actors is not a valid id [invalid-id]"
    )


@pytest.mark.parametrize("brk", ["\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"])
def test_every_line_break_in_a_message_is_escaped(brk: str) -> None:
    assert len(warning("x", 1, 1, f"a{brk}b", "r").as_text().splitlines()) == 1
