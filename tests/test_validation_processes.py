"""check_archive on one core or several: the same answer as checking the loaded files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks.synthetic import generate_archive
from build_tools.commands import cli
from build_tools.format.diagnostics import Diagnostic, format_diagnostics
from build_tools.format.model import Archive
from build_tools.loading.loader import BriefingSource, find_briefing_files, load_archive
from build_tools.validation import processes as parallel
from build_tools.validation.archive import CheckedArchive, check_archive
from build_tools.validation.briefings import BriefingResult
from build_tools.validation.processes import (
    PARALLEL_BYTES_PER_REGISTRY_BYTE,
    PARALLEL_MIN_BYTES,
    parallel_threshold,
    processes_for,
)
from build_tools.validation.registries import Registries
from tests.golden import case_names, prepare_case

# Python 3.12+ warns when a process with threads forks; pytest-xdist's workers have
# one (execnet's), and the forked children here only compute and exit.
pytestmark = pytest.mark.filterwarnings("ignore:.*use of fork\\(\\):DeprecationWarning")

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_archives() -> list[Path]:
    return sorted(p.parent for p in FIXTURES.rglob("actors.yml"))


def answer(checked: CheckedArchive) -> tuple[Archive | None, list[Diagnostic]]:
    return checked.archive, checked.diagnostics


def every_way(
    root: Path, only: list[Path] | None = None
) -> tuple[Archive | None, list[Diagnostic]]:
    """The answer for the files loaded first, checked to be that of the archive's folder
    in one process, in two and in three, with and without the Archive."""
    expected = answer(check_archive(load_archive(root, only=only)))
    for processes in (1, 2, 3):
        assert answer(check_archive(root, only, processes=processes)) == expected
        assert answer(check_archive(root, only, processes=processes, build=False)) == (
            None,
            expected[1],
        )
    return expected


@pytest.mark.parametrize(
    "root", fixture_archives(), ids=lambda p: p.relative_to(FIXTURES).as_posix()
)
def test_every_fixture_archive_gets_the_same_answer_every_way(root: Path) -> None:
    every_way(root)


@pytest.mark.parametrize("name", case_names())
def test_every_golden_case_gets_the_same_answer_every_way(name: str, tmp_path: Path) -> None:
    every_way(prepare_case(name, tmp_path))


def test_chosen_files_get_the_same_answer_every_way(tmp_path: Path) -> None:
    root = prepare_case("fields", tmp_path)
    every_way(root, only=find_briefing_files(root)[::2])


def _break_some(root: Path) -> None:
    """Mistakes of every kind, spread over the archive, so that every process finds some."""
    files = find_briefing_files(root)
    files[0].write_text("no front matter\n", encoding="utf-8")
    flow = next(f for f in files[7:] if b"\nactors: [" in f.read_bytes())
    flow.write_bytes(flow.read_bytes().replace(b"\nactors: [", b"\nactors: [nobody-at-all, ", 1))
    files[20].write_bytes(files[20].read_bytes().replace(b"title:", b"title: [unclosed\ntitle:", 1))
    files[33].write_bytes(files[33].read_bytes().replace(b"date:", b"dates:", 1))
    files[-1].write_bytes(b"---\n" + bytes(range(256)) + b"\n---\n")
    (files[50].parent / "2099-13-40-bad-name.md").write_bytes(files[50].read_bytes())


def test_a_synthetic_archive_gets_the_same_answer_every_way(tmp_path: Path) -> None:
    root = tmp_path / "briefings"
    generate_archive(root, 240)
    archive, diagnostics = every_way(root)
    assert diagnostics == []
    assert archive is not None
    assert len(archive.briefings) == 240


def test_a_synthetic_archive_with_mistakes_gets_the_same_answer_every_way(tmp_path: Path) -> None:
    root = tmp_path / "briefings"
    generate_archive(root, 240)
    _break_some(root)
    archive, diagnostics = every_way(root)
    assert archive is None
    assert {d.rule for d in diagnostics} >= {
        "front-matter",
        "unknown-actor",
        "yaml-syntax",
        "unknown-field",
        "file-encoding",
        "file-name",
    }


def test_enough_bytes_use_every_core_and_fewer_only_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    """The threshold is in bytes, not files: sixty short briefings are checked here,
    forty long ones on every core."""
    short, long = tmp_path / "short", tmp_path / "long"
    generate_archive(short, 60)
    generate_archive(long, 40, shape="varied")
    short_files, long_files = find_briefing_files(short), find_briefing_files(long)
    assert sum(p.stat().st_size for p in short_files) < parallel_threshold(short)
    assert sum(p.stat().st_size for p in long_files) >= parallel_threshold(long)
    monkeypatch.setattr(parallel, "available_cores", lambda: 3)
    check_archive(long)
    assert len(forks) == 2
    forks.clear()
    check_archive(short)
    check_archive(long, long_files[:3])
    assert forks == []
    assert processes_for(long_files, parallel_threshold(long)) == 3
    monkeypatch.setattr(parallel, "available_cores", lambda: 1)
    assert processes_for(long_files, parallel_threshold(long)) == 1


def test_larger_registries_need_more_bytes_of_briefings(tmp_path: Path) -> None:
    """Forking costs more when the registries the processes share are larger."""
    assert parallel_threshold(tmp_path) == PARALLEL_MIN_BYTES  # no registries at all
    (tmp_path / "actors.yml").write_bytes(b"#" * 1000)
    (tmp_path / "locations.yml").write_bytes(b"#" * 500)
    assert (
        parallel_threshold(tmp_path) == PARALLEL_MIN_BYTES + 1500 * PARALLEL_BYTES_PER_REGISTRY_BYTE
    )


def test_a_failing_worker_costs_time_not_diagnostics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A share whose process fails is checked again by the parent."""
    root = tmp_path / "briefings"
    generate_archive(root, 60)
    _break_some(root)
    expected = answer(check_archive(load_archive(root)))
    parent = os.getpid()
    check = parallel._check

    def failing_in_children(
        sources: list[BriefingSource], registries: Registries, build: bool
    ) -> list[BriefingResult]:
        if os.getpid() != parent:
            raise RuntimeError("a worker's bug")
        return check(sources, registries, build)

    monkeypatch.setattr(parallel, "_check", failing_in_children)
    assert answer(check_archive(root, processes=2)) == expected


def test_the_command_prints_the_same_report_from_many_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "briefings"
    generate_archive(root, 120)
    _break_some(root)
    monkeypatch.setattr(parallel, "available_cores", lambda: 2)
    assert processes_for(find_briefing_files(root), parallel_threshold(root)) == 2
    diagnostics = check_archive(root).diagnostics
    assert cli.main(["validate", str(root)]) == 1
    assert capsys.readouterr().out == format_diagnostics(diagnostics, "text") + "\n"
