"""Code shape: no function in ``build_tools/`` longer than MAX_LINES without a reason.

A long function is a place a newcomer has to hold a lot in mind, so most are split
into named steps. Some read better whole (a generated page's text in reading order,
one branch per case of an enum); those keep their length, and say why where the next
maintainer will look: their docstring has a sentence that starts ``Long because``,
giving the reason the length serves the reader (why, not what the function does),
for example::

    Long because it is the page's text in reading order: split, the page could no
    longer be read from top to bottom.

A function's length counts from its ``def`` line (decorators left out) to its last
line, signature and docstring included. Nested functions and methods are checked
as well, each on its own. The complexity cap is ruff's (``C901`` in pyproject.toml).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "build_tools"
MAX_LINES = 50
# A sentence that starts "Long because" and goes on to say something.
_REASON = re.compile(r"(?:^|[.!?:]\s)Long because\s+\S")


def _has_reason(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    docstring = ast.get_docstring(node)
    return docstring is not None and _REASON.search(" ".join(docstring.split())) is not None


def long_functions(source: str, path: str) -> list[str]:
    """Each function of ``source`` over MAX_LINES lines without a stated reason, as
    ``path:line name (N lines)``; a method is named ``Class.method``."""
    found: list[str] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                assert child.end_lineno is not None
                lines = child.end_lineno - child.lineno + 1
                if lines > MAX_LINES and not _has_reason(child):
                    found.append(f"{path}:{child.lineno} {name} ({lines} lines)")
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return found


def test_no_long_function_without_a_reason() -> None:
    found = [
        problem
        for path in sorted(PACKAGE.rglob("*.py"))
        for problem in long_functions(
            path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE.parent))
        )
    ]
    assert not found, (
        f"functions over {MAX_LINES} lines: split them, or give the reason in a docstring "
        "sentence starting 'Long because' (see this test's docstring)\n" + "\n".join(found)
    )


def _function(name: str, body_lines: int, docstring: str | None = None) -> str:
    """Source text of a function ``body_lines`` lines long in all, docstring included."""
    head = [f"def {name}() -> None:"]
    if docstring is not None:
        head.append(f'    """{docstring}"""')
    filler = [f"    x{n} = {n}" for n in range(body_lines - len(head))]
    return "\n".join([*head, *filler]) + "\n"


def test_a_long_function_is_reported_with_where_and_how_long() -> None:
    source = _function("short", MAX_LINES) + _function("long", MAX_LINES + 1, "Draws a map.")
    assert long_functions(source, "build_tools/x.py") == [
        f"build_tools/x.py:{MAX_LINES + 1} long ({MAX_LINES + 1} lines)"
    ]


def test_a_reason_in_the_docstring_lets_a_long_function_be() -> None:
    reasoned = "Draws a map.\n\n    Long because the SVG is written in drawing order."
    assert long_functions(_function("long", 60, reasoned), "x.py") == []
    # Saying "long" somewhere is not a reason; the sentence must start with it.
    unreasoned = "Not long because of anything."
    assert long_functions(_function("long", 60, unreasoned), "x.py") == ["x.py:1 long (60 lines)"]
    assert long_functions(_function("long", 60, "Long because"), "x.py") == [
        "x.py:1 long (60 lines)"
    ]


def test_methods_and_nested_functions_are_checked_too() -> None:
    method = "\n".join("    " + line for line in _function("render", 55).splitlines())
    nested = "\n".join("    " + line for line in _function("inner", 52).splitlines())
    source = f"class Page:\n{method}\n\ndef outer() -> None:\n{nested}\n"
    assert long_functions(source, "x.py") == [
        "x.py:2 Page.render (55 lines)",
        "x.py:58 outer (53 lines)",
        "x.py:59 outer.inner (52 lines)",
    ]
