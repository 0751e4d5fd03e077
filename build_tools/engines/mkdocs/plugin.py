"""The MkDocs plugin ``briefings``: the adapter's entry point (:mod:`.engines.mkdocs`).

It loads and validates ``briefings/``, asks the core for the whole site
(:mod:`build_tools.publishing.site_content`: ``render_context``, then
``site_content_from``, as ``build_site_content`` does; pages already through both
sanitising walls, the same bytes ``briefings export`` writes) and hands the pages
and files to MkDocs. Everything it needs to know about MkDocs and Material is here
(and pinned by ``tests/test_material_assumptions.py``):

- Validation runs in ``on_pre_build`` (:func:`build_tools.validation.archive.check_archive`,
  on every core for a large archive), before MkDocs cleans ``site_dir``: a content
  error stops the build with every diagnostic, no traceback, exit 1, old site intact.
- ``Files.append`` silently replaces a file at the same path, so a hand-written
  ``docs/actors/index.md`` would shadow the generated actor index. Any clash between
  a generated output and a file of the docs folder or theme is refused instead.
- MkDocs templates do not autoescape and Material prints the page title and
  description raw, so generated pages carry both already HTML-escaped in
  ``page.meta``; the theme overrides in ``theme/`` (put ahead of any ``custom_dir``)
  fix the one place Material *unescapes* (``striptags`` in ``<title>``), drop web
  fonts and analytics, and print feed links and JSON-LD.
- A generated page is one block of finished HTML, so it skips MkDocs' Markdown pass
  altogether (:class:`GeneratedPage`): no Markdown extension configured in
  ``mkdocs.yml`` ever parses contributor text, and a site of 10,000 briefings does
  not build 12,000 Markdown converters for nothing. Its HTML is the core's, walled
  already, and is handed to Material just before the page is written.
- Site search is Pagefind (:mod:`build_tools.publishing.search_index`), not Material's search
  plugin: its lunr index is one file every page view downloads. A build starts it
  in ``on_pre_build`` and hands it each generated page as the core makes it; by
  ``on_env`` the hand-written pages are rendered too (MkDocs renders all Markdown
  before any template), so they follow and Pagefind writes its bundle while MkDocs
  renders the frames; ``on_post_build`` waits for it and moves its bundle in.
  The theme puts the search box in Material's header. ``search_index: false`` builds
  without the index.
- Material prints its "Skip to content" link only for a page with a table of
  contents, which a generated page lacks: each gets one entry, leading to the
  page's block (``PAGE_ID``, the same on every page, so frames stay shared).
  Material's two toggle checkboxes carry ``autocomplete``, which HTML allows on text
  inputs only: :func:`valid_frame` drops it.
- Material renders its whole frame (header, nav, scripts) for every page: most of a
  plain build's time. A generated page outside the nav is Material's ``main.html``
  filled into a frame rendered once per shape (:mod:`build_tools.engines.mkdocs.page_skeletons`):
  same bytes, a fraction of the time. ``page_skeletons: false`` turns this off.
- ``compact_frame`` (on by default) renders the theme's templates without the
  whitespace their own template tags leave (Jinja's ``trim_blocks`` and
  ``lstrip_blocks``): the same elements, attributes and text, a tenth fewer bytes on
  every page of a site that must fit GitHub Pages' 1 GB at 25,000 briefings.
- During ``mkdocs serve`` (the plugin keeps its instance between rebuilds: it has an
  ``on_startup``), a rebuild stopped by content errors does not leave the browser
  waiting: MkDocs' rebuild loop would hold every request until a build succeeds. The
  rebuild is reported as done instead, and every page address answers with the
  diagnostics (:mod:`build_tools.publishing.preview_errors`) until a save fixes them; live
  reload then brings the reader back to the page.
- A preview keeps what it can between rebuilds (:mod:`build_tools.publishing.incremental`):
  each briefing's check and each body's HTML, keyed by their inputs. With
  ``mkdocs serve --dirty`` (``make serve``) MkDocs renders and writes only the
  generated pages and files whose inputs changed (their ``File.is_modified``), and the
  plugin deletes the outputs that are gone: the same bytes as a clean build. A save
  to the archive alone is rebuilt without MkDocs where it can be
  (:mod:`.preview_rebuild`): only what the save changed, filled into the frames of
  the last build.
  A preview does not wait for Pagefind, which can only index every page again: the
  pages are shown at once and the search bundle follows a moment later
  (:mod:`build_tools.publishing.search_refresh`).
  MkDocs' live-reload server polls the watched files twice a second; the plugin has
  the operating system report saves instead (:func:`watch_natively`), so a rebuild
  starts as soon as a file is saved.
"""

from __future__ import annotations

