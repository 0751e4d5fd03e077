"""The site search's index: Pagefind, run on its own process while the engine builds.

Pagefind reads HTML and writes a bundle of small files into the site: the index
split in chunks a browser fetches only for the words it searches, plus Pagefind's
own script and WebAssembly. A reader who never searches downloads none of it.

It is given one small document per indexed page, not the engine's finished site:
the page's block with its ``data-pagefind-*`` marks (``rendering.search_fields``) and no
frame around it. So the index does not wait for the site to be written: the
documents are ready as soon as the pages are, Pagefind indexes them on a second
core while the engine renders its templates, and the bundle is moved into the site
at the end. It reads a third less HTML, and what it finds does not depend on the
engine. The binary comes from the ``pagefind-bin`` wheel pinned in
``constraints.txt``: nothing is fetched at build time.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pagefind_bin import get_executable

from build_tools.rendering.markup import Html, element, join, text
from build_tools.rendering.search_fields import INDEXED, SearchFields, search_block

BUNDLE_DIR = "pagefind"  # relative to the site root: /pagefind/pagefind.js, …
# Pagefind's ready-made interfaces: the theme's own search script uses pagefind.js
# alone, and some static hosts cap a deployment's file count and size.
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
HELP_PAGE_KIND = "Help page"
# A map or chart: inside a section the index ignores (rendering.site_graphics), and a
# quarter of what Pagefind would read. Our SVG never nests (rendering.svg_map).
_GRAPHIC = re.compile(r"<svg\b.*?</svg>", re.DOTALL)


class SearchIndexError(Exception):
    """Pagefind failed or could not be run; the message says why, for the build log."""


@dataclass(frozen=True, slots=True)
class SearchDocument:
    """What the index reads of one page: its address and its marked block."""

    url: str  # relative to the site root, "" for the home page, as ``Page.url``
    html: str  # carries ``data-pagefind-body``: what is indexed, and how


@dataclass(frozen=True, slots=True)
class SearchBundle:
    path: Path
    files: int
    bytes: int
    seconds: float  # from Pagefind's start to the bundle in place


def help_page_document(url: str, title: str, content: str) -> SearchDocument:
    """A hand-written page (of ``docs/``): indexed whole, found as a help page. Its
    content is the engine's rendering of the page's Markdown, under its own title
    when the page has no heading of its own (as the page shows it)."""
    heading = "" if "<h1" in content else str(element("h1", text(title)))
    hidden = search_block(SearchFields(HELP_PAGE_KIND), title=title)
    body = element("div", join([Html(heading), Html(content), hidden]), **{INDEXED: ""})
    return SearchDocument(url, str(body))


def bundle_size(folder: Path) -> tuple[int, int]:
    """(files, bytes) under ``folder``."""
    files = total = 0
    for parent, _, names in os.walk(folder):
        for name in names:
            files += 1
            total += (Path(parent) / name).stat().st_size
    return files, total


def _document_path(url: str) -> str:
    return f"{url}index.html" if url == "" or url.endswith("/") else url


class SearchDocuments:
    """The folder Pagefind reads, kept in step with the site's indexed pages.

    A preview keeps one between rebuilds and rewrites only the documents that changed;
    a build uses a fresh one beside the site and removes it when the bundle is in place.
    """

    def __init__(self, folder: Path, language: str) -> None:
        self.folder = folder
        self.language = language
        self._written: dict[str, bytes] = {}  # path → digest of what is on disk

    def write(self, documents: Iterable[SearchDocument], *, complete: bool) -> None:
        """Write the documents that changed; with ``complete``, they are every indexed
        page, and any other document is removed."""
        seen: set[str] = set()
        for document in documents:
            path = _document_path(document.url)
            seen.add(path)
            data = self._html(document).encode("utf-8", "xmlcharrefreplace")
            digest = hashlib.blake2b(data, digest_size=16).digest()
            if self._written.get(path) == digest:
                continue
            target = self.folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            self._written[path] = digest
        if complete:
            for path in set(self._written) - seen:
                (self.folder / path).unlink(missing_ok=True)
                del self._written[path]

    def _html(self, document: SearchDocument) -> str:
        body = _GRAPHIC.sub("", document.html)
        return (
            f'<!DOCTYPE html>\n<html lang="{self.language}"><head><meta charset="utf-8">'
            f"<title></title></head><body>\n{body}\n</body></html>\n"
        )

    def start(self, output: Path) -> Indexing:
        """Pagefind on its own process, reading the documents, writing to ``output``."""
        try:
            executable = get_executable()
        except FileNotFoundError as error:
            raise SearchIndexError(f"the Pagefind binary is missing ({error})") from error
        shutil.rmtree(output, ignore_errors=True)  # Pagefind adds to a bundle, never empties it
        command = [
            str(executable),
            "--site",
            str(self.folder),
            "--output-path",
            str(output),
            "--silent",
        ]
        started = time.perf_counter()
        try:
            process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
        except OSError as error:
            raise SearchIndexError(f"could not run Pagefind: {error}") from error
        return Indexing(process, output, started)


class Indexing:
    """A running Pagefind: :meth:`finish` waits for it and puts the bundle in the site."""

    def __init__(self, process: subprocess.Popen[str], output: Path, started: float) -> None:
        self._process = process
        self.output = output
        self._started = started

    @property
    def work_dir(self) -> Path:
        """The folder of the bundle being written (and, in a build, of the documents)."""
        return self.output.parent

    def finish(self, site_dir: Path) -> SearchBundle:
        said_out, said_err = self._process.communicate()
        if self._process.returncode != 0:
            said = (said_err or said_out).strip()
            raise SearchIndexError(f"Pagefind failed (exit {self._process.returncode}): {said}")
        for name in UNUSED_FILES:
            (self.output / name).unlink(missing_ok=True)
        bundle = site_dir / BUNDLE_DIR
        shutil.rmtree(bundle, ignore_errors=True)
        bundle.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(self.output, bundle)  # a rename when both are on one file system
        files, size = bundle_size(bundle)
        return SearchBundle(bundle, files, size, time.perf_counter() - self._started)

    def cancel(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.communicate()
        shutil.rmtree(self.output, ignore_errors=True)
