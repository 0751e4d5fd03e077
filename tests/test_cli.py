"""The ``briefings`` command as a contributor and CI run it: a subprocess, exit codes, output."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.commands import cli
from build_tools.commands.new import slugify
from build_tools.commands.validate import run_validation
from build_tools.validation.archive import CheckedArchive, check_archive
from tests.golden import case_names, expected_report, prepare_case

REPO = Path(__file__).resolve().parent.parent
BRIEFINGS_SCRIPT = Path(sys.executable).parent / "briefings"


def briefings(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "build_tools.commands.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


@pytest.fixture
def fields_case(tmp_path: Path) -> Path:
    return prepare_case("fields", tmp_path)


@pytest.fixture
def valid_case(tmp_path: Path) -> Path:
    return prepare_case("valid-archive", tmp_path)


# --- validate: exit codes -----------------------------------------------------------------


def test_the_real_archive_passes_strict_through_the_installed_command() -> None:
    result = subprocess.run(
        [str(BRIEFINGS_SCRIPT), "validate", "--strict", "briefings"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "0 error(s), 0 warning(s)\n"


def test_validate_defaults_to_the_briefings_folder() -> None:
    assert briefings("validate", "--strict").returncode == 0


@pytest.mark.parametrize("name", case_names())
def test_output_is_the_golden_report_sorted(name: str, tmp_path: Path) -> None:
    root = prepare_case(name, tmp_path)
    result = briefings("validate", ".", cwd=root)
    expected = expected_report(name)
    assert result.stdout == expected
    has_errors = any(": error: " in line for line in expected.splitlines())
    assert result.returncode == (1 if has_errors else 0)
    errors = sum(": error: " in line for line in expected.splitlines())
    warnings = sum(": warning: " in line for line in expected.splitlines())
    assert result.stderr == f"{errors} error(s), {warnings} warning(s)\n"


def test_warnings_alone_exit_0_and_strict_makes_them_errors(tmp_path: Path) -> None:
    root = prepare_case("mentions", tmp_path)
    relaxed = briefings("validate", ".", cwd=root)
    assert relaxed.returncode == 0
    assert relaxed.stdout.count(": warning: ") == len(relaxed.stdout.splitlines()) > 0

    strict = briefings("validate", "--strict", ".", cwd=root)
    assert strict.returncode == 1
    assert strict.stdout == relaxed.stdout.replace(": warning: ", ": error: ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "no/such/path"], "no/such/path: no such file or folder"),
        (["validate", "README.md"], "not inside an archive"),
        (["validate", "--bogus"], "unrecognized arguments: --bogus"),
        (["validate", "--format", "xml"], "invalid choice: 'xml'"),
        ([], "the following arguments are required: COMMAND"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_usage_errors_exit_2_with_a_message_and_no_traceback(args: list[str], message: str) -> None:
    result = briefings(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


# --- validate: formats ----------------------------------------------------------------------


def test_json_format_parses_and_holds_every_field(fields_case: Path) -> None:
    result = briefings("validate", "--format", "json", ".", cwd=fields_case)
    assert result.returncode == 1
    records = json.loads(result.stdout)
    assert [
        f"{r['path']}:{r['line']}:{r['column']}: {r['severity']}: {r['message']} [{r['rule']}]"
        for r in records
    ] == expected_report("fields").splitlines()
    assert all(set(r) == {"path", "line", "column", "severity", "message", "rule"} for r in records)
    assert all(isinstance(r["line"], int) and isinstance(r["column"], int) for r in records)
    assert result.stderr == ""


def test_json_format_of_a_clean_archive_is_an_empty_list(valid_case: Path) -> None:
    result = briefings("validate", "--format", "json", ".", cwd=valid_case)
    assert (result.returncode, json.loads(result.stdout)) == (0, [])


_GITHUB = re.compile(
    r"^::(?P<kind>error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+)"
    r",title=(?P<title>[a-z-]+)::(?P<message>.+)$"
)


def test_github_format_annotates_each_problem(fields_case: Path) -> None:
    result = briefings("validate", "--format", "github", ".", cwd=fields_case)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    expected = expected_report("fields").splitlines()
    assert len(lines) == len(expected)
    for line, text in zip(lines, expected, strict=True):
        match = _GITHUB.match(line)
        assert match, line
        path, line_number, column, _ = text.split(":", 3)
        assert (match["file"], match["line"], match["col"]) == (path, line_number, column)
        assert text.endswith(f"[{match['title']}]")
        assert match["kind"] in text


def test_github_format_under_strict_reports_warnings_as_errors(tmp_path: Path) -> None:
    root = prepare_case("mentions", tmp_path)
    result = briefings("validate", "--strict", "--format", "github", ".", cwd=root)
    assert result.returncode == 1
    assert result.stdout and all(line.startswith("::error ") for line in result.stdout.splitlines())


# --- validate: chosen files (pre-commit) ----------------------------------------------------


def test_a_single_file_is_validated_with_its_registries(fields_case: Path) -> None:
    result = briefings("validate", "2015/2015-05-07-multiline-title.md", cwd=fields_case)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        line
        for line in expected_report("fields").splitlines()
        if line.startswith("2015/2015-05-07-multiline-title.md:")
    ]


def test_a_clean_file_beside_broken_ones_passes(tmp_path: Path) -> None:
    root = prepare_case("files", tmp_path)
    result = briefings("validate", "--strict", "2015/2015-05-08-fine.md", cwd=root)
    assert (result.returncode, result.stdout) == (0, "")


def test_files_are_found_from_outside_the_archive(fields_case: Path) -> None:
    """pre-commit passes paths relative to the repository root, not the archive."""
    target = fields_case / "2015" / "2015-05-04-updated-before-date.md"
    result = briefings(
        "validate", str(target), str(fields_case / "2015/2015-05-07-multiline-title.md")
    )
    assert result.returncode == 1
    rules = [line.rsplit(" [", 1)[1] for line in result.stdout.splitlines()]
    assert rules == [
        "missing-sources]",
        "updated-before-date]",
        "missing-sources]",
        "multiline-text]",
    ]


def test_a_folder_inside_an_archive_validates_its_briefings_only(tmp_path: Path) -> None:
    root = prepare_case("files", tmp_path)
    result = briefings("validate", "2016", cwd=root)
    assert result.stdout.splitlines() == [
        line for line in expected_report("files").splitlines() if line.startswith("2016/")
    ]


def test_unused_entries_are_only_reported_for_a_whole_archive(tmp_path: Path) -> None:
    root = prepare_case("mentions", tmp_path)
    whole = briefings("validate", ".", cwd=root).stdout
    chosen = briefings("validate", "2015/2015-05-03-all-fine.md", cwd=root).stdout
    assert "[unused-entry]" in whole
    assert chosen == ""


# --- new --------------------------------------------------------------------------------


def new(
    case: Path,
    *extra: str,
    title: str = "Title",
    date: str = "2015-06-01",
    actors: tuple[str, ...] = ("islamic-state",),
) -> subprocess.CompletedProcess[str]:
    """``briefings new`` in the archive ``case``; ``extra`` options come last, so one
    given again (``--root``, ``--date``) replaces the default."""
    actor_options = [option for actor in actors for option in ("--actor", actor)]
    return briefings(
        "new", "--root", ".", "--title", title, "--date", date, *actor_options, *extra, cwd=case
    )


def test_new_creates_a_briefing_at_the_right_path_that_validates(valid_case: Path) -> None:
    result = new(
        valid_case,
        "--location", "al-tanf",
        "--tag", "border-crossings",
        title="Islamic State retakes al-Tanf: “a test” & <b>no HTML</b>",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    target = valid_case / "2015" / "2015-06-01-islamic-state-retakes-al-tanf-a-test-b-no-html-b.md"
    assert result.stdout == f"{target.relative_to(valid_case).as_posix()}\n"
    assert target.is_file()
    check = briefings("validate", "--strict", ".", cwd=valid_case)
    assert (check.returncode, check.stdout) == (0, "")
    assert "Islamic State retakes al-Tanf: “a test” & <b>no HTML</b>" in target.read_text("utf-8")


def test_a_scaffold_published_with_its_placeholders_fails_strict(valid_case: Path) -> None:
    assert new(valid_case, title="Left as scaffolded").returncode == 0
    target = valid_case / "2015" / "2015-06-01-left-as-scaffolded.md"
    assert briefings("validate", "--strict", ".", cwd=valid_case).returncode == 0  # a draft
    target.write_text(
        "".join(
            line
            for line in target.read_text("utf-8").splitlines(keepends=True)
            if not line.startswith("draft:")
        ),
        "utf-8",
    )
    check = briefings("validate", "--strict", ".", cwd=valid_case)
    assert check.returncode == 1
    found = [line for line in check.stdout.splitlines() if line.endswith("[placeholder-text]")]
    assert [line.split(": error: ")[1].split(" is still")[0] for line in found] == [
        "summary",
        "the name of source 1",
        "the body",
    ]


def test_a_deleted_registry_is_a_content_error_not_a_usage_error(fields_case: Path) -> None:
    (fields_case / "actors.yml").unlink()
    for path in (".", "2015/2015-05-08-unknown-ids.md"):
        result = briefings("validate", path, cwd=fields_case)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert (
            "actors.yml:1:1: error: the registry of actors is missing, and every briefing is "
            "checked against it; restore the file from git, or create it [file-missing]"
        ) in result.stdout.splitlines()
        assert "[unknown-actor]" not in result.stdout


def test_new_refuses_unknown_ids_and_suggests_the_nearest(valid_case: Path) -> None:
    result = new(valid_case, "--location", "palmira", title="T t", actors=("islamic-stat",))
    assert result.returncode == 1
    assert "unknown actor 'islamic-stat' (did you mean 'islamic-state'?)" in result.stderr
    assert "unknown location 'palmira' (did you mean 'palmyra'?)" in result.stderr
    assert not list(valid_case.glob("2015/2015-06-01-*"))


def test_new_refuses_to_overwrite(valid_case: Path) -> None:
    target = valid_case / "2015" / "2015-05-23-minimal.md"
    before = target.read_bytes()
    result = new(valid_case, title="Minimal", date="2015-05-23", actors=("syrian-army",))
    assert result.returncode == 2
    assert "2015/2015-05-23-minimal.md already exists" in result.stderr
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--slug", "../../escape"], "slug '../../escape' is not valid"),
        (["--tag", "Not A Tag"], "tag 'Not A Tag' is not valid"),
        (["--actor", "islamic-state"], "'islamic-state' is listed twice in actors"),
    ],
)
def test_new_writes_nothing_that_would_not_validate(
    valid_case: Path, extra: list[str], message: str
) -> None:
    before = sorted(p for p in valid_case.rglob("*") if p.is_file())
    result = new(valid_case, *extra)
    assert result.returncode == 1
    assert message in result.stdout + result.stderr
    assert sorted(p for p in valid_case.rglob("*") if p.is_file()) == before
    assert not (valid_case.parent / "escape.md").exists()


def test_new_with_a_title_over_two_lines_writes_nothing(valid_case: Path) -> None:
    result = new(valid_case, title="First\nsecond")
    assert result.returncode == 1
    assert "title must be one line [multiline-text]" in result.stdout
    assert not list(valid_case.glob("2015/2015-06-01-*"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--root", "nowhere"], "nowhere: not an archive folder"),
        (["--date", "2015-13-01"], "--date '2015-13-01' is not a date"),
        (["--title", "!!!"], "could not make a slug from the title"),
    ],
)
def test_new_usage_errors_exit_2(valid_case: Path, args: list[str], message: str) -> None:
    result = new(valid_case, *args)
    assert result.returncode == 2
    assert message in result.stderr


# --- in process ---------------------------------------------------------------------------


def test_the_real_content_passes_strict_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO)
    assert cli.main(["validate", "--strict", "briefings"]) == 0
    assert capsys.readouterr().out == ""


def test_slugify_keeps_ascii_words_within_the_limit() -> None:
    assert slugify("Islamic State seizes al-Tanf, the last crossing") == (
        "islamic-state-seizes-al-tanf-the-last-crossing"
    )
    assert slugify("Hama’s “Ḥomṣ” road") == "hamas-homs-road"
    assert len(slugify("word " * 40)) <= 60


def test_an_archive_named_twice_is_checked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """``briefings`` and a file inside it (as pre-commit passes them) are one archive,
    checked whole, once, whichever way each is spelled."""
    calls: list[tuple[Path, list[Path] | None]] = []

    def spy(root: Path, only: list[Path] | None = None, *, build: bool = True) -> CheckedArchive:
        calls.append((root, only))
        return check_archive(root, only, build=build)

    monkeypatch.setattr("build_tools.commands.validate.check_archive", spy)
    monkeypatch.chdir(REPO)
    one_file = next((REPO / "briefings").glob("2015/*.md"))
    diagnostics = run_validation([Path("briefings"), one_file, Path("briefings/2015")])
    assert calls == [(Path("briefings"), None)]
    assert diagnostics == run_validation([Path("briefings")])
