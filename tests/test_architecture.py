"""The one-way flow, enforced: load → validate → index → render → feeds/exports → adapter.

Each module may import only modules of its own layer or the layers above it, and
only the MkDocs adapter (the package ``build_tools.mkdocs``) may import MkDocs,
Material or pymdownx, so the core can move to another engine. A new module must be
placed in a layer here, on purpose.

Inside ``build_tools`` the adapter package is named ``mkdocs`` and the engine is
imported as ``mkdocs`` too: imports are absolute, so ``mkdocs.…`` is always the
engine and ``build_tools.mkdocs.…`` always the adapter (:func:`_imports` keeps the
``build_tools.`` prefix, so the two are never confused here either).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "build_tools"

LAYERS: dict[str, int] = {
    # plain data and definitions
    "diagnostics": 0,
    "model": 0,
    "format_spec": 0,
    "pages": 0,
    "json_text": 0,
    "confusables": 0,
    "safety": 0,  # the allow-lists every wall shares
    # load
    "loader": 1,
    "mentions": 1,
    "markdown_parse": 1,
    "urls": 1,
    "geo": 1,  # country outlines, projection: plain geometry
    # validate, index, render bodies
    "validation": 2,  # a package: the front door is validation.archive.check_archive
    "index": 3,
    "body": 4,
    # pages, feeds, data
    "render": 5,
    "feeds": 5,
    "data_exports": 5,
    # the whole site, engine-neutral
    "site_content": 6,
    "incremental": 6,
    # tools at the edge: the CLI and its commands, and the one engine adapter
    "cli": 7,
    "commands": 7,
    "check_links": 7,
    "json_schema": 7,
    "format_reference": 7,
    "preview_errors": 7,
    "site_swap": 7,
    "search_index": 7,
    "mkdocs": 8,  # the adapter package: plugin, page skeletons, theme
}
ADAPTER = "mkdocs"
ENGINE_MODULES = ("mkdocs", "material", "pymdownx")


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")


def _layer(module: str) -> int | None:
    top = module.split(".", maxsplit=1)[0]
    return LAYERS.get(top)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "build_tools":
                found.extend(f"build_tools.{alias.name}" for alias in node.names)
            else:
                found.append(node.module)
    return found


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if p.name != "__init__.py"}


def test_every_module_has_a_layer() -> None:
    unplaced = [name for name in _modules() if _layer(name) is None]
    assert not unplaced, f"place these modules in a layer in {__file__}: {unplaced}"


def test_imports_only_flow_downstream() -> None:
    violations: list[str] = []
    for name, path in _modules().items():
        mine = _layer(name)
        assert mine is not None
        for imported in _imports(path):
            if not imported.startswith("build_tools."):
                continue
            target = imported.removeprefix("build_tools.")
            theirs = _layer(target)
            if theirs is None or theirs > mine:
                violations.append(f"{name} (layer {mine}) imports {target} (layer {theirs})")
    assert not violations, "\n".join(violations)


def test_only_the_adapter_imports_the_engine() -> None:
    offenders = [
        f"{name} imports {imported}"
        for name, path in _modules().items()
        if name.split(".")[0] != ADAPTER
        for imported in _imports(path)
        if imported.split(".")[0] in ENGINE_MODULES
    ]
    assert not offenders, "\n".join(offenders)


def test_nothing_imports_the_adapter() -> None:
    offenders = [
        f"{name} imports {imported}"
        for name, path in _modules().items()
        if name.split(".")[0] != ADAPTER
        for imported in _imports(path)
        if imported.startswith(f"build_tools.{ADAPTER}")
    ]
    assert not offenders, "\n".join(offenders)


def _handlers(tree: ast.Module) -> set[str]:
    """Names passed as ``set_defaults(handler=…)``: the sub-commands' entry points."""
    return {
        keyword.value.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "set_defaults"
        for keyword in node.keywords
        if keyword.arg == "handler" and isinstance(keyword.value, ast.Name)
    }


def test_commands_leave_exit_statuses_to_the_cli() -> None:
    """cli.main alone turns a command's outcome into an exit status (its docstring says
    which); a command returning a number or exiting itself could drift from it."""
    offenders: list[str] = []
    found = 0
    for path in sorted((PACKAGE / "commands").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        handlers = _handlers(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name in handlers:
                found += 1
                returns = ast.unparse(node.returns) if node.returns else None
                if returns != "Outcome":
                    offenders.append(f"{path.name}: {node.name} returns {returns}")
            if isinstance(node, ast.Attribute) and node.attr in {"exit", "_exit"}:
                offenders.append(f"{path.name}:{node.lineno}: exits by itself")
            if isinstance(node, ast.Name) and node.id == "SystemExit":
                offenders.append(f"{path.name}:{node.lineno}: raises SystemExit")
    assert found >= 7, "no sub-command handlers found: has set_defaults(handler=…) changed?"
    assert not offenders, "\n".join(offenders)


def test_mkdocs_means_the_engine_and_the_entry_point_the_adapter() -> None:
    """``import mkdocs`` inside ``build_tools/mkdocs/`` reaches MkDocs itself, and the
    plugin name ``briefings`` MkDocs looks up leads to the adapter's plugin."""
    from importlib.metadata import entry_points

    import mkdocs
    from mkdocs.plugins import BasePlugin

    from build_tools.mkdocs.plugin import BriefingsPlugin

    assert not Path(mkdocs.__file__ or "").resolve().is_relative_to(PACKAGE)
    assert issubclass(BriefingsPlugin, BasePlugin)
    (entry,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "briefings"]
    assert entry.load() is BriefingsPlugin
