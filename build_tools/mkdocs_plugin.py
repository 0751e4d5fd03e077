"""The MkDocs adapter: the only module that imports MkDocs.

It loads and validates ``briefings/``, asks the core for the whole site
(:func:`build_tools.site_content.build_site_content`) and hands the pages and
files to MkDocs. Everything it needs to know about MkDocs and Material is here:

- Validation runs in ``on_pre_build``, before MkDocs cleans ``site_dir``: a content
  error stops the build with every diagnostic, no traceback, exit 1, old site intact.
- ``Files.append`` silently replaces a file at the same path, so a hand-written
  ``docs/actors/index.md`` would shadow the generated actor index. Any clash between
  a generated output and a file of the docs folder or theme is refused instead.
- MkDocs templates do not autoescape and Material prints the page title and
  description raw, so generated pages carry both already HTML-escaped in
  ``page.meta``; the theme overrides in ``theme/`` (put ahead of any ``custom_dir``)
  fix the one place Material *unescapes* (``striptags`` in ``<title>``), drop web
  fonts and analytics, and print feed links and JSON-LD.
- A generated page is one block of finished HTML. It is handed to MkDocs whole
  after a second sanitising pass, so no Markdown extension configured in
  ``mkdocs.yml`` ever parses contributor text. Until the search plugin has indexed
  it (``on_page_context``), ``page.content`` holds only the page's searchable part;
  this plugin's own ``on_page_context`` runs last and puts the whole page back.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel, get_files
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils.templates import TemplateContext

from build_tools.diagnostics import Severity, format_diagnostics
from build_tools.loader import load_archive
from build_tools.pages import Page, SiteContent, SiteSettings
from build_tools.render.page_wall import sanitise_page
from build_tools.site_content import build_site_content
from build_tools.validate import validate

THEME_DIR = Path(__file__).parent / "theme"
log = get_plugin_logger(__name__)

# Blocks the renderers mark for Material's search to skip (lists of links, pagers);
# such an element never holds another element of its own tag.
_SEARCH_EXCLUDED = re.compile(
    r"<(section|nav)\b[^>]*\sdata-search-exclude\b[^>]*>.*?</\1>", re.DOTALL
)
# Every tag but the few Material's search index keeps (and headings, which start
# its sections); the text between tags stays as it is.
_NOT_INDEXED_TAG = re.compile(r"</?(?!(?:p|code|pre|li|ol|ul|sub|sup|h[1-6])\b)[a-z][^>]*>")


def searchable_part(page_html: str) -> str:
    """What Material's search indexer would keep of a page, found with two regexes.

    The indexer is a pure-Python HTML parser: it costs per tag, including the tags
    of blocks it then skips. Handing it only this part gives the same index for a
    fraction of the work (an actor page lists up to page_size briefings).
    """
    return _NOT_INDEXED_TAG.sub("", _SEARCH_EXCLUDED.sub("", page_html))


class BriefingsConfig(Config):  # type: ignore[no-untyped-call]  # MkDocs leaves __init_subclass__ untyped
    briefings_dir = config_options.Type(str, default="briefings")
    feed_items = config_options.Type(int, default=50)
    page_size = config_options.Type(int, default=50)


def _dest_uri(path: str) -> str:
    """Where MkDocs (with directory URLs) writes a source path."""
    if path.endswith(".md"):
        stem = path[: -len(".md")]
        if stem == "index" or stem.endswith("/index"):
            return f"{stem}.html"
        return f"{stem}/index.html"
    return path


def find_clashes(existing: Files, content: SiteContent) -> list[str]:
    """Files of the docs folder or theme that would take a generated output's address."""
    claimed: dict[str, str] = {}
    for page in content.pages:
        claimed[page.source_path] = f"the generated page /{page.url}"
        claimed[_dest_uri(page.source_path)] = f"the generated page /{page.url}"
    for path in content.files:
        claimed[path] = f"the generated file /{path}"
    problems = []
    for file in existing:
        owner = claimed.get(file.src_uri) or claimed.get(file.dest_uri)
        if owner is not None:
            where = f"{file.src_dir}/{file.src_uri}" if file.src_dir else file.src_uri
            problems.append(
                f"{where}: this file would replace {owner}; "
                "remove or rename it (generated addresses are permanent)"
            )
    return sorted(problems)


