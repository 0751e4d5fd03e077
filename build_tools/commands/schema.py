"""``briefings schema DIR``: write the JSON Schemas editors use (see ``json_schema``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from build_tools.commands.outcome import Outcome, Subparsers
from build_tools.format.json_schema import render, schemas


def _cmd_schema(args: argparse.Namespace) -> Outcome:
    target = Path(args.directory)
    target.mkdir(parents=True, exist_ok=True)
    for name, schema in schemas().items():
        (target / name).write_text(render(schema), encoding="utf-8")
        sys.stdout.write(f"{(target / name).as_posix()}\n")
    return Outcome.DONE


def register(subparsers: Subparsers) -> None:
    command = subparsers.add_parser(
        "schema", help="write JSON Schemas of the front matter and registries, for editors"
    )
    command.add_argument("directory", metavar="DIR", help="folder to write the schemas into")
    command.set_defaults(handler=_cmd_schema)
