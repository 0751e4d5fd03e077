"""The one-way flow, enforced: format → loading → validation → indexing → rendering →
publishing → engines → commands.

``build_tools/`` holds one package per stage, and the stages are the layers: a module
may import its own stage and the stages before it, never a later one. Inside a stage
the same holds between its modules, in the order ``WITHIN`` gives (a module left out
of it is last). Only the MkDocs adapter (``build_tools.engines.mkdocs``) may import
MkDocs, Material or pymdownx, so the core can move to another engine, and nothing
imports the adapter. A new stage, or a module a stage must order, is placed here on
purpose.

Inside ``build_tools`` the adapter package is named ``mkdocs`` and the engine is
imported as ``mkdocs`` too: imports are absolute, so ``mkdocs.…`` is always the
engine and ``build_tools.engines.mkdocs.…`` always the adapter (:func:`_imports` keeps
the ``build_tools.`` prefix, so the two are never confused here either).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "build_tools"

STAGES = (
    "format",  # the format definitions, the published addresses, the plain data types
    "loading",  # files to data: YAML with positions, Markdown parsed, mentions found
    "validation",  # the front door: validation.archive.check_archive
    "indexing",  # the cross-reference index
    "rendering",  # bodies, pages, maps and charts
    "publishing",  # the whole site: feeds, data exports, search index, preview, swap
    "engines",  # the adapters: MkDocs + Material
    "commands",  # the `briefings` command line
)
# The order inside a stage, where it has one: earlier modules never import later ones.
WITHIN: dict[str, tuple[str, ...]] = {
    "format": (
        "diagnostics",
        "model",
        "safety",
        "json_text",
        "confusables",
        "format_spec",
        "pages",
        "urls",
        "json_schema",
        "format_reference",
    ),
    "loading": ("loader", "markdown_parse", "mentions"),
    "rendering": ("geo", "body"),
    "publishing": (
        "file_spool",
        "feeds",
        "data_exports",
        "search_chunks",
        "search_index",
        "site_content",
        "incremental",
        "preview_errors",
        "site_swap",
        "check_links",
    ),
}
ADAPTER = "engines.mkdocs"
ENGINE_GLUE = "engines.mkdocs.plugin"  # the adapter's one module that imports MkDocs
ENGINE_MODULES = ("mkdocs", "material", "pymdownx")


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")


def _layer(module: str) -> tuple[int, int] | None:
    """(stage, place within the stage) of a module such as ``format.urls``."""
    stage, _, rest = module.partition(".")
    if stage not in STAGES:
        return None
    order = WITHIN.get(stage, ())
    inner = rest.split(".", maxsplit=1)[0]
    return STAGES.index(stage), order.index(inner) if inner in order else len(order)


def _imports(path: Path) -> list[str]:
    """Modules imported by absolute name; ``from package import module`` names the module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            folder = PACKAGE.parent.joinpath(*node.module.split("."))
            for alias in node.names:
                is_module = (folder / f"{alias.name}.py").is_file() or (
                    folder / alias.name
                ).is_dir()
                found.append(f"{node.module}.{alias.name}" if is_module else node.module)
    return found


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if p.name != "__init__.py"}


def test_every_module_is_in_a_stage() -> None:
    unplaced = [name for name in _modules() if _layer(name) is None]
    assert not unplaced, f"put these modules in a stage's package ({__file__}): {unplaced}"
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert not loose, f"a module belongs to a stage, not beside them: {loose}"


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
                violations.append(f"{name} {mine} imports {target} {theirs}")
    assert not violations, "\n".join(violations)


def test_only_the_plugin_imports_the_engine() -> None:
    """The adapter's other modules (the preview's rebuild, frames, the sitemap splice)
    are handed what they need of MkDocs, so the engine is in one module."""
    offenders = [
        f"{name} imports {imported}"
        for name, path in _modules().items()
        if name != ENGINE_GLUE
        for imported in _imports(path)
        if imported.split(".")[0] in ENGINE_MODULES
    ]
    assert not offenders, "\n".join(offenders)


def test_nothing_imports_the_adapter() -> None:
    offenders = [
        f"{name} imports {imported}"
        for name, path in _modules().items()
        if not name.startswith(ADAPTER)
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
        if path.name == "cli.py":  # the one place that does
            continue
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
    """``import mkdocs`` inside ``build_tools/engines/mkdocs/`` reaches MkDocs itself, and the
    plugin name ``briefings`` MkDocs looks up leads to the adapter's plugin."""
    from importlib.metadata import entry_points

    import mkdocs
    from mkdocs.plugins import BasePlugin

    from build_tools.engines.mkdocs.plugin import BriefingsPlugin

    assert not Path(mkdocs.__file__ or "").resolve().is_relative_to(PACKAGE)
    assert issubclass(BriefingsPlugin, BasePlugin)
    (entry,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "briefings"]
    assert entry.load() is BriefingsPlugin
