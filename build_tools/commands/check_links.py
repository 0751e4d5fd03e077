"""``briefings check-links SITE_DIR``: every internal link of a built site must lead
somewhere (see ``build_tools.publishing.check_links``; nothing is fetched)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from build_tools.commands.outcome import Outcome, Subparsers, UsageError
from build_tools.format.diagnostics import format_diagnostics
from build_tools.publishing.check_links import check_site, read_site


def _normal_base(base: str) -> str:
    return "/" + base.strip("/") + "/" if base.strip("/") else "/"


def _cmd_check_links(args: argparse.Namespace) -> Outcome:
    site = Path(args.site)
    if not site.is_dir():
        raise UsageError(f"{args.site}: no such folder (build the site first)")
    pages = read_site(site)
    diagnostics = check_site(site, pages, _normal_base(args.base_path))
    if diagnostics:
        sys.stdout.write(format_diagnostics(diagnostics, args.format) + "\n")
    sys.stderr.write(f"{len(diagnostics)} broken link(s) in {len(pages)} page(s)\n")
    return Outcome.PROBLEMS if diagnostics else Outcome.DONE


def register(subparsers: Subparsers) -> None:
    command = subparsers.add_parser(
        "check-links", help="check every internal link of a built site (nothing is fetched)"
    )
    command.add_argument("site", metavar="SITE_DIR", help="the built site, e.g. site")
    command.add_argument(
        "--base-path",
        default="/",
        metavar="PATH",
        help="URL path the site is served under, for root-relative links (default: /)",
    )
    command.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="text (default), or github for Actions annotations",
    )
    command.set_defaults(handler=_cmd_check_links)
