"""``briefings build-site``: the published site is always a whole build (issue 14, item 9).

The swap's logic is tested in this process with a builder that writes a few files;
the faults — ``kill -9`` at the moment of the swap, two builds at once, warnings and
errors — with the real command and the real MkDocs in child processes.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from build_tools.publishing import site_swap
from build_tools.publishing.site_swap import PAUSE_VARIABLE, build_site, versions_folder
from tests.site_builds import SITE_FIXTURE, write_config

REPO = Path(__file__).resolve().parent.parent
RULES_BASE = REPO / "tests" / "fixtures" / "rules" / "base" / "briefings"


def writer(label: str, status: int = 0) -> site_swap.Builder:
    """A builder that writes a small site saying ``label``."""

    def build(target: Path) -> int:
        target.mkdir(parents=True)
        (target / "index.html").write_text(label, encoding="utf-8")
        (target / "feed.xml").write_text(label, encoding="utf-8")
        return status

    return build


def shown(site: Path) -> str:
    return (site / "index.html").read_text(encoding="utf-8")


def test_each_build_is_swapped_in_and_the_old_one_removed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert build_site(site, writer("first")) == 0
    assert site.is_symlink()
    assert shown(site) == "first"
    assert build_site(site, writer("second")) == 0
    assert shown(site) == "second"
    assert [p.resolve() for p in versions_folder(site).iterdir()] == [site.resolve()]


def test_the_pages_upload_archives_the_site_through_its_link(tmp_path: Path) -> None:
    """The deploy workflow's upload-pages-artifact runs this tar on ``site`` (its
    action.yml): through the link it archives the build's files, not a link."""
    site = tmp_path / "site"
    build_site(site, writer("published"))
    archive = tmp_path / "artifact.tar"
    tar_options = ["--dereference", "--hard-dereference", "--directory", str(site)]
    excluded = ["--exclude=.git", "--exclude=.github"]
    subprocess.run(["tar", *tar_options, "-cf", str(archive), *excluded, "."], check=True)
    with tarfile.open(archive) as tar:
        members = {m.name: m for m in tar.getmembers()}
        assert {"./index.html", "./feed.xml"} <= members.keys()
        assert members["./index.html"].isfile()
        index = tar.extractfile("./index.html")
        assert index is not None and index.read() == b"published"


def test_a_failed_build_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(site, writer("good"))
    assert build_site(site, writer("broken", status=1)) == 1
    assert shown(site) == "good"
    assert len(list(versions_folder(site).iterdir())) == 1


def test_a_site_from_before_versions_is_replaced_in_one_step(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("legacy", encoding="utf-8")
    assert build_site(site, writer("new")) == 0
    assert site.is_symlink()
    assert shown(site) == "new"
    assert len(list(versions_folder(site).iterdir())) == 1


def test_leftovers_of_a_killed_build_are_cleared(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(site, writer("old"))
    versions = versions_folder(site)
    (versions / "v1-killed").mkdir()
    (versions / "v1-killed" / "half.html").write_text("x", encoding="utf-8")
    (versions / ".next").symlink_to("v1-killed")
    assert build_site(site, writer("new")) == 0
    assert shown(site) == "new"
    assert [p.name for p in versions.iterdir()] == [site.resolve().name]


def test_an_old_site_that_cannot_be_deleted_never_fails_a_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    build_site(site, writer("old"))
    stuck = site.resolve()
    real_rmtree = shutil.rmtree

    def refuse(path: str | Path, *args: object, **kwargs: object) -> None:
        if Path(path) == stuck:
            handler = kwargs["onerror"]
            assert callable(handler)
            handler(
                os.unlink,
                str(stuck / "index.html"),
                (PermissionError, PermissionError(1, "Operation not permitted"), None),
            )
            return
        real_rmtree(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(shutil, "rmtree", refuse)
    assert build_site(site, writer("new")) == 0
    assert shown(site) == "new"
    assert "could not delete an old build" in capsys.readouterr().err
    assert build_site(site, writer("newer")) == 0
    assert shown(site) == "newer"
    monkeypatch.setattr(shutil, "rmtree", real_rmtree)
    assert build_site(site, writer("newest")) == 0
    assert [p.name for p in versions_folder(site).iterdir()] == [site.resolve().name]


# --- the real command, with the real MkDocs ---------------------------------------------


def command(config: Path, site: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "build_tools.commands.cli",
        "build-site",
        "--config-file",
        str(config),
        "--site-dir",
        str(site),
    ]


# Pagefind names its chunks afresh on every run; the same site has the same chunks.
_SEARCH_CHUNK = re.compile(r"^(pagefind/(?:filter|fragment|index)/|pagefind/pagefind\.)[^/]+$")


def files_of(site: Path) -> list[str]:
    return sorted(
        _SEARCH_CHUNK.sub(r"\1…", p.relative_to(site).as_posix())
        for p in site.rglob("*")
        if p.is_file()
    )


@pytest.mark.slow
def test_kill_9_at_the_swap_leaves_the_old_site_whole_and_the_next_build_recovers(
    tmp_path: Path,
) -> None:
    config = write_config(tmp_path, SITE_FIXTURE)
    site = tmp_path / "site"
    subprocess.run(command(config, site), check=True, capture_output=True)
    before = files_of(site)
    assert "index.html" in before
    env = {**os.environ, PAUSE_VARIABLE: "120"}
    child = subprocess.Popen(
        command(config, site), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    pending = versions_folder(site) / ".next"
    deadline = time.monotonic() + 300
    while not pending.is_symlink():
        assert child.poll() is None, "the build ended before its swap"
        assert time.monotonic() < deadline
        time.sleep(0.1)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert files_of(site) == before
    assert len([p for p in versions_folder(site).iterdir() if not p.is_symlink()]) == 2
    done = subprocess.run(command(config, site), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert files_of(site) == before
    assert [p.name for p in versions_folder(site).iterdir()] == [site.resolve().name]


@pytest.mark.slow
def test_two_builds_at_once_take_turns_and_leave_a_whole_site(tmp_path: Path) -> None:
    config = write_config(tmp_path, SITE_FIXTURE)
    reference = tmp_path / "reference"
    subprocess.run(command(config, reference), check=True, capture_output=True)
    site = tmp_path / "site"
    children = [
        subprocess.Popen(command(config, site), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    for child in children:
        _, err = child.communicate(timeout=600)
        assert child.returncode == 0, err.decode()
    assert files_of(site) == files_of(reference)
    assert [p.name for p in versions_folder(site).iterdir()] == [site.resolve().name]


@pytest.mark.slow
def test_warnings_are_shown_and_pass_errors_fail_and_keep_the_site(tmp_path: Path) -> None:
    archive = tmp_path / "briefings"
    shutil.copytree(RULES_BASE, archive)
    with (archive / "actors.yml").open("a", encoding="utf-8") as out:
        out.write("\nnobody:\n  name: Nobody At All\n  kind: person\n")
    config = write_config(tmp_path, archive)
    site = tmp_path / "site"
    warned = subprocess.run(command(config, site), capture_output=True, text=True, check=False)
    assert warned.returncode == 0, warned.stderr
    assert "actor 'nobody' is not used by any briefing [unused-entry]" in warned.stderr
    before = files_of(site)
    with (archive / "actors.yml").open("a", encoding="utf-8") as out:
        out.write("\nbroken:\n  kind: person\n")
    failed = subprocess.run(command(config, site), capture_output=True, text=True, check=False)
    assert failed.returncode == 1
    assert "is missing the required field 'name'" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert files_of(site) == before