import functools
import html
import itertools
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, Template, pass_context
from jinja2.runtime import Context
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel, get_files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext
from watchdog.events import (
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

from build_tools.engines.mkdocs.compact_frame import (
    ICON_SHEET,
    CompactFrame,
    IconSheet,
    icon_sheet,
)
from build_tools.engines.mkdocs.generated_pages import PAGE_TEMPLATE, dest_uri, page_inputs
from build_tools.engines.mkdocs.page_skeletons import FrameShape, Skeleton, cut, frame_shape
from build_tools.engines.mkdocs.preview_rebuild import (
    LastBuild,
    PreviewMemory,
    ServedSite,
    rebuild_saved,
    remove_output,
    write_output,
)
from build_tools.format.diagnostics import Diagnostic, Severity, format_diagnostics
from build_tools.format.model import Archive
from build_tools.format.pages import FEED_FULL_TEXT, Page, SiteContent, SiteSettings
from build_tools.format.urls import site_feeds
from build_tools.loading.mentions import MentionFinder
from build_tools.publishing.archive_change import (
    RecordedFiles,
    last_build_set_aside,
    recorded_pages,
)
from build_tools.publishing.body_cache import StoredBodies
from build_tools.publishing.file_spool import FileSpool, PageSpool, light_pages
from build_tools.publishing.incremental import (
    FileStamp,
    digest,
    frame_inputs,
)
from build_tools.publishing.preview_errors import error_page, is_page_address
from build_tools.publishing.search_index import (
    Indexing,
    SearchBundle,
    SearchDocument,
    SearchDocuments,
    SearchIndexError,
    help_page_document,
)
from build_tools.publishing.search_refresh import SearchRefresh
from build_tools.publishing.site_content import (
    DuplicateAddress,
    render_context,
    site_content_from,
)
from build_tools.rendering.body import render_bodies
from build_tools.rendering.markup import PAGE_ID
from build_tools.validation.archive import check_archive

THEME_DIR = Path(__file__).parent / "theme"
# Material adds a heading of its own when "<h1" is not in the content; the content
# marker takes the branch generated pages take (skeletons are cut only for those).
SLOT_MARKERS = {
    "title": "briefings-slot-title-5b0f",
    "description": "briefings-slot-description-5b0f",
    "canonical": "briefings-slot-canonical-5b0f",
    "head": "briefings-slot-head-5b0f",
    "content": "<h1 briefings-slot-content-5b0f>",
}
# Where a preview keeps its diagnostics page, in the served site folder.
ERROR_PAGE = "briefings-preview-errors.html"
ABOUT_PAGE, ABOUT_URL = "about.md", "about/"  # linked from the footer and the home page
log = get_plugin_logger(__name__)

# Material's drawer and search toggles, exactly as its base.html prints them.
MATERIAL_TOGGLES = tuple(
    f'<input class="md-toggle" data-md-toggle="{name}" type="checkbox" id="__{name}"'
    for name in ("drawer", "search")
)


class BriefingsConfig(Config):  # type: ignore[no-untyped-call]  # MkDocs leaves __init_subclass__ untyped
    briefings_dir = config_options.Type(str, default="briefings")
    feed_items = config_options.Type(int, default=50)
    feed_full_text = config_options.Type(int, default=FEED_FULL_TEXT)
    page_size = config_options.Type(int, default=50)
    page_skeletons = config_options.Type(bool, default=True)
    compact_frame = config_options.Type(bool, default=True)
    search_index = config_options.Type(bool, default=True)
    render_cache = config_options.Type(bool, default=True)
    cache_dir = config_options.Type(str, default=".cache/briefings")
    watch_polling = config_options.Type(bool, default=False)


def html_of(content: SiteContent, page: Page) -> str:
    """A page's HTML, from the spool when the build keeps it there."""
    return content.pages.html_of(page) if isinstance(content.pages, PageSpool) else page.html


def find_clashes(existing: Files, content: SiteContent) -> list[str]:
    """Files of the docs folder or theme that would take a generated output's address."""
    claimed: dict[str, str] = {}
    for page in light_pages(content.pages):
        claimed[page.source_path] = f"the generated page /{page.url}"
        claimed[dest_uri(page.source_path)] = f"the generated page /{page.url}"
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


def social_meta(generated: Page) -> list[str]:
    """Open Graph's type and, for an article, its times; the theme prints the tags
    every page shares (title, description, URL, site name, Twitter card)."""
    if generated.published is None:
        return ['<meta property="og:type" content="website">']
    lines = [
        '<meta property="og:type" content="article">',
        f'<meta property="article:published_time" content="{generated.published.isoformat()}">',
    ]
    if generated.modified is not None:
        modified = generated.modified.isoformat()
        lines.append(f'<meta property="article:modified_time" content="{modified}">')
    return lines


def head_links(generated: Page, page_url: str) -> str:
    """The page's feed links (relative to the page, as MkDocs' ``url`` filter makes
    them), its Open Graph type and times, and its JSON-LD, as finished HTML for the
    theme's head.

    A feed link is ``rel="alternate feed"``: feed readers find it by its ``alternate``
    token, while Material's script, which fetches a ``sitemap.xml`` beside every link
    whose rel is exactly ``alternate`` (taking it for another language's site), leaves
    it alone: no 404 beside every feed, no download of the root sitemap on every page."""
    lines = [
        f'<link rel="alternate feed" type="{html.escape(feed.media_type)}" '
        f'title="{html.escape(feed.title)}" '
        f'href="{html.escape(get_relative_url(feed.url, page_url))}">'
        for feed in generated.feeds
    ]
    lines += social_meta(generated)
    if generated.json_ld is not None:
        lines.append(f'<script type="application/ld+json">{generated.json_ld}</script>')
    return "".join(f"\n  {line}" for line in lines)


def page_meta(generated: Page, page_url: str) -> dict[str, Any]:
    """``page.meta`` for a generated page: what Material prints raw is escaped here."""
    meta: dict[str, Any] = {
        "title": html.escape(generated.title, quote=True),
        "description": html.escape(generated.description, quote=True),
        "hide": ["toc"],
        "template": PAGE_TEMPLATE,
        "briefings_generated": True,
        "briefings_kind": generated.kind,  # the search page loads its own script
        "briefings_head": head_links(generated, page_url),
    }
    return meta


class GeneratedFile(File):
    """A generated page or file; in a dirty build (``mkdocs serve --dirty``) MkDocs skips
    reading, rendering and writing it when ``unchanged``."""

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged


def spooled_file(config: MkDocsConfig, spool: FileSpool, path: str) -> GeneratedFile:
    """A generated file MkDocs copies from the spool (:mod:`build_tools.publishing.file_spool`)."""
    return GeneratedFile(
        path,
        str(spool.folder),
        config.site_dir,
        config.use_directory_urls,
        inclusion=InclusionLevel.NOT_IN_NAV,
    )


def generated_file(config: MkDocsConfig, path: str, content: str | bytes) -> GeneratedFile:
    file = GeneratedFile.generated(
        config, path, content=content, inclusion=InclusionLevel.NOT_IN_NAV
    )
    assert isinstance(file, GeneratedFile)
    return file


class GeneratedPage(MkDocsPage):
    """A page whose HTML the archive rendered: read and rendered without Markdown.

    MkDocs calls ``read_source`` and ``render`` on every page (Material's blog plugin
    subclasses ``Page`` the same way). The content stays empty until the page is
    about to be written, and is let go once it is: see ``BriefingsPlugin.on_page_context``
    and ``on_post_page``. ``generated`` may be the page without its HTML, which
    ``page_html`` reads (from the build's spool).
    """

    def __init__(
        self,
        title: str | None,
        file: File,
        config: MkDocsConfig,
        generated: Page,
        page_html: Callable[[], str],
    ) -> None:
        super().__init__(title, file, config)
        self.generated = generated
        self.page_html = page_html

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        self.meta = page_meta(self.generated, self.url)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""
        # Not a heading's id: MkDocs' search would cut the page into sections at it.
        self.toc = TableOfContents([AnchorLink(self.meta["title"], PAGE_ID, 1)])


# What a save, a new, renamed or deleted file, or a touch makes; not a file being opened
# or read (MkDocs rebuilds on any event it is given, and a rebuild reads the archive).
SAVE_EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    FileAttribEvent,
]


