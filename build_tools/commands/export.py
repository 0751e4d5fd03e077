"""``briefings export DIR``: the whole site as Markdown files and data, for any engine.

MkDocs 1.x has had no release since 2024 and Material announces its end of life
for 2027; the archive must be able to move. This writes exactly what the MkDocs
plugin publishes — every page as ``PATH/index.md`` with YAML front matter, every
feed and data file as is — so another engine (ProperDocs, Zensical, …) can build
the same site. Each page's Markdown is one raw HTML block with contributor text
already escaped or sanitised. ``title`` and ``description`` in the front matter
are plain text: an engine that prints them into HTML must escape them (MkDocs
and Material do not; see :mod:`build_tools.engines.mkdocs.plugin`).

Everything is built in memory before the first file is written, and a path is
never written twice nor outside ``DIR`` (Pelican's ``sanitised_join``).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from build_tools.commands.outcome import CommandError, Outcome, Subparsers, UsageError
from build_tools.format.diagnostics import Severity, format_diagnostics
from build_tools.format.pages import Page, SiteContent, SiteSettings
from build_tools.publishing.file_spool import light_pages
from build_tools.validation.archive import check_archive

_DEFAULTS = SiteSettings(site_url="https://example.org/")


class ExportError(CommandError):
    """A path the export refuses to write."""


def front_matter(page: Page) -> str:
    data: dict[str, Any] = {
        "title": page.title,
        "description": page.description,
        "kind": page.kind,
        "search": page.search,
    }
    if page.feeds:
        data["feeds"] = [{"url": f.url, "title": f.title, "type": f.media_type} for f in page.feeds]
    if page.json_ld is not None:
        data["json_ld"] = page.json_ld
    if page.published is not None:
        data["published"] = page.published.isoformat()
    if page.modified is not None:
        data["modified"] = page.modified.isoformat()
    dumped = yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1_000_000
    )
    return f"---\n{dumped}---\n\n"


def page_file(page: Page) -> bytes:
    return (front_matter(page) + page.html).encode("utf-8")


def _target(root: Path, relative: str) -> Path:
    """``root / relative``, refusing anything that would land outside ``root`` (resolved)."""
    if not relative or relative.startswith(("/", "\\")) or "\\" in relative:
        raise ExportError(f"refusing to write {relative!r}: not a relative path")
    target = (root / relative).resolve()
    if not target.is_relative_to(root) or target == root:
        raise ExportError(f"refusing to write {relative!r}: outside the export folder")
    return target


def write_site(content: SiteContent, root: Path) -> int:
    """Write every page and file under ``root``; returns how many files were written.
    Every path is checked before the first file is written; the files are read (from
    the spool, :mod:`build_tools.publishing.file_spool`) one at a time."""
    resolved_root = root.resolve()
    targets: set[Path] = set()
    for relative in [*(p.source_path for p in light_pages(content.pages)), *content.files]:
        target = _target(resolved_root, relative)
        if target in targets:
            raise ExportError(f"refusing to write {relative} twice")
        targets.add(target)
    outputs = itertools.chain(
        ((p.source_path, page_file(p)) for p in content.pages), content.files.items()
    )
    for relative, data in outputs:
        target = _target(resolved_root, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return len(targets)


def _cmd_export(args: argparse.Namespace) -> Outcome:
    out = Path(args.dir)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(f"{out} is not an empty folder")
    if not args.site_url.startswith(("http://", "https://")):
        raise UsageError("--site-url must be an absolute http(s) URL")
    if args.page_size < 1 or args.feed_items < 1:
        raise UsageError("--page-size and --feed-items must be at least 1")
    if args.feed_full_text < 0:
        raise UsageError("--feed-full-text must be 0 or more")
    root = Path(args.root)
    if not (root / "actors.yml").is_file():
        raise UsageError(f"{root}: not an archive (no actors.yml)")
    checked = check_archive(root)
    archive, diagnostics = checked.archive, checked.diagnostics
    if diagnostics:
        sys.stdout.write(format_diagnostics(diagnostics, "text") + "\n")
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    if archive is None or errors:
        sys.stderr.write(f"{errors} error(s): nothing was exported\n")
        return Outcome.PROBLEMS
    site_url = args.site_url if args.site_url.endswith("/") else args.site_url + "/"
    settings = SiteSettings(
        site_url=site_url,
        site_name=args.site_name,
        feed_items=args.feed_items,
        feed_full_text=args.feed_full_text,
        page_size=args.page_size,
    )
    # Imported here: rendering pulls in Markdown, feedgen and the renderers, which
    # every other `briefings` command (a pre-commit validate) would pay for at start.
    from build_tools.publishing.site_content import build_site_content  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="briefings-files-") as spool:
        content = build_site_content(archive, settings, checked.finder, spool=Path(spool))
        written = write_site(content, out)
    pages = len(content.pages)
    sys.stderr.write(f"{pages} page(s) and {written - pages} file(s) written to {out}\n")
    return Outcome.DONE


def register(subparsers: Subparsers) -> None:
    command = subparsers.add_parser(
        "export",
        help="write the site's pages as Markdown and its feeds and data, for any site engine",
    )
    command.add_argument("dir", metavar="DIR", help="an empty or new folder")
    command.add_argument("--root", default="briefings", help="archive folder (default: briefings)")
    command.add_argument(
        "--site-url", required=True, metavar="URL", help="the site's absolute address"
    )
    command.add_argument("--site-name", default=_DEFAULTS.site_name, metavar="NAME")
    command.add_argument("--page-size", type=int, default=_DEFAULTS.page_size, metavar="N")
    command.add_argument("--feed-items", type=int, default=_DEFAULTS.feed_items, metavar="N")
    command.add_argument(
        "--feed-full-text", type=int, default=_DEFAULTS.feed_full_text, metavar="N"
    )
    command.set_defaults(handler=_cmd_export)
