"""``briefings build-site``: build the site with MkDocs and publish it in one atomic step
(see ``build_tools.publishing.site_swap``)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from build_tools.commands.outcome import EngineFailed, Outcome, Subparsers
from build_tools.publishing.site_swap import Builder, build_site


def mkdocs_builder(config: Path) -> Builder:
    """Run the real MkDocs (in a child process: only the adapter imports MkDocs).

    Not ``--strict``: the archive's warnings are shown and fail nothing here; the
    strict gates are ``make validate`` and the pull-request workflow.
    """

    def build(target: Path) -> int:
        command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config)]
        return subprocess.run([*command, "--site-dir", str(target)], check=False).returncode

    return build


def _cmd_build_site(args: argparse.Namespace) -> Outcome:
    status = build_site(Path(args.site_dir), mkdocs_builder(Path(args.config_file)))
    if status != 0:
        raise EngineFailed(status)
    sys.stderr.write(f"site built in {args.site_dir}/ — preview with: make serve\n")
    return Outcome.DONE


def register(subparsers: Subparsers) -> None:
    command = subparsers.add_parser(
        "build-site",
        help="build the site with MkDocs and publish it in one atomic step",
    )
    command.add_argument("--site-dir", default="site", metavar="DIR", help="default: site")
    command.add_argument(
        "--config-file", default="mkdocs.yml", metavar="FILE", help="default: mkdocs.yml"
    )
    command.set_defaults(handler=_cmd_build_site)
