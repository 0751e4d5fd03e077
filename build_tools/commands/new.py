"""``briefings new``: scaffold a briefing that validates, so a contributor starts from one.

The draft is checked against the archive before it is written: a scaffold that does
not validate helps nobody, and a file is never left behind by a failed run.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

from build_tools.commands.outcome import Outcome, Subparsers, UsageError
from build_tools.commands.validate import DEFAULT_ROOT
from build_tools.format.diagnostics import Severity, format_diagnostics
from build_tools.format.format_spec import SCAFFOLD_BODY, SCAFFOLD_SOURCE_NAME, SCAFFOLD_SUMMARY
from build_tools.format.model import Archive
from build_tools.loading.loader import display_path, load_archive, load_briefing_bytes
from build_tools.validation.archive import check_archive
from build_tools.validation.fields import did_you_mean, is_slug


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


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _problems(args: argparse.Namespace, slug: str, archive: Archive) -> list[str]:
    """What is wrong with the arguments, in the contributor's words, all at once."""
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
    return problems


def scaffold(args: argparse.Namespace, day: date, archive: Archive) -> bytes:
    """The new briefing's bytes: front matter from the arguments, a body to replace."""
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
    return "\n".join(lines).encode("utf-8")


def _cmd_new(args: argparse.Namespace) -> Outcome:
    root = Path(args.root)
    if not (root / "actors.yml").is_file():
        raise UsageError(f"{args.root}: not an archive folder (no actors.yml in it); see --root")
    loaded = load_archive(root, only=[])
    checked = check_archive(loaded)
    archive, diagnostics = checked.archive, checked.diagnostics
    registry_errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if archive is None:
        sys.stdout.write(format_diagnostics(registry_errors, "text") + "\n")
        sys.stderr.write("fix the registries first\n")
        return Outcome.PROBLEMS
    try:
        day = date.fromisoformat(args.date)
    except ValueError as exc:
        raise UsageError(f"--date {args.date!r} is not a date YYYY-MM-DD") from exc
    slug = args.slug or slugify(args.title)
    if len(slug) < 2:
        raise UsageError("could not make a slug from the title; pass --slug")
    problems = _problems(args, slug, archive)
    if problems:
        for problem in problems:
            sys.stderr.write(f"briefings new: error: {problem}\n")
        return Outcome.PROBLEMS
    target = root / f"{day.year:04d}" / f"{day.isoformat()}-{slug}.md"
    if target.exists():
        raise UsageError(f"{display_path(target)} already exists")
    data = scaffold(args, day, archive)
    relative = f"{day.year:04d}/{day.isoformat()}-{slug}.md"
    drafted = load_briefing_bytes(display_path(target), relative, data)
    after = check_archive(replace(loaded, briefings=(drafted,))).diagnostics
    if any(d.severity is Severity.ERROR for d in after):
        sys.stdout.write(format_diagnostics(after, "text") + "\n")
        sys.stderr.write("briefings new: nothing written\n")
        return Outcome.PROBLEMS
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    sys.stdout.write(display_path(target) + "\n")
    if after:
        sys.stdout.write(format_diagnostics(after, "text") + "\n")
    return Outcome.DONE


def register(subparsers: Subparsers) -> None:
    command = subparsers.add_parser("new", help="scaffold a briefing that validates")
    command.add_argument("--title", required=True)
    command.add_argument("--date", required=True, help="YYYY-MM-DD")
    command.add_argument("--actor", action="append", default=[], metavar="ID", required=True)
    command.add_argument("--location", action="append", default=[], metavar="ID")
    command.add_argument("--tag", action="append", default=[], metavar="TAG")
    command.add_argument("--summary")
    command.add_argument("--slug", help="default: made from the title")
    command.add_argument("--root", default=str(DEFAULT_ROOT), help="archive folder")
    command.set_defaults(handler=_cmd_new)
