"""The pre-commit hooks: they pick the right files and their commands work on one file."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "fixtures" / "rules"


def hooks() -> dict[str, dict[str, Any]]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    return {hook["id"]: hook for hook in repo["hooks"]}


def run_entry(
    hook: dict[str, Any], *files: str, root: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    """Run a hook's command the way pre-commit does: from the repository root."""
    command = [*shlex.split(hook["entry"]), *hook.get("args", [])]
    if hook.get("pass_filenames", True):
        command += files
    return subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)


def test_hooks_run_on_briefings_and_registries_only() -> None:
    changed = hooks()["briefings-validate"]
    assert changed["pass_filenames"] is True
    pattern = re.compile(changed["files"])
    for path in (
        "briefings/2015/2015-05-22-x.md",
        "briefings/actors.yml",
        "briefings/locations.yml",
    ):
        assert pattern.search(path), path
    for path in ("docs/contributing/index.md", "README.md", "briefings/notes.txt"):
        assert not pattern.search(path), path
    archive = hooks()["briefings-validate-archive"]
    assert archive["pass_filenames"] is False
    assert re.search(archive["files"], "briefings/actors.yml")
    assert not re.search(archive["files"], "briefings/2015/2015-05-22-x.md")


@pytest.mark.parametrize(
    "path",
    [
        sorted((ROOT / "briefings").rglob("*.md"))[0],
        ROOT / "briefings" / "actors.yml",
        ROOT / "briefings" / "locations.yml",
    ],
    ids=lambda p: p.name,
)
def test_hook_passes_a_valid_file(path: Path) -> None:
    result = run_entry(hooks()["briefings-validate"], path.relative_to(ROOT).as_posix())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s), 0 warning(s)" in result.stderr


def test_hook_stops_a_commit_with_the_error_line(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE / "base", tmp_path, dirs_exist_ok=True)
    shutil.copytree(EXAMPLE / "unknown-actor", tmp_path, dirs_exist_ok=True)
    broken = tmp_path / "briefings" / "2015" / "2015-05-22-al-tanf-border-crossing.md"
    result = run_entry(hooks()["briefings-validate"], str(broken))
    assert result.returncode == 1
    assert (
        f"{broken.as_posix()}:7:10: error: unknown actor 'islamic-stat' "
        "(did you mean 'islamic-state'?) [unknown-actor]"
    ) in result.stdout.splitlines()


def test_registry_hook_checks_the_whole_archive() -> None:
    result = run_entry(hooks()["briefings-validate-archive"], "briefings/actors.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.args[-1] == "briefings"


@pytest.mark.parametrize("hook_id", ["briefings-validate", "briefings-validate-archive"])
def test_without_the_venv_the_hook_says_to_run_make_install(hook_id: str, tmp_path: Path) -> None:
    """A fresh clone: pre-commit installed, ``make install`` not yet run."""
    hook = hooks()[hook_id]
    command = shlex.split(hook["entry"])[0]
    shutil.copytree(EXAMPLE / "base", tmp_path, dirs_exist_ok=True)
    (tmp_path / command).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / command, tmp_path / command)
    result = run_entry(hook, "briefings/actors.yml", root=tmp_path)
    assert result.returncode == 1
    assert "run 'make install' once, then commit again" in result.stderr
