"""The synthetic archive behind ``make bench``: valid, reproducible, shaped like a real one."""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path

import pytest
import yaml

from benchmarks.synthetic import generate_archive, main
from build_tools import cli
from build_tools.loader import load_archive
from build_tools.validate import validate


def contents(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def actors_of(path: Path) -> list[str]:
    front = path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n")
    actors = yaml.safe_load(front)["actors"]
    assert isinstance(actors, list)
    return actors


def test_a_small_archive_validates_without_a_single_diagnostic(tmp_path: Path) -> None:
    root = tmp_path / "briefings"
    generate_archive(root, 60)

    archive, diagnostics = validate(load_archive(root))

    assert [d.as_text() for d in diagnostics] == []
    assert archive is not None
    assert len(archive.briefings) == 60
    assert len({b.year for b in archive.briefings}) >= 3
    assert any(b.quotes for b in archive.briefings)
    assert any(loc.within and loc.coordinates for loc in archive.locations.values())
    assert any(a.affiliation for a in archive.actors.values())
    assert any(a.aliases for a in archive.actors.values())
    assert cli.main(["validate", "--strict", str(root)]) == 0


def test_the_same_seed_writes_byte_identical_files(tmp_path: Path) -> None:
    generate_archive(tmp_path / "first", 60, seed=7)
    generate_archive(tmp_path / "second", 60, seed=7)
    generate_archive(tmp_path / "other", 60, seed=8)

    first = contents(tmp_path / "first")
    assert len(first) == 62  # 60 briefings and the two registries
    assert contents(tmp_path / "second") == first
    assert contents(tmp_path / "other") != first


def test_a_few_actors_appear_in_most_briefings_and_most_in_few(tmp_path: Path) -> None:
    root = tmp_path / "briefings"
    generate_archive(root, 600)

    briefings = sorted(root.glob("*/*.md"))
    appearances = Counter(a for p in briefings for a in actors_of(p))
    counts = sorted(appearances.values(), reverse=True)

    assert counts[0] > len(briefings) / 2
    assert counts[0] >= 5 * statistics.median(counts)


def test_the_command_refuses_a_folder_that_holds_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")

    assert main([str(tmp_path), "--count", "20"]) == 2

    assert "is not empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