class SaveObserver(Observer):  # type: ignore[misc,valid-type]  # the platform's class, inotify on Linux
    """The operating system's file events, those of :data:`SAVE_EVENTS` only: what
    MkDocs' polling would have seen."""

    def schedule(
        self,
        event_handler: FileSystemEventHandler,
        path: str | Path,
        *,
        recursive: bool = False,
        event_filter: list[type[FileSystemEvent]] | None = None,
        follow_symlink: bool = False,
    ) -> ObservedWatch:
        watch: ObservedWatch = super().schedule(
            event_handler,
            path,
            recursive=recursive,
            event_filter=SAVE_EVENTS if event_filter is None else event_filter,
            follow_symlink=follow_symlink,
        )
        return watch


def watch_natively(server: LiveReloadServer, paths: Iterable[str | None]) -> None:
    """Have the preview told of saves by the operating system, not by MkDocs' polling.

    MkDocs looks at every watched file twice a second: a save waits a quarter of a
    second on average before the rebuild starts, and at 10,000 briefings each look
    costs a tenth of a second of CPU. watchdog's native observer (inotify on Linux)
    hears of a save at once. The paths MkDocs watched already (``paths`` it did not
    watch are left alone) move to it; the archive's folder is watched after this.
    Some shared folders of virtual machines report no events: ``watch_polling: true``
    keeps MkDocs' polling there."""
    moved: list[str] = []
    for path in dict.fromkeys(p for p in paths if p):
        while True:  # as many times as it was watched
            try:
                server.unwatch(path)
            except KeyError:  # no more (the theme's folders: only with --watch-theme)
                break
            moved.append(path)
    server.observer = SaveObserver()
    for path in moved:
        server.watch(path)


def _search_ready(bundle: SearchBundle, seconds: float) -> None:
    log.info(
        f"briefings: search is up to date ({seconds:.1f} s after the pages; "
        f"{bundle.files} files, {bundle.bytes:,} bytes)"
    )


