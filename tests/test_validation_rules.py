"""One registry of rules: every diagnostic the loader and the validator report is made
from a :class:`~build_tools.format.format_spec.Rule` of ``format_spec.RULES``, with its id and
severity, and every rule of the registry is reported by some fixture.

(The golden reports, ``tests/test_validation_golden.py``, show each rule failing; here
the code is read, so that a rule cannot be reported under an id or a severity of its
own making.)
"""

from __future__ import annotations

import ast
from pathlib import Path

from build_tools.format import format_spec
from build_tools.format.diagnostics import Severity
from build_tools.format.format_spec import RULE_IDS, RULES, Rule

PACKAGE = Path(__file__).resolve().parent.parent / "build_tools"
# Reports that are not about contributor content: a broken link in the built site.
OTHER_REPORTS = {PACKAGE / "publishing" / "check_links.py"}


def _sources() -> dict[Path, ast.Module]:
    return {
        path: ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "format_spec.py" and path not in OTHER_REPORTS
    }


def test_every_rule_is_in_the_registry_once() -> None:
    defined = [v for v in vars(format_spec).values() if isinstance(v, Rule)]
    assert sorted(r.id for r in defined) == sorted(r.id for r in RULES)
    assert len(RULE_IDS) == len(RULES), "a rule id is defined twice"
    assert {r.severity for r in RULES} <= set(Severity)


def test_no_module_writes_a_rule_id_of_its_own() -> None:
    """A rule id as a string anywhere but format_spec would be a rule (or a severity)
    decided outside the registry."""
    found = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value!r}"
        for path, tree in _sources().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in RULE_IDS
    ]
    assert found == []


def test_no_module_makes_a_diagnostic_but_through_a_rule() -> None:
    """diagnostics.error and diagnostics.warning take a severity from their name: only
    Rule.at may call them, so the registry's severity is the one reported."""
    found = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for path, tree in _sources().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module == "build_tools.format.diagnostics"
        and {alias.name for alias in node.names} & {"error", "warning"}
    ]
    assert found == []


def test_a_rule_reports_with_its_own_severity() -> None:
    for rule in RULES:
        diagnostic = rule.at("briefings/actors.yml", 3, 7, "a message")
        assert (diagnostic.rule, diagnostic.severity) == (rule.id, rule.severity)
        assert diagnostic.as_text() == (
            f"briefings/actors.yml:3:7: {rule.severity}: a message [{rule.id}]"
        )
