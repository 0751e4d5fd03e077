"""The synthetic archive behind ``make bench``: valid, reproducible, shaped like a real one."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from pathlib import Path

import pytest
import yaml

from benchmarks.synthetic import SHAPES, generate_archive, main, write_archive
from build_tools.commands import cli
from build_tools.format.model import Actor, Archive, Location
from build_tools.loading.loader import load_archive
from build_tools.loading.mentions import MentionFinder, name_key
from build_tools.validation.archive import check_archive


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

    checked = check_archive(root)

    archive, diagnostics = checked.archive, checked.diagnostics

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


# --- the varied shape -------------------------------------------------------------------


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    root = tmp_path_factory.mktemp("varied") / "briefings"
    generate_archive(root, 150, shape="varied")
    checked = check_archive(root)
    archive, diagnostics = checked.archive, checked.diagnostics
    assert [d.as_text() for d in diagnostics] == []
    assert archive is not None
    assert cli.main(["validate", "--strict", str(root)]) == 0
    return archive


def test_a_varied_archive_validates_and_differs_in_shape_from_the_plain_one(
    varied: Archive, tmp_path: Path
) -> None:
    generate_archive(tmp_path / "plain", 150)
    plain = load_archive(tmp_path / "plain")
    plain_words = statistics.mean(len(f.body.split()) for f in plain.briefings)
    varied_words = statistics.mean(len(b.body.split()) for b in varied.briefings)
    assert varied_words > 2.5 * plain_words
    assert statistics.mean(len(b.actors) + len(b.locations) for b in varied.briefings) >= 8
    assert len(varied.briefings) == 150


def test_every_varied_entity_has_5_to_15_names_in_several_scripts(varied: Archive) -> None:
    entities: list[Actor | Location] = [*varied.actors.values(), *varied.locations.values()]
    assert all(5 <= len(e.names) <= 15 for e in entities)
    assert statistics.mean(len(e.names) for e in entities) >= 8
    names = " ".join(n for e in entities for n in e.names)
    for letters in ("[а-я]", "[α-ω]", "[\u0627-\u064a]"):  # Cyrillic, Greek, Arabic
        assert re.search(letters, names), letters


def test_many_varied_names_share_a_first_word_and_some_begin_others(varied: Archive) -> None:
    entities: list[Actor | Location] = [*varied.actors.values(), *varied.locations.values()]
    names = [n for e in entities for n in e.names]
    first_words = Counter(re.findall(r"\w+", n)[0].casefold() for n in names)
    assert first_words["al"] >= len(names) / 20
    assert sum(1 for count in first_words.values() if count >= 3) >= 4
    keys = {name_key(n) for n in names}
    assert sum(1 for key in keys if key.split()[0] in keys and " " in key) >= len(keys) / 20


def test_varied_bodies_name_entities_in_every_kind_of_markup(varied: Archive) -> None:
    """What stands just before and just after the mentions the validator finds."""
    finder = MentionFinder(
        [("actor", a.id, a.names) for a in varied.actors.values()]
        + [("location", loc.id, loc.names) for loc in varied.locations.values()]
    )
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    for briefing in varied.briefings:
        body = briefing.body
        for m in finder.find(body):
            line_start = body.rfind("\n", 0, m.start) + 1
            before[body[line_start : m.start][-4:]] += 1
            after[body[m.end : m.end + 2]] += 1
    starts = set(before)
    for opening in ("(", "[", "*", "**", "pro-", "## ", "### ", "- ", "1. ", "> "):
        assert any(s.endswith(opening) for s in starts), opening
    assert "" in starts  # first on a line
    for closing in ("'s", "\u2019s", "-b", "-l", "](", ")", "]", "*", ". ", ", "):
        assert any(a.startswith(closing) for a in after), closing


def test_an_unknown_shape_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError, match="unknown shape 'odd'"):
        generate_archive(tmp_path / "a", 20, shape="odd")
    assert main([str(tmp_path / "b"), "--count", "20", "--shape", "varied"]) == 0
    assert len(list((tmp_path / "b").glob("*/*.md"))) == 20


def test_write_archive_writes_either_shape_byte_for_byte_as_generate_archive(
    tmp_path: Path,
) -> None:
    for shape in SHAPES:
        write_archive(tmp_path / f"w-{shape}", 30, shape=shape, seed=4)
        generate_archive(tmp_path / f"g-{shape}", 30, 4, shape)
        assert contents(tmp_path / f"w-{shape}") == contents(tmp_path / f"g-{shape}")
    assert contents(tmp_path / "w-plain") != contents(tmp_path / "w-varied")
