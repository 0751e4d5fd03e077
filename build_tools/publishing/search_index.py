"""The site search's index: Pagefind, run on its own process while the engine builds.

Pagefind reads HTML and writes a bundle of small files into the site: the index
split in chunks a browser fetches only for the words it searches, plus Pagefind's
own script and WebAssembly. A reader who never searches downloads none of it.

It is given one small document per indexed page, not the engine's finished site:
the page's block with its ``data-pagefind-*`` marks (``rendering.search_fields``) and no
frame around it. So the index does not wait for the site to be written: a build
hands Pagefind each page as soon as it is made (:class:`Indexing`), Pagefind parses
it on a second core while the core makes the next ones, writes its bundle while
the engine renders its templates, and the bundle is moved into the site at the
end, its heaviest chunks re-cut (:mod:`build_tools.publishing.search_chunks`). It
reads a third less HTML, and what it finds does not depend on the engine.
A preview keeps the documents in a folder (:class:`SearchDocuments`) between
rebuilds and has Pagefind read the folder. The binary comes from the
``pagefind-bin`` wheel pinned in ``constraints.txt``: nothing is fetched at build
time.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pagefind_bin import get_executable

from build_tools.publishing.search_chunks import SearchChunksError, split_heavy_chunks
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
    "pagefind-worker.js",  # the theme's script searches on the page's thread (noWorker)
)
HELP_PAGE_KIND = "Help page"
# A map or chart: inside a section the index ignores (rendering.site_graphics), and a
# quarter of what Pagefind would read. Our SVG never nests (rendering.svg_map).
_GRAPHIC = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
# A block the index ignores (rendering.search_fields.IGNORED): lists of links, pagers.
_IGNORED_OPEN = re.compile(r"<(section|nav|div)\b[^>]*\bdata-pagefind-ignore\b[^>]*>")
_MARK = re.compile(r"data-pagefind-(?!ignore\b)")
_TAGS = {tag: re.compile(rf"<(/?){tag}\b[^>]*>") for tag in ("section", "nav", "div")}


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
    hidden = search_block(SearchFields(HELP_PAGE_KIND, title), title=title)
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


def wait_until_closed(pid: int, folder: Path, *, timeout: float = 120.0) -> None:
    """Wait until process ``pid`` holds no file under ``folder`` open.

    Pagefind answers a write before its last files are whole: its asynchronous writes
    hand their bytes to a pool of threads and return, and its service exits at once,
    pending writes lost, when its input closes. A file it has written is whole once
    no thread of its holds it open. Where ``/proc`` does not list a process's open files
    (not Linux), the wait is for the folder's size to hold still for a moment.
    """
    deadline = time.monotonic() + timeout
    inside = str(folder.resolve()) + os.sep
    last_size = -1
    while True:
        held = _open_paths(pid)
        if held is not None:
            if not any(path.startswith(inside) for path in held):
                return
        else:
            size = bundle_size(folder)[1]
            if size == last_size:
                return
            last_size = size
        if time.monotonic() > deadline:
            raise SearchIndexError(f"Pagefind did not finish writing {folder} in {timeout:.0f} s")
        time.sleep(0.02 if held is not None else 0.25)


def _open_paths(pid: int) -> list[str] | None:
    """The paths of the files process ``pid`` holds open, or None where unknown."""
    fds = Path(f"/proc/{pid}/fd")
    try:
        links = list(fds.iterdir())
    except OSError:
        return None
    paths = []
    for link in links:
        with contextlib.suppress(OSError):  # closed since it was listed
            paths.append(str(link.readlink()))
    return paths


def without_ignored(html: str) -> str:
    """``html`` without the blocks the index ignores whole, those that hold no filter,
    metadata or sort of the page (Pagefind reads those even inside an ignored block).
    On an entity's page they are most of what Pagefind would parse and keep."""
    kept: list[str] = []
    at = 0
    for opened in _IGNORED_OPEN.finditer(html):
        if opened.start() < at:
            continue  # inside a block already left out
        tag = opened.group(1)
        end = _closing(html, tag, opened.end())
        if end is None or _MARK.search(html, opened.start(), end):
            continue
        kept.append(html[at : opened.start()])
        at = end
    kept.append(html[at:])
    return "".join(kept)


