"""``validate`` against golden reports: one archive per case under tests/fixtures/validate.

After an intended change of messages, regenerate with
``.venv/bin/python -m tests.regenerate_golden`` and review the diff.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.format.format_spec import RULE_IDS
from build_tools.loading.loader import find_briefing_files
from build_tools.validation.archive import check_archive
from tests.golden import (
    CASES_DIR,
    case_names,
    expected_report,
    prepare_case,
    relative_diagnostics,
    validate_case,
)

CASES = case_names()
_RULE_AT_END = re.compile(r" \[([a-z0-9-]+)\]$")


def test_every_case_has_a_report() -> None:
    assert CASES, "no golden cases found"
    missing = [name for name in CASES if not (CASES_DIR / name / "expected.txt").is_file()]
    assert missing == []


@pytest.mark.parametrize("name", CASES)
def test_report_matches_golden(name: str, tmp_path: Path) -> None:
    assert validate_case(name, tmp_path).splitlines() == expected_report(name).splitlines()


def test_every_rule_has_a_failing_fixture() -> None:
    reported: set[str] = set()
    for name in CASES:
        for line in expected_report(name).splitlines():
            match = _RULE_AT_END.search(line)
            assert match, f"{name}/expected.txt: not a diagnostic line: {line!r}"
            reported.add(match.group(1))
    assert reported - RULE_IDS == set(), "reports name rules that format_spec does not define"
    assert RULE_IDS - reported == set(), "rules without a failing golden fixture"


def test_valid_archive_case_is_clean() -> None:
    assert expected_report("valid-archive") == ""


@pytest.mark.parametrize("name", CASES)
def test_a_broken_file_never_hides_problems_of_another(name: str, tmp_path: Path) -> None:
    """Each briefing reports the same alone as beside every other file of its archive."""
    root = prepare_case(name, tmp_path)
    together = check_archive(root).diagnostics
    together = relative_diagnostics(together, root)
    for path in find_briefing_files(root):
        alone = check_archive(root, only=[path]).diagnostics
        alone = relative_diagnostics(alone, root)
        relative = path.relative_to(root).as_posix()
        assert [d for d in alone if d.path == relative] == [
            d for d in together if d.path == relative
        ]
        registry_alone = {d for d in alone if d.path.endswith(".yml")}
        registry_together = {d for d in together if d.path.endswith(".yml")}
        assert registry_alone == {d for d in registry_together if d.rule != "unused-entry"}


def test_golden_reports_are_sorted_by_path_then_position() -> None:
    for name in CASES:
        keys = []
        for line in expected_report(name).splitlines():
            path, line_number, column = line.split(":", 3)[:3]
            keys.append((path, int(line_number), int(column)))
        assert keys == sorted(keys), name


def test_bom_and_crlf_fixtures_really_have_them() -> None:
    """Guard the fixture itself: an editor or git could silently strip the bytes under test."""
    data = (CASES_DIR / "valid-archive" / "2015" / "2015-05-22-everything.md").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf---\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
