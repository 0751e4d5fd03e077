"""``briefings validate [PATH…]``: check archives or chosen briefings, report every problem.

The gate every contribution passes: the pre-commit hook, ``make validate`` and the
pull-request workflow all run it, the last two with ``--strict``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from build_tools.commands.outcome import Outcome, Subparsers, UsageError
from build_tools.format.diagnostics import (
    Diagnostic,
    Severity,
    format_diagnostics,
    promote_warnings,
    sort_diagnostics,
)
from build_tools.loading.loader import find_briefing_files
from build_tools.validation.archive import check_archive

DEFAULT_ROOT = Path("briefings")
REGISTRY_FILES = ("actors.yml", "locations.yml")


def is_archive_root(folder: Path) -> bool:
    """A folder holding either registry is an archive. One that lacks the other (a pull
    request deleting it) is still one, and the validator names what is missing."""
    # lexists: a registry that is a folder or a broken link is reported, not overlooked.
    return any(os.path.lexists(folder / name) for name in REGISTRY_FILES)


def find_root(path: Path) -> Path:
    """The archive a file belongs to: the nearest folder holding a registry."""
    for candidate in [path if path.is_dir() else path.parent, *path.resolve().parents]:
        if is_archive_root(candidate):
            return candidate
    raise UsageError(f"{path}: not inside an archive (no actors.yml or locations.yml above it)")


def run_validation(paths: Sequence[Path]) -> list[Diagnostic]:
    """Validate whole archives (folders) or chosen briefings (files) with their registries.

    Paths are grouped by the archive they belong to, resolved: ``briefings`` and a file
    or folder inside it, however spelled, are one archive checked once."""
    roots: dict[Path, Path] = {}  # resolved → as first given (paths are shown as given)
    groups: dict[Path, list[Path] | None] = {}
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        whole = path.is_dir() and is_archive_root(path)
        root = path if whole else find_root(path)
        key = root.resolve()
        roots.setdefault(key, root)
        if whole:
            groups[key] = None
            continue
        files = groups.setdefault(key, [])
        if files is None:
            continue
        if path.is_dir():
            files.extend(find_briefing_files(path))
        elif path.suffix.lower() == ".md" or path.is_symlink():
            files.append(path)
    diagnostics: list[Diagnostic] = []
    for key, files in groups.items():
        chosen = None if files is None else list(dict.fromkeys(files))
        diagnostics.extend(check_archive(roots[key], only=chosen, build=False).diagnostics)
    return sort_diagnostics(diagnostics)


def _cmd_validate(args: argparse.Namespace) -> Outcome:
    paths = [Path(p) for p in args.paths] or [DEFAULT_ROOT]
    diagnostics = run_validation(paths)
    if args.strict:
        diagnostics = promote_warnings(diagnostics)
    if diagnostics:
        sys.stdout.write(format_diagnostics(diagnostics, args.format) + "\n")
    elif args.format == "json":
        sys.stdout.write("[]\n")
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    if args.format == "text":
        sys.stderr.write(f"{errors} error(s), {warnings} warning(s)\n")
    return Outcome.PROBLEMS if errors else Outcome.DONE


def register(subparsers: Subparsers) -> None:
    command = subparsers.add_parser("validate", help="check briefings and registries")
    command.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="archive folders or briefing files (default: briefings)",
    )
    command.add_argument("--strict", action="store_true", help="treat warnings as errors")
    command.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text (default), json for tools, github for Actions annotations",
    )
    command.set_defaults(handler=_cmd_validate)