def _closing(html: str, tag: str, start: int) -> int | None:
    """Where the element of ``tag`` opened just before ``start`` ends, counting the
    elements of the same tag nested in it; None when it does not end."""
    depth = 1
    for found in _TAGS[tag].finditer(html, start):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            return found.end()
    return None


def document_html(document: SearchDocument, language: str) -> str:
    """The document Pagefind reads for a page: its block without the graphics and the
    blocks the index ignores (:func:`without_ignored`)."""
    body = without_ignored(_GRAPHIC.sub("", document.html))
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
        f"<title></title></head><body>\n{body}\n</body></html>\n"
    )


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
            data = document_html(document, self.language).encode("utf-8", "xmlcharrefreplace")
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

    def remove(self, paths: Iterable[str]) -> None:
        """Remove the documents of pages no longer published (by their site paths)."""
        for path in paths:
            if self._written.pop(path, None) is not None:
                (self.folder / path).unlink(missing_ok=True)

    def start(self, output: Path) -> Indexing:
        """Pagefind on its own process, reading every document of the folder, writing
        to ``output``."""
        indexing = Indexing.start(self.language, output)
        indexing.add_folder(self.folder)
        indexing.write()
        return indexing


class Indexing:
    """A running Pagefind service: documents go in while the build still makes the
    others, and :meth:`finish` waits for the bundle and puts it in the site.

    Pagefind's service mode reads requests on its standard input and parses each
    document as it arrives, so at 10,000 briefings most of its work is done on the
    second core while the build renders the pages (the command line would start only
    once the last page exists). Requests go out without waiting for their answers;
    a thread reads the answers, so neither side blocks on a full pipe. The protocol
    is Pagefind's own Python API's (``pagefind.service``), whose client polls
    every 0.1 s per answer.
    """

    def __init__(self, process: subprocess.Popen[bytes], output: Path, language: str) -> None:
        self._process = process
        self.output = output
        self.language = language
        self._started = time.perf_counter()
        self._sent = 0
        self._answers: list[dict[str, object]] = []
        self._answered = threading.Condition()
        self._sending = threading.Lock()
        self._index_id = 0
        self._opened = False  # the index exists: answers come to the reader thread
        self._writing = False
        self._pending = b""  # the start of an answer not yet whole
        # Started with the first page: until then this process has no second thread,
        # and the core may still fork (site_content.site_content_from).
        self._reader = threading.Thread(target=self._read_answers, name="pagefind", daemon=True)

    @classmethod
    def start(cls, language: str, output: Path) -> Indexing:
        try:
            executable = get_executable()
        except FileNotFoundError as error:
            raise SearchIndexError(f"the Pagefind binary is missing ({error})") from error
        shutil.rmtree(output, ignore_errors=True)  # Pagefind adds to a bundle, never empties it
        output.parent.mkdir(parents=True, exist_ok=True)
        try:
            with (output.parent / "pagefind.log").open("wb") as log:
                process = subprocess.Popen(
                    [str(executable), "--service"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=log,
                )
        except OSError as error:
            raise SearchIndexError(f"could not run Pagefind: {error}") from error
        indexing = cls(process, output, language)
        indexing._send({"type": "NewIndex", "config": None})
        answer = indexing._first_answer()
        index_id = answer.get("index_id")
        if not isinstance(index_id, int):
            indexing.cancel()
            raise SearchIndexError(f"Pagefind did not open an index: {answer}")
        indexing._index_id, indexing._opened = index_id, True
        return indexing

    @property
    def work_dir(self) -> Path:
        """The folder of the bundle being written (and, in a build, of the documents)."""
        return self.output.parent

    def add(self, document: SearchDocument) -> None:
        """Index one page (from any thread, in any order). Never raises: a failure of
        Pagefind's is reported by :meth:`finish`."""
        contents = document_html(document, self.language)
        url = "/" + document.url
        self._send(
            {
                "type": "AddFile",
                "index_id": self._index_id,
                "file_path": None,
                "url": url,
                "file_contents": contents,
            }
        )

    def add_folder(self, folder: Path) -> None:
        """Index every document under ``folder``, addressed by its path there."""
        self._send({"type": "AddDir", "index_id": self._index_id, "path": str(folder)})

    def write(self) -> None:
        """Every document is in: Pagefind starts writing the bundle."""
        if not self._writing:
            self._writing = True
            self._send(
                {"type": "WriteFiles", "index_id": self._index_id, "output_path": str(self.output)}
            )

    @property
    def running(self) -> bool:
        """Whether Pagefind still works on what it was sent (:meth:`finish` would wait)."""
        with self._answered:
            return self._reader.is_alive() and len(self._answers) < self._sent

    def finish(self, site_dir: Path) -> SearchBundle:
        """Wait for the bundle and move it to ``site_dir``; the service is stopped."""
        self.write()
        try:
            self._wait_for(self._sent)
            errors = [a for a in self._answers if a.get("type") == "Error"]
            if errors:
                raise SearchIndexError(f"Pagefind refused a request: {errors[0].get('message')}")
            wait_until_closed(self._process.pid, self.output)
        finally:
            self._stop()
        for name in UNUSED_FILES:
            (self.output / name).unlink(missing_ok=True)
        try:
            split_heavy_chunks(self.output)
        except (SearchChunksError, OSError, ValueError) as error:
            raise SearchIndexError(f"could not re-cut Pagefind's word index: {error}") from error
        bundle = site_dir / BUNDLE_DIR
        shutil.rmtree(bundle, ignore_errors=True)
        bundle.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(self.output, bundle)  # a rename when both are on one file system
        files, size = bundle_size(bundle)
        return SearchBundle(bundle, files, size, time.perf_counter() - self._started)

    def cancel(self) -> None:
        self._stop()
        shutil.rmtree(self.output, ignore_errors=True)

    def _send(self, payload: dict[str, object]) -> int:
        """Send one request; its number, which its answer carries."""
        with self._sending:
            if self._opened and self._reader.ident is None:
                self._reader.start()
            self._sent += 1
            message = json.dumps({"message_id": self._sent, "payload": payload}, ensure_ascii=False)
            stdin = self._process.stdin
            assert stdin is not None
            # The service gone, the request is lost and its answer never comes: the
            # wait for it says why, so the page being published is not held up.
            with contextlib.suppress(OSError):
                stdin.write(base64.b64encode(message.encode("utf-8", "xmlcharrefreplace")) + b",")
                stdin.flush()
            return self._sent

    def _read(self) -> list[dict[str, object]] | None:
        """The answers of the next chunk Pagefind writes (maybe none); None at its end."""
        stdout = self._process.stdout
        assert stdout is not None
        chunk = os.read(stdout.fileno(), 1 << 16)
        if not chunk:
            return None
        *complete, self._pending = (self._pending + chunk).split(b",")
        answers = [json.loads(base64.b64decode(one)) for one in complete]
        return [answer.get("payload", answer) for answer in answers]

    def _first_answer(self) -> dict[str, object]:
        """The answer to the first request, read on this thread (no reader yet)."""
        while not self._answers:
            answers = self._read()
            if answers is None:
                raise self._gone()
            self._answers.extend(answers)
        return self._answers[0]

    def _read_answers(self) -> None:
        while (answers := self._read()) is not None:
            with self._answered:
                self._answers.extend(answers)
                self._answered.notify_all()
        with self._answered:
            self._answered.notify_all()

    def _wait_for(self, count: int) -> dict[str, object]:
        """Wait until ``count`` answers are in (or the service has gone); the last one."""
        with self._answered:
            while len(self._answers) < count:
                if not self._reader.is_alive():
                    raise self._gone()
                self._answered.wait(timeout=1.0)
            return self._answers[count - 1]

    def _gone(self) -> SearchIndexError:
        """Why the service stopped answering: its exit status and what it said."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(timeout=10)
        log = self.output.parent / "pagefind.log"
        said = log.read_text("utf-8", "replace").strip() if log.is_file() else ""
        return SearchIndexError(f"Pagefind failed (exit {self._process.returncode}): {said}")

    def _stop(self) -> None:
        if self._process.stdin is not None and not self._process.stdin.closed:
            with contextlib.suppress(OSError):
                self._process.stdin.close()
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        if self._reader.ident is not None:
            self._reader.join()