class BriefingsPlugin(BasePlugin[BriefingsConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        super().__init__()
        self._root = Path("briefings")
        self._settings: SiteSettings | None = None
        self._content: SiteContent | None = None
        self._generated: dict[str, Page] = {}  # src_uri → page
        self._html: dict[str, str] = {}  # src_uri → the page's sanitised HTML, until written

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.site_url:
            raise PluginError(
                "briefings: set site_url in mkdocs.yml (or the SITE_URL environment variable): "
                "feeds, canonical links and structured data need the site's absolute address"
            )
        if config.theme.name != "material":
            raise PluginError("briefings: the archive's pages need theme: material")
        if not config.use_directory_urls:
            raise PluginError(
                "briefings: use_directory_urls must stay true: the archive's addresses "
                "(/actors/ID/ …) are permanent"
            )
        if self.config.page_size < 1 or self.config.feed_items < 1:
            raise PluginError("briefings: page_size and feed_items must be at least 1")
        if str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(0, str(THEME_DIR))
        config_dir = Path(config.config_file_path).parent if config.config_file_path else Path()
        self._root = config_dir / self.config.briefings_dir
        self._settings = SiteSettings(
            site_url=config.site_url,
            site_name=config.site_name,
            language=str(config.theme.get("language") or "en"),
            feed_items=self.config.feed_items,
            page_size=self.config.page_size,
        )
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self._root.is_dir():
            raise PluginError(f"briefings: no archive folder at {self._root}")
        archive, diagnostics = validate(load_archive(self._root))
        errors = [d for d in diagnostics if d.severity is Severity.ERROR]
        if archive is None or errors:
            raise PluginError(
                f"briefings: {len(errors)} error(s) in the archive; nothing was built:\n"
                + format_diagnostics(errors or diagnostics, "text")
            )
        for diagnostic in diagnostics:
            log.warning(diagnostic.as_text())
        assert self._settings is not None
        self._content = build_site_content(archive, self._settings)
        # Checked again in on_files with the theme's files; checking the docs folder
        # now stops the build before MkDocs empties site_dir.
        clashes = find_clashes(get_files(config), self._content)
        if clashes:
            raise PluginError("briefings: address taken twice:\n" + "\n".join(clashes))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        content = self._content
        assert content is not None
        clashes = find_clashes(files, content)
        if clashes:
            raise PluginError("briefings: address taken twice:\n" + "\n".join(clashes))
        self._generated = {}
        for page in content.pages:
            files.append(
                File.generated(
                    config,
                    page.source_path,
                    content=page.markdown,
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )
            self._generated[page.source_path] = page
        for path, data in content.files.items():
            files.append(
                File.generated(config, path, content=data, inclusion=InclusionLevel.NOT_IN_NAV)
            )
        return files

    def on_page_markdown(
        self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        generated = self._generated.get(page.file.src_uri)
        if generated is None:
            return markdown
        meta: dict[str, Any] = {
            "title": html.escape(generated.title, quote=True),
            "description": html.escape(generated.description, quote=True),
            "hide": ["toc"],
            "briefings_feeds": [
                {"url": f.url, "title": f.title, "media_type": f.media_type}
                for f in generated.feeds
            ],
        }
        if not generated.search:
            meta["search"] = {"exclude": True}
        if generated.json_ld is not None:
            meta["briefings_json_ld"] = generated.json_ld
        page.meta = meta
        return ""  # the page's HTML is handed over whole in on_page_content

    def on_page_content(
        self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        generated = self._generated.get(page.file.src_uri)
        if generated is None:
            return html
        whole = sanitise_page(generated.markdown)
        if not generated.search:
            return whole
        self._html[page.file.src_uri] = whole
        return searchable_part(whole)

    @event_priority(-100)  # after the search plugin has indexed the searchable part
    def on_page_context(
        self, context: TemplateContext, *, page: MkDocsPage, config: MkDocsConfig, nav: Any
    ) -> TemplateContext:
        whole = self._html.pop(page.file.src_uri, None)
        if whole is not None:
            page.content = whole
        return context

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        server.watch(str(self._root))
        return server
