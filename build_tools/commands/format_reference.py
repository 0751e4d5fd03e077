"""``briefings format-reference [FILE]``: write the contributor format reference
(see ``build_tools.format.format_reference``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from build_tools.commands.outcome import Outcome, Subparsers
from build_tools.format.format_reference import REFERENCE_PATH, format_reference


def _cmd_format_reference(args: argparse.Namespace) -> Outcome:
    text = format_reference()
    if args.output == "-":
        sys.stdout.write(text)
        return Outcome.DONE
    target = Path(args.output)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    sys.stdout.write(f"{target.as_posix()}\n")
    return Outcome.DONE


def register(subparsers: Subparsers) -> None:
    command = subparsers.add_parser(
        "format-reference", help="write the contributor format reference (Markdown)"
    )
    command.add_argument(
        "output",
        nargs="?",
        default=REFERENCE_PATH,
        metavar="FILE",
        help=f"where to write it, '-' for standard output (default: {REFERENCE_PATH})",
    )
    command.set_defaults(handler=_cmd_format_reference)
