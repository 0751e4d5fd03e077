"""The GitHub Actions workflows: valid YAML, pinned actions, and commands that exist.

A workflow runs only on GitHub, so what can go wrong here is checked here: every
``run:`` line calls a Makefile target that exists or a ``briefings`` command line the
CLI accepts, and the Pages deployment has the settings the Pages actions document.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from build_tools.commands.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
# Programs a workflow may call besides make and briefings: installing Chromium.
SYSTEM_COMMANDS = {"command", "sudo", "apt-get"}


def load(name: str) -> dict[str, Any]:
    data: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as true; GitHub reads it as "on".
    return {("on" if key is True else key): value for key, value in data.items()}


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def commands(run: str) -> list[list[str]]:
    """The simple commands of a ``run:`` script, split at newlines, ;, &&, || and |."""
    found = []
    for line in run.splitlines():
        for part in re.split(r"&&|\|\||;|\|", line):
            words = shlex.split(part.replace("(", " ").replace(")", " "), comments=True)
            if words:
                found.append(words)
    return found


def make_targets() -> set[str]:
    database = subprocess.run(
        ["make", "-pRrn", "-C", str(ROOT)], capture_output=True, text=True, check=False
    ).stdout
    return set(re.findall(r"^([A-Za-z][\w.-]*):(?!=)", database, flags=re.M))


WORKFLOW_FILES = sorted(p.name for p in WORKFLOWS.glob("*.yml"))


def test_there_is_a_pull_request_and_a_deploy_workflow() -> None:
    assert {"pr.yml", "deploy.yml"} <= set(WORKFLOW_FILES)
    assert "pull_request" in load("pr.yml")["on"]
    deploy = load("deploy.yml")["on"]
    assert deploy["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in deploy


@pytest.mark.parametrize("name", WORKFLOW_FILES)
def test_every_action_is_pinned_to_a_major_version(name: str) -> None:
    used = [step["uses"] for step in steps(load(name)) if "uses" in step]
    assert used
    for action in used:
        assert re.fullmatch(r"actions/[a-z-]+@v\d+", action), action


@pytest.mark.parametrize("name", WORKFLOW_FILES)
def test_permissions_are_set_explicitly(name: str) -> None:
    permissions = load(name)["permissions"]
    assert permissions["contents"] == "read"
    assert set(permissions.values()) <= {"read", "write"}


@pytest.mark.parametrize("name", WORKFLOW_FILES)
def test_every_command_exists(name: str) -> None:
    targets = make_targets()
    parser = build_parser()
    for step in steps(load(name)):
        for words in commands(step.get("run", "")):
            program, *args = words
            if program == "make":
                assert args, "name the target: a bare make runs the install stamp"
                assert set(args) <= targets, f"{name}: no Makefile target {args}"
            elif program.endswith("/briefings"):
                assert program == ".venv/bin/briefings"
                try:
                    parser.parse_args(args)
                except SystemExit as exc:
                    pytest.fail(f"{name}: briefings rejects {args}: exit {exc.code}")
            else:
                assert program in SYSTEM_COMMANDS, f"{name}: unexpected command {words}"


@pytest.mark.parametrize("name", WORKFLOW_FILES)
def test_python_is_set_up_with_a_pip_cache_keyed_on_the_pins(name: str) -> None:
    setup = next(s for s in steps(load(name)) if s.get("uses", "").startswith("actions/setup-"))
    assert setup["uses"].startswith("actions/setup-python@")
    assert setup["with"]["cache"] == "pip"
    assert setup["with"]["cache-dependency-path"].split() == ["constraints.txt", "pyproject.toml"]


def test_pull_request_validates_tests_builds_checks_links_and_attaches_the_site() -> None:
    runs = [" ".join(w) for s in steps(load("pr.yml")) for w in commands(s.get("run", ""))]
    order = [
        ".venv/bin/briefings validate --strict --format github briefings",
        "make test",
        "make site",
        ".venv/bin/briefings check-links --format github site",
    ]
    assert [r for r in runs if r in order] == order
    upload = steps(load("pr.yml"))[-1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["path"].rstrip("/") == "site"


def test_deploy_has_the_settings_the_pages_actions_document() -> None:
    workflow = load("deploy.yml")
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    (job,) = workflow["jobs"].values()
    assert job["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    uses = [s.get("uses", s.get("run")) for s in job["steps"]]
    assert [u.split("@")[0] for u in uses[-4:]] == [
        "actions/configure-pages",
        "make site",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    assert job["steps"][-2]["with"]["path"] == "site"
    assert job["steps"][-1]["id"] == "deployment"
    configure, build = job["steps"][-4:-2]
    assert build["env"]["SITE_URL"] == f"${{{{ steps.{configure['id']}.outputs.base_url }}}}/"
    assert "SITE_URL" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", WORKFLOW_FILES)
def test_the_site_build_starts_from_the_bodies_an_earlier_build_kept(name: str) -> None:
    uses = [s.get("uses", s.get("run")) for s in steps(load(name))]
    cache = next(s for s in steps(load(name)) if s.get("uses", "").startswith("actions/cache@"))
    assert uses.index(cache["uses"]) < uses.index("make site")
    assert cache["with"]["path"] == ".cache/briefings"  # the plugin's cache_dir
    assert "github.sha" in cache["with"]["key"]  # a cache is never overwritten: one per commit
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"])


def test_the_validate_step_passes_on_the_archive_as_committed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["validate", "--strict", "--format", "github", "briefings"]) == 0
    assert capsys.readouterr().out == ""