def _search_failed(error: SearchIndexError) -> None:
    log.error(f"briefings: site search: {error}; search shows an earlier build")


def nav_titles(nav: Any) -> dict[str, str]:
    """Source path → the title ``mkdocs.yml``'s nav gives it (MkDocs ignores the nav's
    title for a page that already exists, as generated pages do)."""
    titles: dict[str, str] = {}
    items = nav if isinstance(nav, list) else [nav]
    for item in items:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    titles[value] = str(title)
                else:
                    titles.update(nav_titles(value))
    return titles


def frame_folders(addresses: list[str]) -> frozenset[str]:
    """Top folders of addresses two or more levels deep that a theme's frame may link to.

    A relative link from page P to address T depends only on P's depth and on the
    folders P and T share. When no such address shares P's top folder, P and T share
    at most that folder, so pages with the same top folder and depth get the same
    frame. A page under one of these folders is rendered whole instead.
    """
    return frozenset(a.split("/", 1)[0] for a in addresses if "/" in a.strip("/"))


def valid_frame(page_html: str) -> str:
    """Material's frame without ``autocomplete`` on its toggle checkboxes, which the
    Nu Html Checker reports on every page: HTML allows it on text inputs only.
    (Material's script resets both toggles on load, which is all the attribute did.)"""
    for toggle in MATERIAL_TOGGLES:
        page_html = page_html.replace(f'{toggle} autocomplete="off">', f"{toggle}>", 1)
    return page_html


def slot_values(page: MkDocsPage) -> dict[str, str]:
    return {
        "title": page.meta["title"],
        "description": page.meta["description"],
        "canonical": page.canonical_url or "",
        "head": page.meta["briefings_head"],
        "content": page.content or "",
    }


def render_skeleton(main: Template, variables: dict[str, Any], page: MkDocsPage) -> Skeleton | None:
    """Material's frame for ``page``'s shape, with markers where its own values go."""
    saved = page.meta, page.content, page.canonical_url
    page.meta = {
        **page.meta,
        "title": SLOT_MARKERS["title"],
        "description": SLOT_MARKERS["description"],
        "briefings_head": SLOT_MARKERS["head"],
    }
    page.content = SLOT_MARKERS["content"]
    page.canonical_url = SLOT_MARKERS["canonical"]
    try:
        rendered = valid_frame(main.render(variables))
    finally:
        page.meta, page.content, page.canonical_url = saved
    return cut(rendered, SLOT_MARKERS, once=frozenset({"content"}))


