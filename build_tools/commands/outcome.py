"""How a sub-command ends, in words; :func:`build_tools.commands.cli.main` turns it into a status.

Scripts, the pre-commit hook and CI read the exit status, so it is a contract
(README): 0 success, 1 problems found, 2 a mistake in how the command was called.
Keeping the words here and the numbers in one place means no command can drift.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from enum import Enum
from typing import TypeAlias

# Subscripted only for the type checker: the class is not generic at run time.
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class Outcome(Enum):
    """What a command that ran to its end found."""

    DONE = "done"  # exit 0
    # The command reported problems on its own output (content errors, warnings under
    # --strict, broken links, a draft that would not validate): exit 1.
    PROBLEMS = "problems"


Handler = Callable[[argparse.Namespace], Outcome]


class UsageError(Exception):
    """A mistake in how the command was called, not in the content: exit 2."""


class CommandError(Exception):
    """The command could not do what it was asked (a path the export refuses to
    write): exit 1, the message shown as ``briefings: error: …``."""


class EngineFailed(Exception):
    """The site engine, run as a child process, failed: its own exit status is passed
    on, and it has already said why."""

    def __init__(self, status: int) -> None:
        super().__init__(f"the site engine exited with status {status}")
        self.status = status
