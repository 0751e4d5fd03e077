"""Whole-site builds for ``make bench``: the archive's site, and the plain build it is held to.

The question is what cross-linking costs on top of what MkDocs + Material cost
anyway. So both builds are the real ``mkdocs build`` with the project's own
mkdocs.yml (theme, Markdown extensions, search, validation), changed only where
they must be: the site build reads the synthetic archive; the plain build has no
briefings plugin, the same briefing bodies as ordinary pages and a nav of the home
page alone. A nav listing every briefing would render the whole nav into every
page, so its output grows with the square of the archive: no one would publish
that, and it would flatter the ratio.

Each build runs in a child process reaped with ``wait4``, so its peak memory is its
own, not this process's nor an earlier build's.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import yaml_load

from build_tools.format.pages import SiteSettings
from build_tools.loading.loader import find_briefing_files
from build_tools.publishing.search_index import BUNDLE_DIR, bundle_size

REPO = Path(__file__).resolve().parent.parent
PROJECT_CONFIG = REPO / "mkdocs.yml"
BENCH_SITE_URL = "https://example.org/bench/"
PLUGIN = "briefings"
SEARCH_INDEX = Path("search") / "search_index.json"
# What the plain build keeps of the project's configuration: everything that shapes
# a page but the plugin and the nav.
PLAIN_KEYS = (
    "site_name",
    "site_description",
    "use_directory_urls",
    "theme",
    "markdown_extensions",
    "validation",
)


@dataclass(frozen=True, slots=True)
class BuildRun:
    seconds: float  # wall clock, interpreter start-up included
    # Bytes: the build's largest maximum resident set. wait4 reports the largest of the
    # build process and any workers it forks, not their sum (forked pages are shared).
    peak_memory: int
    cpu_seconds: float = 0.0  # user and system time of the build and any workers it reaped


@dataclass(frozen=True, slots=True)
class SiteOutput:
    pages: int  # HTML files, the theme's assets aside
    total_bytes: int
    largest_page: str  # relative to the site folder
    largest_page_bytes: int
    search_index_bytes: int
    page_bytes: int = 0  # the HTML files counted in pages
    # By what readers and subscribers get: the briefings' pages, the actors' pages
    # (both HTML, under their folders) and every feed (RSS, Atom, JSON Feed).
    briefing_page_bytes: int = 0
    actor_page_bytes: int = 0
    feed_bytes: int = 0


@dataclass(frozen=True, slots=True)
class SiteBuild:
    seconds: float  # the fastest run
    peak_memory: int  # the largest of any run
    output: SiteOutput
    cpu_seconds: float = 0.0  # the least of any run


def project_config() -> dict[str, Any]:
    """The project's mkdocs.yml as MkDocs reads it (``!ENV`` resolved)."""
    with PROJECT_CONFIG.open("rb") as stream:
        loaded = yaml_load(stream)
    if not isinstance(loaded, dict):
        raise RuntimeError(f"{PROJECT_CONFIG} is not a mapping")
    return loaded


def _project_path(value: object) -> str:
    path = Path(str(value))
    return str(path if path.is_absolute() else (PROJECT_CONFIG.parent / path).resolve())


def _theme(config: dict[str, Any]) -> object:
    theme = copy.deepcopy(config.get("theme"))
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = _project_path(theme["custom_dir"])
    return theme


def _enables(entry: object, name: str) -> bool:
    """Whether an entry of a ``plugins`` list (``name`` or ``{name: options}``) is ``name``."""
    return entry == name or (isinstance(entry, dict) and name in entry)


def _plugin_options(config: dict[str, Any], name: str) -> dict[str, Any] | None:
    """A plugin's options in the project's ``plugins`` list, or None when it is not there."""
    for entry in config.get("plugins") or []:
        if _enables(entry, name):
            return dict(entry[name] or {}) if isinstance(entry, dict) else {}
    return None


