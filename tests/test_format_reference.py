"""The format reference page is generated from format_spec and cannot drift from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.commands.cli import main
from build_tools.format import format_spec
from build_tools.format.format_reference import REFERENCE_PATH, REGENERATE, format_reference

ROOT = Path(__file__).resolve().parent.parent
PAGE = format_reference()


def test_committed_page_is_the_generated_one() -> None:
    committed = (ROOT / REFERENCE_PATH).read_text(encoding="utf-8")
    assert committed == PAGE, (
        f"{REFERENCE_PATH} is out of date with build_tools/format/format_spec.py; "
        f"regenerate with: {REGENERATE}"
    )


def _table_after(heading: str) -> list[list[str]]:
    """The first table after a heading, as rows of cells (the separator row left out)."""
    lines = PAGE.split(f"\n{heading}\n", 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if not set("".join(cells)) <= {"-"}:
            rows.append(cells)
    return rows


@pytest.mark.parametrize(
    ("heading", "record"),
    [
        ("## Briefing", format_spec.BRIEFING),
        ("### Quote", format_spec.QUOTE),
        ("### Source", format_spec.SOURCE),
        ("### Correction", format_spec.CORRECTION),
        ("### Actor", format_spec.ACTOR),
        ("### Location", format_spec.LOCATION),
    ],
)
def test_every_field_is_in_its_table_with_its_limits(
    heading: str, record: format_spec.Record
) -> None:
    rows = _table_after(heading)
    assert rows[0][:2] == ["field", "required"]
    by_name = {row[0].strip("`"): row for row in rows[1:]}
    assert list(by_name) == [f.name for f in record.fields]
    for f in record.fields:
        row = by_name[f.name]
        assert row[1] == ("yes" if f.required else "no")
        if f.max_length is not None:
            assert f"up to {f.max_length} characters" in row[2]
        for choice in f.choices:
            assert f"`{choice}`" in row[2]
        assert f.description.replace("|", "\\|") in row[3]


def test_every_rule_is_listed_and_links_to_its_explanation() -> None:
    rows = _table_after("## Validation rules")
    assert [row[0] for row in rows[1:]] == [
        f"[`{r.id}`](rules.md#{r.id})" for r in format_spec.RULES
    ]
    warnings = {r.id for r in format_spec.RULES if r.severity == "warning"}
    assert {row[0].split("`")[1] for row in rows[1:] if row[1].startswith("warning")} == warnings


def test_command_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "contributing" / "format.md"
    assert main(["format-reference", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == PAGE
    capsys.readouterr()
    assert main(["format-reference", "-"]) == 0
    assert capsys.readouterr().out == PAGE
