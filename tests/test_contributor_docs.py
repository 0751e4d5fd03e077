"""The contributor docs promise what the tools do.

Every validation rule has a section in docs/contributing/rules.md whose example error
is exactly what the validator prints for the example archive under
tests/fixtures/rules/ (a valid ``base`` archive, overlaid with one rule's broken files),
and whose quoted input lines are taken from that archive.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from build_tools.commands.validate import run_validation
from build_tools.format import format_spec
from build_tools.format.format_spec import MAX_BRIEFING_BYTES

ROOT = Path(__file__).resolve().parent.parent
RULES_DOC = ROOT / "docs" / "contributing" / "rules.md"
FIXTURES = ROOT / "tests" / "fixtures" / "rules"
EXAMPLE_BRIEFING = "briefings/2015/2015-05-22-al-tanf-border-crossing.md"

_FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.M | re.S)


def _remove_locations(archive: Path) -> None:
    (archive / "briefings" / "locations.yml").unlink()


def _pad_briefing(archive: Path) -> None:
    path = archive / EXAMPLE_BRIEFING
    data = path.read_bytes()
    path.write_bytes(data + b"x" * (MAX_BRIEFING_BYTES + 1 - len(data)))


def _link_briefing(archive: Path) -> None:
    link = archive / "briefings" / "2015" / "2015-05-23-copy.md"
    link.symlink_to("2015-05-22-al-tanf-border-crossing.md")


# Examples that cannot be committed as files: a missing file, one over the size limit,
# and a symbolic link (copying the fixture would copy what it points at).
PREPARE: dict[str, Callable[[Path], None]] = {
    "file-missing": _remove_locations,
    "file-too-large": _pad_briefing,
    "file-symlink": _link_briefing,
}
# Examples whose mistake is not in the lines of a file, so there is nothing to quote.
UNQUOTED = {*PREPARE, "file-name"}


def rule_sections(markdown: str) -> dict[str, str]:
    """Rule id → its section's text (each rule is a level-3 heading)."""
    parts = re.split(r"^### (.+)$", markdown, flags=re.M)
    sections: dict[str, str] = {}
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        sections[heading.strip()] = body.split("\n## ")[0]
    return sections


def example_archive(rule: str, where: Path) -> Path:
    shutil.copytree(FIXTURES / "base", where, dirs_exist_ok=True)
    overlay = FIXTURES / rule
    if overlay.is_dir():
        shutil.copytree(overlay, where, dirs_exist_ok=True)
    if rule in PREPARE:
        PREPARE[rule](where)
    return where


def printed_for(rule: str, archive: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(archive)
    return [d.as_text() for d in run_validation([Path("briefings")]) if d.rule == rule]


def _text_of(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")  # the file-encoding example is deliberately not UTF-8


SECTIONS = rule_sections(RULES_DOC.read_text(encoding="utf-8"))


def test_every_rule_has_a_section_and_no_section_is_for_an_unknown_rule() -> None:
    assert set(SECTIONS) == {r.id for r in format_spec.RULES}


@pytest.mark.parametrize("rule", format_spec.RULES, ids=lambda r: r.id)
def test_section_shows_what_the_validator_prints(
    rule: format_spec.Rule, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    section = SECTIONS[rule.id]
    assert section.lstrip().startswith(f"**{rule.severity}** · {rule.summary}")
    assert "**Fix:**" in section
    blocks = _FENCE.findall(section)
    printed_blocks = [text for language, text in blocks if language == "text"]
    assert len(printed_blocks) == 1, f"{rule.id}: one ```text block with the validator's output"
    documented = printed_blocks[0].splitlines()
    archive = example_archive(rule.id, tmp_path / "archive")
    assert printed_for(rule.id, archive, monkeypatch) == documented, (
        f"{rule.id}: the output in {RULES_DOC.name} differs from what the validator prints "
        f"for tests/fixtures/rules/{rule.id}/"
    )


@pytest.mark.parametrize(
    "rule", [r for r in format_spec.RULES if r.id not in UNQUOTED], ids=lambda r: r.id
)
def test_quoted_input_comes_from_the_example_archive(rule: format_spec.Rule) -> None:
    section = SECTIONS[rule.id]
    blocks = _FENCE.findall(section)
    position = next(i for i, (language, _) in enumerate(blocks) if language == "text")
    assert position > 0, f"{rule.id}: quote the broken lines before the output"
    language, quoted = blocks[position - 1]
    assert language in ("yaml", "markdown")
    overlay = FIXTURES / rule.id
    lines = {
        line.rstrip()
        for path in overlay.rglob("*")
        if path.is_file()
        for line in _text_of(path).splitlines()
    }
    missing = [line for line in quoted.splitlines() if line.strip() and line not in lines]
    assert not missing, f"{rule.id}: quoted lines not in tests/fixtures/rules/{rule.id}/"


def test_example_base_archive_is_clean_even_under_strict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(FIXTURES / "base", tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    assert run_validation([Path("briefings")]) == []


@pytest.mark.parametrize("name", ["suggest-a-briefing.yml", "report-a-correction.yml"])
def test_issue_forms_have_what_github_requires(name: str) -> None:
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / name).read_text("utf-8"))
    assert {"name", "description", "body"} <= set(form)
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids))
    for item in form["body"]:
        assert item["type"] in {"markdown", "textarea", "input", "dropdown", "checkboxes"}
        if item["type"] != "markdown":
            assert item["attributes"]["label"]


def test_contributing_and_readme_lead_to_the_contributor_docs() -> None:
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for page in ("index.md", "format.md", "style.md", "rules.md"):
        assert f"docs/contributing/{page}" in contributing
        assert (ROOT / "docs" / "contributing" / page).is_file()
    assert "CONTRIBUTING.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_links_between_contributor_pages_resolve() -> None:
    folder = ROOT / "docs" / "contributing"
    for page in folder.glob("*.md"):
        for target in re.findall(r"\]\(([^)#\s]+\.(?:md|json))(?:#[^)]*)?\)", page.read_text()):
            assert (folder / target).resolve().is_file(), f"{page.name}: {target}"
