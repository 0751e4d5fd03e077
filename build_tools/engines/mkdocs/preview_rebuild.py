"""A preview's rebuild after a save, without MkDocs.

``mkdocs serve --dirty`` would run the whole build again; the plugin instead asks
:func:`rebuild_saved` first. It validates the archive again (each briefing's check
kept by its inputs), has the core make again only what the save changed (the bodies
alone, :func:`~build_tools.publishing.incremental.after_body_change`; or the units of
pages and files whose reads changed, :mod:`build_tools.publishing.archive_change`),
fills each page into its shape's frame from the last build (:mod:`.page_skeletons`),
writes what changed, deletes what is gone and splices the sitemap
(:mod:`.sitemap_splice`): the same bytes a clean build writes. When it cannot (an
error, a page with no frame to fill), it writes nothing and MkDocs builds.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket

from build_tools.engines.mkdocs.compact_frame import ICON_FOLDER
from build_tools.engines.mkdocs.generated_pages import dest_uri, page_inputs
from build_tools.engines.mkdocs.page_skeletons import FrameShape, Skeleton, frame_shape
from build_tools.engines.mkdocs.sitemap_splice import Sitemap, gzipped_like, page_address
from build_tools.format.diagnostics import Severity
from build_tools.format.model import Archive
from build_tools.format.pages import Page, SiteSettings
from build_tools.loading.mentions import MentionFinder
from build_tools.publishing.archive_change import UnitMemory, after_archive_change
from build_tools.publishing.incremental import (
    BodyMemory,
    CarriedOver,
    OutputMemory,
    ValidationMemory,
    after_body_change,
    changed_bodies,
    digest,
)
from build_tools.publishing.site_content import render_context
from build_tools.rendering.context import RenderContext
from build_tools.validation.archive import check_archive


class TemplateMemory(BytecodeCache):
    """Compiled theme templates, kept in memory between a preview's rebuilds: MkDocs
    makes a new Jinja environment for every build, and compiling Material's templates
    again costs more than rendering a changed page. Jinja checks each entry against
    its template's source."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    @staticmethod
    def _key(bucket: Bucket) -> str:
        """The compiled code depends on the whitespace settings too (compact_frame)."""
        environment = bucket.environment
        return f"{environment.trim_blocks}{environment.lstrip_blocks}{bucket.key}"

    def get_bucket(
        self, environment: Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        """An icon is compiled again in every build: compact_frame learns the build's
        icons as it compiles them (a few hundred bytes each, nothing to save)."""
        bucket = super().get_bucket(environment, name, filename, source)
        if name.startswith(ICON_FOLDER):
            bucket.reset()
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(self._key(bucket))
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[self._key(bucket)] = bucket.bytecode_to_string()


@dataclass(frozen=True, slots=True)
class LastBuild:
    """What a preview's last complete build was made from."""

    archive: Archive
    context: RenderContext
    frame: bytes  # page_inputs' frame digest
    outside: bytes  # mkdocs.yml and the docs folder, as a digest


@dataclass(frozen=True, slots=True)
class SavedChange:
    """What a preview's rebuild without MkDocs writes and deletes."""

    context: RenderContext  # the build's, for the next save
    pages: tuple[Page, ...]
    files: Mapping[str, bytes]
    gone_pages: tuple[str, ...] = ()  # source paths
    gone_files: tuple[str, ...] = ()
    order: tuple[list[str], list[str]] | None = None  # the pages' source paths, before and after


class PreviewMemory:
    """What ``mkdocs serve`` keeps between rebuilds of one archive into one folder."""

    def __init__(self, root: Path, site_dir: Path) -> None:
        self.root = root
        self.site_dir = site_dir
        self.validation = ValidationMemory()
        self.bodies = BodyMemory()
        self.linked_bodies: CarriedOver[tuple[str, str, tuple[tuple[str, str], ...]], str] = (
            CarriedOver()
        )
        self.outputs = OutputMemory()
        self.templates = TemplateMemory()
        self.skeletons: dict[FrameShape, Skeleton | None] = {}
        # The frames of pages without a shared shape (nav pages, the home page), each
        # checked against the page the theme rendered, by source path.
        self.page_skeletons: dict[str, Skeleton | None] = {}
        self.units = UnitMemory()  # what each unit of pages and files read
        self.linked_for = b""  # the registries linked_bodies were made with
        self.frame = b""
        self.pending: tuple[Archive, RenderContext] | None = None  # this build's, until it ends
        self.last: LastBuild | None = None


def remove_output(site_dir: Path, path: str) -> None:
    """Delete an output no longer generated, and the folders it leaves empty."""
    target = site_dir / path
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != site_dir and folder.is_relative_to(site_dir):
        try:
            folder.rmdir()
        except OSError:  # not empty
            break
        folder = folder.parent


def write_output(site_dir: Path, path: str, data: bytes) -> None:
    target = site_dir / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


@dataclass(frozen=True, slots=True)
class ServedSite:
    """The site folder as the last MkDocs build left it, and what filling its frames
    takes of that build."""

    folder: Path
    url: str  # site_url; "" when mkdocs.yml sets none
    settings: SiteSettings
    nav_titles: Mapping[str, str]  # source path → the title mkdocs.yml's nav gives it
    frame_folders: frozenset[str]  # top folders whose pages the theme frames its own way
    skeletons: bool  # page_skeletons: without it there is no frame to fill
    # A page's head (feed links, Open Graph, JSON-LD), as the build prints it from
    # its address: the plugin's, since MkDocs makes the relative links.
    head: Callable[[Page, str], str]

    @property
    def base(self) -> str:
        return self.url if self.url.endswith("/") else self.url + "/"


def rebuild_saved(
    memory: PreviewMemory,
    last: LastBuild,
    root: Path,
    site: ServedSite,
    index_again: Callable[[tuple[Page, ...], list[str]], None],
    log: logging.LoggerAdapter[logging.Logger],
) -> Literal["bodies", "archive"] | None:
    """Rebuild after saves to the archive ``root``: ``"bodies"`` when only briefing
    bodies changed (the index and the maps are kept), ``"archive"`` after any other
    change; None, having written nothing, when MkDocs must rebuild (an error, or a
    page with no frame to fill). ``index_again``: given the pages written and the
    outputs deleted, for the site search; ``log``: the plugin's, for the terminal."""
    checked = check_archive(root, memory=memory.validation)
    archive, diagnostics = checked.archive, checked.diagnostics
    if archive is None or any(d.severity is Severity.ERROR for d in diagnostics):
        return None
    changed = changed_bodies(last.archive, archive)
    memory.last = None  # until this rebuild has written all it made
    if changed is not None:
        body_change = after_body_change(last.context, archive, changed, memory.bodies)
        change = SavedChange(body_change.context, body_change.pages, body_change.feeds)
        memory.units.bodies_changed(change.context)
    else:
        change = _archive_change(archive, checked.finder, memory, last.context, site.settings)
    filled = [(page, filled_page(page, memory, site)) for page in change.pages]
    if any(output is None for _, output in filled):
        return None  # the unit memory has moved on: MkDocs records it again
    for diagnostic in diagnostics:
        log.warning(diagnostic.as_text())
    written, gone = _write_change(change, filled, memory, last.frame, site)
    index_again(change.pages, gone)
    memory.last = replace(last, archive=archive, context=change.context)
    if changed is not None:
        log.info(f"briefings: {len(changed)} briefing bod(y/ies) rebuilt, nothing else changed")
        return "bodies"
    log.info(f"briefings: {len(filled)} page(s) and {written} file(s) written again")
    return "archive"


def _archive_change(
    archive: Archive,
    finder: MentionFinder,
    memory: PreviewMemory,
    last: RenderContext,
    settings: SiteSettings,
) -> SavedChange:
    before = memory.units.page_sources()
    memory.linked_bodies.next_build()
    context = render_context(
        archive,
        settings,
        finder,
        render=memory.bodies,
        linked_bodies=memory.linked_bodies,
        last=last,
    )
    if memory.linked_for != memory.validation.registries:
        memory.linked_bodies.forget()
        memory.linked_for = memory.validation.registries
    memory.units.finder_key = memory.validation.registries
    made = after_archive_change(memory.units, context)
    return SavedChange(
        context,
        made.pages,
        made.files,
        made.gone_pages,
        made.gone_files,
        (before, memory.units.page_sources()),
    )


def _write_change(
    change: SavedChange,
    filled: list[tuple[Page, str | None]],
    memory: PreviewMemory,
    frame: bytes,
    site: ServedSite,
) -> tuple[int, list[str]]:
    """Write the change: how many files (feeds, data, outlines) were written, and the
    pages deleted (as paths in the site)."""
    for page, output in filled:
        assert output is not None
        path = dest_uri(page.source_path)
        title = site.nav_titles.get(page.source_path)
        memory.outputs.record(path, page_inputs(page, title, frame))
        write_output(site.folder, path, output.encode("utf-8", "xmlcharrefreplace"))
    written = 0
    for path, data in change.files.items():
        if memory.outputs.record(path, digest(data)):
            write_output(site.folder, path, data)
            written += 1
    gone = [dest_uri(source) for source in change.gone_pages]
    for path in [*gone, *change.gone_files]:
        memory.outputs.drop(path)
        remove_output(site.folder, path)
    if change.order is not None and change.order[0] != change.order[1]:
        splice_sitemap(site, *change.order)
    return written, gone


def splice_sitemap(site: ServedSite, before: list[str], after: list[str]) -> None:
    """MkDocs' sitemap with the generated pages of now, ``after`` (source paths in
    order), instead of those of the last build, ``before`` (:mod:`.sitemap_splice`)."""
    sitemap_path = site.folder / "sitemap.xml"
    gz_path = site.folder / "sitemap.xml.gz"
    if not sitemap_path.is_file() or not gz_path.is_file():
        return
    sitemap = Sitemap.parse(sitemap_path.read_text(encoding="utf-8"))
    if sitemap is None:
        return
    base = site.base

    def address(source: str) -> str:
        return page_address(base, dest_uri(source).removesuffix("index.html"))

    text = sitemap.with_generated(
        [address(source) for source in after],
        frozenset(address(source) for source in [*before, *after]),
    )
    data = text.encode("utf-8")
    write_output(site.folder, "sitemap.xml", data)
    gz = gzipped_like(data, gz_path.read_bytes(), "sitemap.xml.gz")
    write_output(site.folder, "sitemap.xml.gz", gz)


def filled_page(page: Page, memory: PreviewMemory, site: ServedSite) -> str | None:
    """A generated page in its shape's frame from the last build; None without one."""
    content = page.html
    top = page.url.split("/", 1)[0]
    if not site.skeletons:
        return None
    if (
        not page.url
        or page.source_path in site.nav_titles
        or "<h1" not in content
        or not page.description
        or top in site.frame_folders
    ):
        skeleton = memory.page_skeletons.get(page.source_path)
    else:
        skeleton = memory.skeletons.get(frame_shape(page.url, page.search, page.kind))
    if skeleton is None:
        return None
    return skeleton.fill(
        {
            "title": html.escape(page.title, quote=True),
            "description": html.escape(page.description, quote=True),
            "canonical": page_address(site.base, page.url) if site.url else "",
            "head": site.head(page, page.url),
            "content": content,
        }
    )