class BriefingsPlugin(BasePlugin[BriefingsConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        super().__init__()
        self._root = Path("briefings")
        self._settings: SiteSettings | None = None
        self._content: SiteContent | None = None
        self._in_nav: set[int] = set()  # id() of the pages of the nav
        self._frame_folders: frozenset[str] = frozenset()
        self._skeletons: dict[FrameShape, Skeleton | None] = {}
        self._serving = False  # on_startup: `mkdocs serve`, this instance lives across rebuilds
        self._config_file: Path | None = None
        self._docs_dir = Path("docs")
        self._site_url = ""
        self._nav_titles: dict[str, str] = {}
        self._dirty = False  # `mkdocs serve --dirty`: MkDocs writes only what is modified
        self._memory: PreviewMemory | None = None
        self._writing = False
        self._site_dir = Path("site")
        self._stopped_on: list[Diagnostic] | None = None  # diagnostics that stopped this build
        self._showing: list[Diagnostic] | None = None  # what the preview shows instead of pages
        self._search_documents: SearchDocuments | None = None  # a preview keeps its own
        self._indexing: Indexing | None = None  # Pagefind, until on_post_build
        self._search_refresh: SearchRefresh | None = None  # a preview's Pagefind, after a build
        self._spool: Path | None = None  # feeds and data files until MkDocs copies them
        self._cache_dir = Path(".cache/briefings")  # what a build keeps for the next
        self._icons: IconSheet | None = None  # compact_frame's, from on_env
        self._removals: list[threading.Thread] = []  # a preview's spools being deleted

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self._serving = command == "serve"
        self._dirty = dirty

    def _remove_spool(self) -> None:
        """Delete the build's spool; a preview's, on a thread of its own: at 10,000
        briefings it is 30,000 files and folders, seconds of system calls a save need
        not wait for (a new build uses a new spool)."""
        spool, self._spool = self._spool, None
        if spool is None:
            return
        if not self._serving:
            shutil.rmtree(spool, ignore_errors=True)
            return
        self._removals = [thread for thread in self._removals if thread.is_alive()]
        removal = threading.Thread(
            target=shutil.rmtree, args=(spool,), kwargs={"ignore_errors": True}, daemon=True
        )
        removal.start()
        self._removals.append(removal)

    def on_shutdown(self) -> None:
        self._remove_spool()
        for removal in self._removals:
            removal.join()
        self._removals = []
        self._serving = self._dirty = False
        self._memory = None
        self._stop_indexing()
        self._cancel_search_refresh()
        if self._search_documents is not None:
            shutil.rmtree(self._search_documents.folder.parent, ignore_errors=True)
            self._search_documents = None

    @property
    def _incremental(self) -> bool:
        """MkDocs does not empty site_dir between builds: unchanged outputs stay."""
        return self._serving and self._dirty

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
        if self.config.feed_full_text < 0:
            raise PluginError("briefings: feed_full_text must be 0 or more")
        if str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(0, str(THEME_DIR))
        config_dir = Path(config.config_file_path).parent if config.config_file_path else Path()
        self._config_file = Path(config.config_file_path) if config.config_file_path else None
        self._docs_dir = Path(config.docs_dir)
        self._site_url = config.site_url or ""
        self._nav_titles = nav_titles(config.nav or [])
        self._site_dir = Path(config.site_dir)
        self._root = config_dir / self.config.briefings_dir
        self._cache_dir = config_dir / self.config.cache_dir
        self._settings = SiteSettings(
            site_url=config.site_url,
            site_name=config.site_name,
            language=str(config.theme.get("language") or "en"),
            feed_items=self.config.feed_items,
            feed_full_text=self.config.feed_full_text,
            page_size=self.config.page_size,
            about_url=ABOUT_URL if (Path(config.docs_dir) / ABOUT_PAGE).is_file() else None,
        )
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self._root.is_dir():
            raise PluginError(f"briefings: no archive folder at {self._root}")
        self._stopped_on = None
        self._writing = False
        self._cancel_search_refresh()  # its documents are about to change
        memory = self._preview_memory()
        checked = check_archive(self._root, memory=None if memory is None else memory.validation)
        archive, diagnostics = checked.archive, checked.diagnostics
        errors = [d for d in diagnostics if d.severity is Severity.ERROR]
        if archive is None or errors:
            self._stopped_on = diagnostics
            raise PluginError(
                f"briefings: {len(errors)} error(s) in the archive; nothing was built:\n"
                + format_diagnostics(diagnostics, "text")
            )
        for diagnostic in diagnostics:
            log.warning(diagnostic.as_text())
        assert self._settings is not None
        self._remove_spool()
        self._spool = Path(tempfile.mkdtemp(prefix="briefings-files-"))
        try:
            if memory is None:
                self._content = self._whole_site(archive, checked.finder, self._spool)
            else:
                self._content = self._preview_content(archive, checked.finder, memory)
        except DuplicateAddress as exc:  # the validator should have refused its cause
            raise PluginError(f"briefings: {exc}; nothing was built") from exc
        # Checked again in on_files with the theme's files; checking the docs folder
        # now stops the build before MkDocs empties site_dir.
        clashes = find_clashes(get_files(config), self._content)
        if clashes:
            raise PluginError("briefings: address taken twice:\n" + "\n".join(clashes))

    def _whole_site(self, archive: Archive, finder: MentionFinder, spool: Path) -> SiteContent:
        """A build's content, each page indexed as it is made, with the bodies the last
        build kept (``render_cache``) and keeping this build's for the next."""
        assert self._settings is not None
        stored = StoredBodies(self._cache_dir) if self.config.render_cache else None
        render = render_bodies if stored is None else stored
        # The bodies first: they are rendered on every core, and a process with a
        # second thread (Pagefind's reader) cannot fork safely.
        context = render_context(archive, self._settings, finder, render=render)
        if stored is not None:
            stored.save()
        return site_content_from(context, spool=spool, each_page=self._indexer_of_pages())

    def _preview_content(
        self, archive: Archive, finder: MentionFinder, memory: PreviewMemory
    ) -> SiteContent:
        """The site, from what the preview's last build kept where it still holds."""
        assert self._settings is not None
        if memory.validation.registries != memory.linked_for:
            memory.linked_bodies.forget()
            memory.linked_for = memory.validation.registries
        memory.linked_bodies.next_build()
        memory.last = None
        context = render_context(
            archive,
            self._settings,
            finder,
            render=memory.bodies,
            linked_bodies=memory.linked_bodies,
            keep_drawings=True,
        )
        memory.units.finder_key = memory.validation.registries
        content = site_content_from(
            context,
            spool=self._spool,
            pages_of=functools.partial(recorded_pages, memory.units),
            files=RecordedFiles(memory.units),
        )
        memory.pending = archive, context
        return content

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        content = self._content
        assert content is not None
        clashes = find_clashes(files, content)
        if clashes:
            raise PluginError("briefings: address taken twice:\n" + "\n".join(clashes))
        self._writing = True  # from here on, a failed build may leave outputs half written
        titles = nav_titles(config.nav or [])
        outputs = self._memory.outputs if self._memory is not None and self._incremental else None
        frame = self._frame_inputs(files, config) if outputs is not None else b""
        if self._memory is not None and frame != self._memory.frame:
            self._memory.frame = frame
            self._memory.skeletons = {}
            self._memory.page_skeletons = {}
        for page in light_pages(content.pages):
            file = generated_file(config, page.source_path, "")  # read by GeneratedPage
            title = titles.get(page.source_path)
            if outputs is not None:
                inputs = page_inputs(page, title, frame, html_of(content, page))
                file.unchanged = not outputs.changed(dest_uri(page.source_path), inputs)
            GeneratedPage(title, file, config, page, functools.partial(html_of, content, page))
            files.append(file)
        spool = content.files if isinstance(content.files, FileSpool) else None
        for path in content.files:
            if spool is not None:
                file = spooled_file(config, spool, path)
            else:
                file = generated_file(config, path, content.files[path])
            if outputs is not None:
                file.unchanged = not outputs.changed(path, digest(content.files[path]))
            files.append(file)
        return files

    def _preview_memory(self) -> PreviewMemory | None:
        """This preview's memory (a new one for another archive); None outside serve."""
        if not self._serving:
            return None
        memory = self._memory
        if memory is None or (memory.root, memory.site_dir) != (self._root, self._site_dir):
            self._memory = PreviewMemory(self._root, self._site_dir)
        return self._memory

    @staticmethod
    def _frame_inputs(files: Files, config: MkDocsConfig) -> bytes:
        """What every page's frame may depend on: mkdocs.yml and every file of the docs
        folder and the theme (their stamps), before the archive's files join them."""
        config_path = config.config_file_path
        config_bytes = Path(config_path).read_bytes() if config_path else b""
        stamps: list[tuple[str, FileStamp | None]] = []
        for file in files:
            source = file.abs_src_path
            stamps.append((file.src_uri, FileStamp.of(Path(source)) if source else None))
        return frame_inputs(config_bytes, stamps)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._in_nav = {id(page) for page in nav.pages}
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        content = self._content
        assert content is not None
        generated = {page.source_path for page in light_pages(content.pages)} | set(content.files)
        linkable = [
            file.url if file.is_documentation_page() else file.dest_uri
            for file in files
            if file.src_uri not in generated
        ]
        linkable += [str(path) for path in (*config.extra_css, *config.extra_javascript)]
        self._frame_folders = frame_folders(linkable)
        self._skeletons = {}
        if self.config.compact_frame:
            # Before any template is compiled: the frame without the blank lines and
            # indentation of the theme's own template tags and text, and its icons
            # drawn by one stylesheet (compact_frame.py): a third of every page.
            env.trim_blocks = env.lstrip_blocks = True
            env.add_extension(CompactFrame)
            self._icons = env.briefings_icon_sheet  # type: ignore[attr-defined]
            env.globals["briefings_icon_sheet"] = ICON_SHEET
        if self._memory is not None and self._serving:
            env.bytecode_cache = self._memory.templates
        env.globals["briefings_render_page"] = self._render_page
        env.globals["briefings_site_feeds"] = site_feeds(config.site_name)
        assert self._settings is not None
        env.globals["briefings_about_url"] = self._settings.about_url
        if self._indexing is not None and not self._serving:  # every generated page is in
            help_pages, _ = self._help_documents(files)
            for document in help_pages:
                self._indexing.add(document)
            self._indexing.write()
        elif self.config.search_index:
            self._start_indexing(files)
        return env

    def _indexer_of_pages(self) -> Callable[[Page], None] | None:
        """A build's search index, started now and given each indexed page as the core
        makes it (on the wall's thread): Pagefind parses them on the second core while
        the build goes on. None for a preview, which indexes its documents folder."""
        self._stop_indexing()
        if not self.config.search_index or self._serving:
            return None
        assert self._settings is not None
        work = Path(tempfile.mkdtemp(prefix="briefings-search-"))
        try:
            indexing = self._indexing = Indexing.start(self._settings.language, work / "bundle")
        except SearchIndexError as error:
            shutil.rmtree(work, ignore_errors=True)
            raise PluginError(f"briefings: site search: {error}") from error

        def index_page(page: Page) -> None:
            if page.search:
                indexing.add(SearchDocument(page.url, page.html))

        return index_page

    @staticmethod
    def _help_documents(files: Files) -> tuple[list[SearchDocument], bool]:
        """The search documents of the hand-written pages MkDocs rendered, and whether
        it rendered all of them (``--dirty`` renders only the changed ones)."""
        help_pages: list[SearchDocument] = []
        rendered_all = True
        for file in files.documentation_pages():
            page = file.page
            if page is None or isinstance(page, GeneratedPage):
                continue
            if page.content is None:
                rendered_all = False
                continue
            title = page.title or ""
            help_pages.append(help_page_document(page.url, title, page.content))
        return help_pages, rendered_all

    def _documents_folder(self) -> SearchDocuments:
        """The preview's folder of search documents, kept from one rebuild to the next
        (a build hands Pagefind its pages instead: :meth:`_indexer_of_pages`)."""
        assert self._settings is not None
        if self._search_documents is None:
            work = Path(tempfile.mkdtemp(prefix="briefings-search-"))
            self._search_documents = SearchDocuments(work / "documents", self._settings.language)
        return self._search_documents

    def _start_indexing(self, files: Files) -> None:
        """A preview's Pagefind on its folder of documents, on its own process while
        MkDocs writes the site. A hand-written page MkDocs did not render again
        (``--dirty``) keeps the document it had in this preview's folder."""
        content = self._content
        assert content is not None
        help_pages, rendered_all = self._help_documents(files)
        generated = (
            SearchDocument(page.url, html_of(content, page))
            for page in light_pages(content.pages)
            if page.search
        )
        folder = self._documents_folder()
        self._stop_indexing()
        folder.write(itertools.chain(generated, help_pages), complete=rendered_all)
        try:
            self._indexing = folder.start(folder.folder.parent / "bundle")
        except SearchIndexError as error:
            raise PluginError(f"briefings: site search: {error}") from error

    def _stop_indexing(self) -> None:
        if self._indexing is not None:
            self._indexing.cancel()
            self._indexing = None

    def _finish_indexing(self, site_dir: Path) -> None:
        """Wait for Pagefind and put its bundle in the site; a preview does not wait
        (:mod:`build_tools.publishing.search_refresh`): its pages are shown at once."""
        indexing, self._indexing = self._indexing, None
        if indexing is None:
            return
        if self._serving:
            if self._search_refresh is None:
                self._search_refresh = SearchRefresh(_search_ready, _search_failed)
            self._search_refresh.start(indexing, site_dir)
            return
        try:
            bundle = indexing.finish(site_dir)
        except SearchIndexError as error:
            raise PluginError(f"briefings: site search: {error}") from error
        finally:
            if not self._serving:
                shutil.rmtree(indexing.work_dir, ignore_errors=True)
        log.debug(
            f"search index: {bundle.files} files, {bundle.bytes:,} bytes in {bundle.seconds:.2f} s"
        )

    def _cancel_search_refresh(self) -> None:
        if self._search_refresh is not None:
            self._search_refresh.cancel()

    def wait_for_search(self, timeout: float | None = None) -> bool:
        """Wait until a preview's search shows the last build; whether it does."""
        return self._search_refresh is None or self._search_refresh.wait(timeout)

    @property
    def skeleton_shapes(self) -> dict[FrameShape, bool]:
        """The last build's page shapes (top folder, depth, searchable, kind), each with
        whether its frame could be cut into a skeleton."""
        return {shape: skeleton is not None for shape, skeleton in self._skeletons.items()}

    def _shape(self, page: MkDocsPage) -> FrameShape | None:
        """What a page's frame depends on, or None when it must be rendered whole."""
        if (
            not self.config.page_skeletons
            or not isinstance(page, GeneratedPage)
            or id(page) in self._in_nav
            or page.is_homepage
            or "<h1" not in (page.content or "")
            or not page.meta.get("description")
        ):
            return None
        shape = frame_shape(page.url, page.generated.search, page.generated.kind)
        return None if shape[0] in self._frame_folders else shape

    @pass_context
    def _render_page(self, context: Context) -> str:
        """Material's main.html for the page, through its shape's skeleton when it has one."""
        page = context["page"]
        main = context.environment.get_template("main.html")
        variables = context.get_all()
        shape = self._shape(page)
        if shape is None:
            rendered = valid_frame(main.render(variables))
            self._keep_page_skeleton(main, variables, page, rendered)
            return rendered
        if shape not in self._skeletons:
            self._skeletons[shape] = render_skeleton(main, variables, page)
        skeleton = self._skeletons[shape]
        if skeleton is None:
            return valid_frame(main.render(variables))
        return skeleton.fill(slot_values(page))

    def _keep_page_skeleton(
        self, main: Template, variables: dict[str, Any], page: MkDocsPage, rendered: str
    ) -> None:
        """A preview keeps the frame of a generated page that shares no shape (a nav
        page, the home page), if filling it gives the page the theme just rendered."""
        memory = self._memory
        if memory is None or not self._incremental or not self.config.page_skeletons:
            return
        if not isinstance(page, GeneratedPage):
            return
        skeleton = render_skeleton(main, variables, page)
        if skeleton is not None and skeleton.fill(slot_values(page)) != rendered:
            skeleton = None
        memory.page_skeletons[page.generated.source_path] = skeleton

    @event_priority(100)  # before any other plugin sees page.content
    def on_page_context(
        self, context: TemplateContext, *, page: MkDocsPage, config: MkDocsConfig, nav: Any
    ) -> TemplateContext:
        if isinstance(page, GeneratedPage):
            page.content = page.page_html()
        return context

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        if isinstance(page, GeneratedPage):
            page.content = ""  # written: a build need not hold every page's HTML
            return output  # its frame is valid already (see _render_page)
        return valid_frame(output)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        return valid_frame(output_content) if template_name.endswith(".html") else output_content

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        memory = self._memory
        if memory is not None and self._incremental:
            for path in memory.outputs.finish():
                remove_output(Path(config.site_dir), path)
            memory.skeletons.update(self._skeletons)
            if memory.pending is not None:
                archive, context = memory.pending
                memory.last = LastBuild(archive, context, memory.frame, self._outside_inputs())
            memory.pending = None
        self._remove_spool()
        if self._icons is not None:
            write_output(Path(config.site_dir), ICON_SHEET, icon_sheet(self._icons).encode())
            self._icons = None
        self._finish_indexing(Path(config.site_dir))

    def on_build_error(self, *, error: Exception) -> None:
        self._remove_spool()
        if self._indexing is not None and not self._serving:
            shutil.rmtree(self._indexing.work_dir, ignore_errors=True)
        self._stop_indexing()
        if self._memory is not None:
            self._memory.last = self._memory.pending = None
            if self._writing:
                self._memory.outputs.forget()
            else:
                self._memory.outputs.abandon()

    def _outside_inputs(self) -> bytes:
        """mkdocs.yml and every file of the docs folder: what a preview rebuilds for
        besides the archive."""
        config_bytes = self._config_file.read_bytes() if self._config_file else b""
        files = [p for p in self._docs_dir.rglob("*") if p.is_file()]
        return frame_inputs(config_bytes, [(str(p), FileStamp.of(p)) for p in files])

    def rebuild_from_memory(self) -> Literal["bodies", "archive"] | None:
        """A preview's rebuild after saves to the archive, without MkDocs: the pages
        that changed (filled into the frames of the last build), the feeds and data
        files that changed, and the sitemap when pages came or went are written; then
        Pagefind indexes the site again, as after any build (in the background).

        ``"bodies"`` when only briefing bodies changed (the index and the maps are kept),
        ``"archive"`` after any other change to the archive (the units of pages and
        files whose reads changed are made again, :mod:`build_tools.publishing.archive_change`).
        None, having written nothing, when MkDocs must rebuild: a change outside the
        archive (mkdocs.yml, the docs folder), an error, or a page with no frame to
        fill.

        The collector looks only at what the rebuild makes (:func:`last_build_set_aside`)."""
        with last_build_set_aside():
            return self._rebuild_from_memory()

    def _rebuild_from_memory(self) -> Literal["bodies", "archive"] | None:
        memory = self._memory
        last = memory.last if memory is not None and self._incremental else None
        if memory is None or last is None or self._outside_inputs() != last.outside:
            return None
        # Whatever this save changed, Pagefind's run is out of date: the rebuild has
        # its CPU now (a rebuild that succeeds, here or by MkDocs, starts a new run).
        self._cancel_search_refresh()
        assert self._settings is not None
        site = ServedSite(
            self._site_dir,
            self._site_url,
            self._settings,
            self._nav_titles,
            self._frame_folders,
            self.config.page_skeletons,
            head_links,
        )
        return rebuild_saved(memory, last, self._root, site, self._index_again, log)

    def _index_again(self, pages: tuple[Page, ...], gone: list[str]) -> None:
        if not self.config.search_index or self._search_documents is None:
            return
        folder = self._search_documents
        folder.write([SearchDocument(p.url, p.html) for p in pages if p.search], complete=False)
        folder.remove(gone)
        try:
            self._indexing = folder.start(folder.folder.parent / "bundle")
        except SearchIndexError as error:
            raise PluginError(f"briefings: site search: {error}") from error
        self._finish_indexing(self._site_dir)  # in the background: Pagefind has no update

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        if not self.config.watch_polling:
            watch_natively(server, [config.docs_dir, config.config_file_path, *config.theme.dirs])
        server.watch(str(self._root))
        server.builder = self._rebuild_or_show_errors(server.builder)
        server.set_app(self._pages_or_errors(server.get_app(), server.mount_path))
        return server

    def _rebuild_or_show_errors(self, rebuild: Callable[[], None]) -> Callable[[], None]:
        """MkDocs' rebuild, reported as done when the archive's own errors stop it (MkDocs
        has printed them): the browsers reload and are shown the errors."""

        def rebuild_or_show_errors() -> None:
            try:
                if self.rebuild_from_memory() is None:
                    rebuild()
            except Abort:
                diagnostics = self._stopped_on
                if diagnostics is None:
                    raise
                self._site_dir.mkdir(parents=True, exist_ok=True)
                (self._site_dir / ERROR_PAGE).write_text(error_page(diagnostics), encoding="utf-8")
                self._showing = diagnostics
                log.error("briefings: the browser shows these errors until they are fixed")
            else:
                self._showing = None

        return rebuild_or_show_errors

    def _pages_or_errors(self, app: Any, mount_path: str) -> Callable[..., Iterable[bytes]]:
        """The server's WSGI app, answering a page address with the diagnostics page
        while the archive has errors (assets still come from the last good site)."""

        def pages_or_errors(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
            path = str(environ.get("PATH_INFO", ""))
            if (
                self._showing is not None
                and path.startswith(mount_path)
                and not path.startswith("/livereload/")
                and is_page_address(path)
            ):
                environ = {**environ, "PATH_INFO": mount_path + ERROR_PAGE}
            result: Iterable[bytes] = app(environ, start_response)
            return result

        return pages_or_errors
