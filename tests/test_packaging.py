"""The installed package carries every file the build reads, and declares no file it lacks.

``pip install .`` (not the editable install of ``make install``) ships only Python
modules and the declared package data: a theme file, the confusables table or the
country outlines left out would fail the first site built from an installed copy.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "build_tools"


def _package_files() -> set[str]:
    return {
        path.relative_to(ROOT).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def _declared_patterns() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns: list[str] = config["tool"]["setuptools"]["package-data"]["build_tools"]
    return patterns


def test_every_declared_package_data_pattern_matches_a_file() -> None:
    empty = [pattern for pattern in _declared_patterns() if not any(PACKAGE.glob(pattern))]
    assert not empty, f"package data in pyproject.toml that matches no file: {empty}"


@pytest.mark.slow
def test_the_wheel_ships_every_file_of_the_package(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(PACKAGE, source / PACKAGE.name, ignore=shutil.ignore_patterns("__pycache__"))
    offline = ["--no-deps", "--no-build-isolation", "--no-index"]
    target = ["--wheel-dir", str(tmp_path / "wheel"), str(source)]
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", *offline, *target],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "wheel").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist() if name.startswith("build_tools/")}
    missing = sorted(_package_files() - shipped)
    assert not missing, f"files of build_tools/ the wheel leaves out: {missing}"