def site_config(archive_root: Path, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """The project's configuration, reading ``archive_root`` instead of ``briefings/``,
    with ``options`` of the plugin changed (a speed device turned off)."""
    config = project_config()
    project = _plugin_options(config, PLUGIN)
    if project is None:
        raise RuntimeError(f"{PROJECT_CONFIG} does not enable the {PLUGIN} plugin")
    # Every build measured is a clean one, with no bodies kept from an earlier build,
    # unless the options say otherwise (the body cache's own measurement).
    clean = {"render_cache": False}
    ours = {
        PLUGIN: {
            **project,
            **clean,
            **(options or {}),
            "briefings_dir": str(archive_root.resolve()),
        }
    }
    return {
        **config,
        "site_url": BENCH_SITE_URL,
        "docs_dir": _project_path(config.get("docs_dir", "docs")),
        "theme": _theme(config),
        "plugins": [ours if _enables(e, PLUGIN) else e for e in config.get("plugins") or []],
    }


def plain_config() -> dict[str, Any]:
    """MkDocs + Material as the project configures them, with no plugin but search."""
    config = project_config()
    plain = {key: copy.deepcopy(config[key]) for key in PLAIN_KEYS if key in config}
    search = _plugin_options(config, "search")
    return {
        **plain,
        "site_url": BENCH_SITE_URL,
        "docs_dir": "docs",
        "theme": _theme(config),
        "plugins": [{"search": search} if search else "search"],
        "nav": [{"Home": "index.md"}],
        "not_in_nav": "/briefings/",
    }


def bench_settings() -> SiteSettings:
    """The settings the site build gives the core, for measuring parts of it in-process."""
    config = project_config()
    options = _plugin_options(config, PLUGIN) or {}
    theme = config.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    defaults = SiteSettings(site_url=BENCH_SITE_URL)
    return SiteSettings(
        site_url=BENCH_SITE_URL,
        site_name=str(config.get("site_name", defaults.site_name)),
        language=str(language or defaults.language),
        feed_items=int(options.get("feed_items", defaults.feed_items)),
        feed_full_text=int(options.get("feed_full_text", defaults.feed_full_text)),
        page_size=int(options.get("page_size", defaults.page_size)),
    )


def _write_config(folder: Path, config: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mkdocs.yml"
    text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def prepare_site(archive_root: Path, folder: Path, options: dict[str, Any] | None = None) -> Path:
    """A project folder that builds the archive's site; returns its config file."""
    return _write_config(folder, site_config(archive_root, options))


def prepare_plain(archive_root: Path, folder: Path) -> Path:
    """A project folder with each briefing as a plain page: its title, then its body."""
    docs = folder / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Briefings\n\nEvery briefing, as a plain page.\n")
    for path in find_briefing_files(archive_root):
        text = path.read_text(encoding="utf-8")
        front, _, body = text.removeprefix("---\n").partition("\n---\n")
        fields = yaml.load(front, Loader=yaml.CSafeLoader)
        title = yaml.safe_dump({"title": str(fields["title"])}, allow_unicode=True, width=10_000)
        page = docs / "briefings" / path.relative_to(archive_root)
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"---\n{title}---\n{body}", encoding="utf-8")
    return _write_config(folder, plain_config())


def run_build(config_file: Path, site_dir: Path) -> BuildRun:
    """One ``mkdocs build`` into an empty ``site_dir``, in a child process of its own."""
    shutil.rmtree(site_dir, ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--quiet",
        "--config-file",
        str(config_file),
        "--site-dir",
        str(site_dir),
    ]
    environment = {**os.environ, "SITE_URL": BENCH_SITE_URL, "NO_MKDOCS_2_WARNING": "1"}
    log_file = site_dir.with_name(site_dir.name + ".log")
    with log_file.open("wb") as log:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=environment, cwd=config_file.parent
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log_file.read_text(encoding="utf-8", errors="replace").splitlines()[-20:]
        raise RuntimeError(
            f"mkdocs build -f {config_file} failed (exit {process.returncode}):\n" + "\n".join(tail)
        )
    kilobytes = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is in bytes on macOS only
    return BuildRun(seconds, usage.ru_maxrss * kilobytes, usage.ru_utime + usage.ru_stime)


FEED_NAMES = frozenset({"feed.xml", "atom.xml", "feed.json"})


def measure_output(site_dir: Path) -> SiteOutput:
    pages = total = largest_bytes = page_bytes = 0
    by_kind = {"briefings": 0, "actors": 0, "feeds": 0}
    largest = ""
    for folder, _, names in os.walk(site_dir):
        relative_folder = Path(folder).relative_to(site_dir)
        in_assets = relative_folder.parts[:1] == ("assets",)
        for name in names:
            size = (Path(folder) / name).stat().st_size
            total += size
            if name in FEED_NAMES:
                by_kind["feeds"] += size
            if name.endswith(".html") and not in_assets:
                top = relative_folder.parts[:1]
                if top and top[0] in by_kind:
                    by_kind[top[0]] += size
                pages += 1
                page_bytes += size
                if size > largest_bytes:
                    largest, largest_bytes = (relative_folder / name).as_posix(), size
    search_index = site_dir / SEARCH_INDEX
    search_bytes = search_index.stat().st_size if search_index.is_file() else 0
    bundle = site_dir / BUNDLE_DIR  # Pagefind's, when the site has no lunr index
    if not search_bytes and bundle.is_dir():
        search_bytes = bundle_size(bundle)[1]
    return SiteOutput(
        pages,
        total,
        largest,
        largest_bytes,
        search_bytes,
        page_bytes,
        by_kind["briefings"],
        by_kind["actors"],
        by_kind["feeds"],
    )
