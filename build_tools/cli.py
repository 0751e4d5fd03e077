"""The ``briefings`` command. The only place, with the MkDocs adapter, that sets exit codes.

Exit codes: 0 success, 1 content errors (or warnings under ``--strict``), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from build_tools import check_links, export, format_reference, json_schema, site_swap
from build_tools.diagnostics import (
    Diagnostic,
    Severity,
    format_diagnostics,
    promote_warnings,
    sort_diagnostics,
)
from build_tools.format_spec import SCAFFOLD_BODY, SCAFFOLD_SOURCE_NAME, SCAFFOLD_SUMMARY
from build_tools.loader import (
    display_path,
    find_briefing_files,
    load_archive,
    load_briefing_bytes,
)
from build_tools.parallel import validate_archive
from build_tools.validate import did_you_mean, is_slug, validate

DEFAULT_ROOT = Path("briefings")


class UsageError(Exception):
    """A mistake in how the command was called, not in the content: exit 2."""


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
        _, found = validate_archive(roots[key], only=chosen, build=False)
        diagnostics.extend(found)
    return sort_diagnostics(diagnostics)


def _cmd_validate(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths] or [DEFAULT_ROOT]
    diagnostics = run_validation(paths)
    if args.strict:
        diagnostics = promote_warnings(diagnostics)
    if diagnostics:
        print(format_diagnostics(diagnostics, args.format))
    elif args.format == "json":
        print("[]")
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    if args.format == "text":
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0


def slugify(title: str, limit: int = 60) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words: list[str] = []
    current = ""
    for char in ascii_title.lower():
        if char.isalnum():
            current += char
        elif current:
            words.append(current)
            current = ""
    if current:
        words.append(current)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug


def _yaml_text(value: str) -> str:
    """A double-quoted YAML scalar: JSON's escapes are YAML's, so any typed text survives."""
    return json.dumps(value, ensure_ascii=False)


def _cmd_new(args: argparse.Namespace) -> int:
    root = Path(args.root)
    if not (root / "actors.yml").is_file():
        raise UsageError(f"{args.root}: not an archive folder (no actors.yml in it); see --root")
    loaded = load_archive(root, only=[])
    archive, diagnostics = validate(loaded)
    registry_errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if archive is None:
        print(format_diagnostics(registry_errors, "text"))
        print("fix the registries first", file=sys.stderr)
        return 1
    try:
        day = date.fromisoformat(args.date)
    except ValueError as exc:
        raise UsageError(f"--date {args.date!r} is not a date YYYY-MM-DD") from exc
    slug = args.slug or slugify(args.title)
    if len(slug) < 2:
        raise UsageError("could not make a slug from the title; pass --slug")
    problems: list[str] = []
    if not is_slug(slug):
        problems.append(
            f"slug '{slug}' is not valid: lowercase letters, digits and single hyphens, "
            "2 to 80 characters"
        )
    problems.extend(
        f"tag '{t}' is not valid: lowercase letters, digits and single hyphens"
        for t in args.tag
        if not is_slug(t)
    )
    for noun, ids, known in (
        ("actor", args.actor, archive.actors),
        ("location", args.location, archive.locations),
    ):
        problems.extend(
            f"unknown {noun} '{i}'{did_you_mean(i, known)}" for i in ids if i not in known
        )
    if not args.actor:
        problems.append("give at least one --actor")
    if problems:
        for problem in problems:
            print(f"briefings new: error: {problem}", file=sys.stderr)
        return 1
    target = root / f"{day.year:04d}" / f"{day.isoformat()}-{slug}.md"
    if target.exists():
        raise UsageError(f"{display_path(target)} already exists")
    names = [archive.actors[i].name for i in args.actor] + [
        archive.locations[i].name for i in args.location
    ]
    lines = [
        "---",
        f"title: {_yaml_text(args.title)}",
        f"date: {day.isoformat()}",
        f"summary: {_yaml_text(args.summary or SCAFFOLD_SUMMARY)}",
        f"actors: [{', '.join(args.actor)}]",
    ]
    if args.location:
        lines.append(f"locations: [{', '.join(args.location)}]")
    if args.tag:
        lines.append(f"tags: [{', '.join(args.tag)}]")
    lines += [
        "sources:",
        f"  - name: {SCAFFOLD_SOURCE_NAME}",
        "    # title: Headline of the article or title of the document",
        "    # date: YYYY-MM-DD  (when it was published)",
        "    # url: https://…  (its address, where there is one)",
        "draft: true  # remove this line when the briefing is ready to publish",
        "---",
        "",
        f"{SCAFFOLD_BODY}, naming " + _join(names) + " where the text needs them.",
        "",
    ]
    data = "\n".join(lines).encode("utf-8")
    relative = f"{day.year:04d}/{day.isoformat()}-{slug}.md"
    drafted = load_briefing_bytes(display_path(target), relative, data)
    _, after = validate(replace(loaded, briefings=(drafted,)))
    if any(d.severity is Severity.ERROR for d in after):
        # Check before writing: a scaffold that does not validate helps nobody.
        print(format_diagnostics(after, "text"))
        print("briefings new: nothing written", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    print(display_path(target))
    if after:
        print(format_diagnostics(after, "text"))
    return 0


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefings", description="Validate, scaffold and publish the Briefing Archive."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("validate", help="check briefings and registries")
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="archive folders or briefing files (default: briefings)",
    )
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text (default), json for tools, github for Actions annotations",
    )
    check.set_defaults(handler=_cmd_validate)

    new = commands.add_parser("new", help="scaffold a briefing that validates")
    new.add_argument("--title", required=True)
    new.add_argument("--date", required=True, help="YYYY-MM-DD")
    new.add_argument("--actor", action="append", default=[], metavar="ID", required=True)
    new.add_argument("--location", action="append", default=[], metavar="ID")
    new.add_argument("--tag", action="append", default=[], metavar="TAG")
    new.add_argument("--summary")
    new.add_argument("--slug", help="default: made from the title")
    new.add_argument("--root", default=str(DEFAULT_ROOT), help="archive folder")
    new.set_defaults(handler=_cmd_new)
    json_schema.register(commands)
    format_reference.register(commands)
    check_links.register(commands)
    export.register(commands)
    site_swap.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except UsageError as exc:
        print(f"briefings: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
