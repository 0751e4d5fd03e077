"""What the site search costs a reader, in headless Chromium, beside Material's search.

Both sites are the same synthetic archive built with the project's configuration;
the baseline adds Material's ``search`` plugin back (its header search and lunr
index replace the archive's own). Each is served by Python's ``http.server`` on
127.0.0.1, which gzips text (HTML, scripts, styles, JSON) for a browser that asks,
as every static host does; Pagefind's chunks are gzip files already and go as they
are. A fresh browser context (empty cache) opens one briefing page, waits for the
network to fall silent, then types a query and waits for the first result. Bytes
are bytes on the wire (each response's length as sent); the uncompressed sizes are
reported beside them.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator, Sized
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from benchmarks.site_builds import site_config
from build_tools.loading.loader import find_briefing_files

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
QUERY_TIMEOUT_MS = 300_000  # Material's first query at 10,000 briefings takes many seconds


@dataclass(frozen=True, slots=True)
class SearchUi:
    """How to search on one kind of site, in a window of ``width`` by ``height``: the
    box, a result, and what opens the box first where the header hides it.

    The query is typed key by key (Material ignores a value set at once), at full
    speed: the time to first results is the search's, not the typist's.
    """

    box: str
    result: str
    opener: str | None = None
    width: int = 1280
    height: int = 800


PAGEFIND_UI = SearchUi(".ba-search__input", ".ba-search__list .ba-result")
# A phone, where a button opens the header's box (issue 9's reader types on one).
PAGEFIND_PHONE_UI = SearchUi(
    ".ba-search__input", ".ba-search__list .ba-result", ".ba-search__open", 390, 844
)
MATERIAL_UI = SearchUi("input[data-md-component=search-query]", ".md-search-result__item")


@dataclass(frozen=True, slots=True)
class ReaderCost:
    """Bytes on the wire, unless named ``…_unpacked`` (the bodies after decompression)."""

    page_load_bytes: int  # everything a page load downloads, search or not
    page_load_search_bytes: int  # of which for search (script, index, worker)
    first_query_bytes: int  # for search, from the click into the box to the first result
    first_query_unpacked: int  # the same, decompressed
    first_query_all_bytes: int  # everything fetched meanwhile (Material fetches a sitemap)
    first_query_seconds: float


def baseline_config(archive_root: Path) -> dict[str, Any]:
    """The site's configuration with Material's search plugin, as before Pagefind."""
    config = site_config(archive_root)
    return {**config, "plugins": ["search", *config["plugins"]]}


def prepare_baseline(archive_root: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mkdocs.yml"
    config = baseline_config(archive_root)
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def query_for(archive_root: Path) -> str:
    """The name of the first actor of the sample briefing: found by both searches."""
    front = _front_matter(_sample_file(archive_root))
    return str(_registry(archive_root, "actors")[front["actors"][0]]["name"])


def _front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text("utf-8").removeprefix("---\n").partition("\n---\n")[0]
    found: dict[str, Any] = yaml.load(text, Loader=yaml.CSafeLoader)
    return found


def _registry(archive_root: Path, name: str) -> dict[str, Any]:
    found: dict[str, Any] = yaml.load(
        (archive_root / f"{name}.yml").read_text("utf-8"), Loader=yaml.CSafeLoader
    )
    return found


def more_queries(archive_root: Path, *, sample_every: int = 10) -> list[str]:
    """Other names a reader may search, so that the first query's cost is not one
    name's luck (where its words fall among Pagefind's chunks): the most and the least
    listed actor and location, and the aliases of the most listed actor, counted over
    every ``sample_every``-th briefing."""
    actors, places = _registry(archive_root, "actors"), _registry(archive_root, "locations")
    listed: dict[str, Counter[str]] = {"actors": Counter(), "locations": Counter()}
    for path in find_briefing_files(archive_root)[::sample_every]:
        front = _front_matter(path)
        for field, counted in listed.items():
            counted.update(front.get(field) or [])
    names: list[str] = []
    for field, registry in (("actors", actors), ("locations", places)):
        ranked = [key for key, _ in listed[field].most_common()]
        names += [registry[ranked[0]]["name"], registry[ranked[-1]]["name"]]
    most_listed_actor = actors[listed["actors"].most_common(1)[0][0]]
    return names + [str(alias) for alias in most_listed_actor.get("aliases") or []][:2]


def _sample_file(archive_root: Path) -> Path:
    files = find_briefing_files(archive_root)
    return files[len(files) // 2]


def sample_page(archive_root: Path) -> str:
    """The address of the briefing in the middle of the archive."""
    path = _sample_file(archive_root)
    return f"briefings/{path.parent.name}/{path.stem}/"


COMPRESSED_TYPES = frozenset({".html", ".js", ".css", ".json", ".xml", ".svg", ".txt"})


@functools.lru_cache(maxsize=256)
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not wants or path.suffix not in COMPRESSED_TYPES or not path.is_file():
            super().do_GET()
            return
        body = _gzipped(path, path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def served(site: Path) -> Iterator[str]:
    """``site`` on 127.0.0.1; a large index is compressed before any request, as a
    host serves it from a compressed copy, so no request waits for gzip."""
    index = site / "search" / "search_index.json"
    if index.is_file():
        _gzipped(index, index.stat().st_mtime_ns)
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _served_size(site: Path, url: str) -> int:
    """The size of the file the bench's server sends for ``url``: what the browser holds
    once it is decompressed. (Reading each body back through Playwright's driver would
    carry Material's index, hundreds of megabytes at 10,000 long briefings, through a
    process that cannot hold it.)"""
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
    target = site / path.lstrip("/")
    if path.endswith("/"):
        target = target / "index.html"
    return target.stat().st_size if target.is_file() else 0


# Search's files: Pagefind's, our two scripts, and Material's index and worker.
_SEARCH_PARTS = (
    "/pagefind/",
    "briefings-search.js",
    "briefings-search-page.js",
    "/search/search_index",
    "workers/search",
)


def _is_search(url: str) -> bool:
    return any(part in url for part in _SEARCH_PARTS)


def _until_quiet(tab: Page, received: Sized) -> None:
    """Wait until no response has come for half a second (at most ten seconds)."""
    deadline = time.perf_counter() + 10
    count = -1
    while len(received) != count and time.perf_counter() < deadline:
        count = len(received)
        tab.wait_for_timeout(500)


def reader_cost(site: Path, page: str, query: str, ui: SearchUi) -> ReaderCost:
    from playwright.sync_api import Response, sync_playwright  # noqa: PLC0415

    received: list[tuple[str, int, int]] = []  # url, bytes on the wire, decompressed

    def count(response: Response) -> None:
        sent = int(response.headers.get("content-length", "0"))
        received.append((response.url, sent, _served_size(site, response.url)))

    with served(site) as root, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": ui.width, "height": ui.height})
        context.on("response", count)  # the page's and its workers' (Material's index)
        tab = context.new_page()
        # Material's page load brings its whole index: minutes at 10,000 long briefings.
        tab.goto(root + page, wait_until="networkidle", timeout=QUERY_TIMEOUT_MS)
        tab.wait_for_timeout(1000)
        loaded = list(received)
        received.clear()
        start = time.perf_counter()  # from the click into the box: both load on focus
        tab.click(ui.box if ui.opener is None else ui.opener)
        tab.locator(ui.box).press_sequentially(query)  # key by key, as a reader types
        tab.wait_for_selector(ui.result, timeout=QUERY_TIMEOUT_MS)
        seconds = time.perf_counter() - start
        _until_quiet(tab, received)  # results in view may still be coming
        queried = list(received)
        browser.close()
    return ReaderCost(
        page_load_bytes=sum(sent for _, sent, _ in loaded),
        page_load_search_bytes=sum(sent for url, sent, _ in loaded if _is_search(url)),
        first_query_bytes=sum(sent for url, sent, _ in queried if _is_search(url)),
        first_query_unpacked=sum(size for url, _, size in queried if _is_search(url)),
        first_query_all_bytes=sum(sent for _, sent, _ in queried),
        first_query_seconds=seconds,
    )


@dataclass(frozen=True, slots=True)
class SearchPageCost:
    """The search page opened at a shared address, in a fresh context: bytes are the
    bodies of search's files (Pagefind's and the search scripts) as sent."""

    first_results_seconds: float  # from navigation to the first frame showing a result
    bytes_to_first_results: int
    bytes_when_quiet: int  # all of them: the filters' values too, where the filters are open


# Records, on the page's own clock, when the first result is put in the page and the
# frame that shows it: the harness may see it only once the page's thread is free.
_FIRST_RESULT_SEEN = """
new MutationObserver((_, observer) => {
  if (!document.querySelector(".ba-search-page__results a.ba-result__title")) return;
  observer.disconnect();
  const put = performance.now();
  requestAnimationFrame(() => { window.__firstResult = [put, performance.now()]; });
}).observe(document, { subtree: true, childList: true });
"""
# Every file the page fetched: its address, when it was asked for (ms on the page's
# clock) and its body's size as sent.
_FETCHED = """() => performance.getEntriesByType("resource")
  .map((r) => [r.name, r.startTime, r.encodedBodySize])"""


def search_page_cost(site: Path, query: str, ui: SearchUi) -> SearchPageCost:
    """``/search/?q=query``, as the header box's "all results" opens it."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with served(site) as root, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": ui.width, "height": ui.height})
        tab = context.new_page()
        tab.add_init_script(_FIRST_RESULT_SEEN)
        tab.goto(root + "search/?" + urllib.parse.urlencode({"q": query}))
        tab.wait_for_function("window.__firstResult", timeout=QUERY_TIMEOUT_MS)
        put, shown = tab.evaluate("window.__firstResult")
        received: list[str] = []
        tab.on("response", lambda response: received.append(response.url))
        _until_quiet(tab, received)
        fetched = [(url, asked, size) for url, asked, size in tab.evaluate(_FETCHED)]
        browser.close()
    search = [(asked, size) for url, asked, size in fetched if _is_search(url)]
    before = sum(size for asked, size in search if asked <= put)
    return SearchPageCost(float(shown) / 1000, before, sum(size for _, size in search))


def baseline_index_bytes(site: Path) -> tuple[int, int]:
    """Material's lunr index: its size, and its size as the bench's server sends it."""
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return 0, 0
    return index.stat().st_size, len(_gzipped(index, index.stat().st_mtime_ns))
