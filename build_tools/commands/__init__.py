"""The sub-commands of ``briefings``, one module each.

Each module's ``register`` adds its sub-command to the parser and names a handler. A
handler returns an :class:`~build_tools.commands.outcome.Outcome` or raises one of
the errors in :mod:`~build_tools.commands.outcome`; it never chooses an exit status.
:func:`build_tools.commands.cli.main` alone turns outcomes and errors into exit statuses.
"""
