"""The ``briefings`` command: parses the arguments, runs the sub-command, sets the exit status.

The sub-commands live in :mod:`build_tools.commands`, one module each. None of them
chooses an exit status: they return an :class:`Outcome` or raise, and :func:`main`
maps that here and nowhere else (the MkDocs adapter fails a build by MkDocs' own
means):

- 0: done;
- 1: problems found and reported (content errors, warnings under ``--strict``,
  broken links), or the command could not do its work (:class:`CommandError`), or
  standard output was closed early;
- 2: a mistake in how the command was called (:class:`UsageError`);
- ``build-site`` passes on MkDocs' own status when the build fails.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from build_tools.commands import (
    build_site,
    check_links,
    export,
    format_reference,
    new,
    schema,
    validate,
)
from build_tools.commands.outcome import (
    CommandError,
    EngineFailed,
    Handler,
    Outcome,
    UsageError,
)

EXIT_STATUS = {Outcome.DONE: 0, Outcome.PROBLEMS: 1}
COMMAND_ERROR = 1
USAGE_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefings", description="Validate, scaffold and publish the Briefing Archive."
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in (validate, new, schema, format_reference, check_links, export, build_site):
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        outcome = handler(args)
    except UsageError as exc:
        print(f"briefings: error: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except CommandError as exc:
        print(f"briefings: error: {exc}", file=sys.stderr)
        return COMMAND_ERROR
    except EngineFailed as exc:
        return exc.status
    except BrokenPipeError:
        return COMMAND_ERROR
    return EXIT_STATUS[outcome]


if __name__ == "__main__":
    sys.exit(main())
