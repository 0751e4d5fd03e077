"""Pagefind's heaviest chunks re-cut: a query beside a common word fetches a small file,
and every query finds what it found before, in the same order."""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cbor2
import pytest
from playwright.sync_api import Browser, Page, Request

from build_tools.publishing import search_chunks
from build_tools.publishing.search_chunks import (
    boundary_prefixes,
    heavy_split,
    read_file,
    split_heavy_chunks,
)
from build_tools.publishing.search_index import Indexing, SearchDocument
from tests.browser import Served

HEAVY = "sunt"  # ahead of it in the alphabet: "stuntrae" (stemmed "stuntra") and "palmyra"


def _page(words: str) -> str:
    return f'<div data-pagefind-body=""><h1>A briefing</h1><p>{words}</p></div>'


def _scattered(seed: int) -> str:
    """6,000 "sunt" among other words at uneven gaps (positions that do not compress
    to nothing, as in prose), the others sorting after it."""
    shuffle = random.Random(seed)  # noqa: S311 (test data, not a secret)
    gaps = [shuffle.choices(FILLER, k=shuffle.randrange(3)) for _ in range(6000)]
    return " ".join(word for gap in gaps for word in [HEAVY, *gap])


FILLER = ["vel", "velit", "vitae", "zeta"]
# Four pages hold "sunt" 24,000 times: more than one of Pagefind's chunks (20,000
# positions), so it closes the chunk of the words before it.
PAGES = [
    SearchDocument("a/", _page("Stuntrae met at Palmyra. " + _scattered(1))),
    SearchDocument("b/", _page("Tadmur " + _scattered(2))),
    SearchDocument("c/", _page("Palmyra " + _scattered(3))),
    SearchDocument("d/", _page("Sabkha " + _scattered(4))),
]
QUERIES = ["stuntrae", HEAVY, "s", "su", "sun", "palmyra", "tadmur", "stuntrae sunt", "sabkha"]
QUERIES += ["sa", "st", "v"]


def _meta(bundle: Path) -> list[Any]:
    """The metadata the entry file points at (Pagefind's ``MetaIndex``: version, pages,
    index chunks as [from, to, file], filters, sorts)."""
    hashed = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    found = cbor2.loads(read_file(bundle / f"pagefind.{hashed['languages']['en']['hash']}.pf_meta"))
    assert isinstance(found, list)
    return found


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same pages indexed twice: as Pagefind cut them, and re-cut."""
    root = tmp_path_factory.mktemp("chunks")
    indexing = Indexing.start("en", root / "work" / "bundle")
    for page in PAGES:
        indexing.add(page)
    pagefind_cut = root / "pagefind-cut"
    indexing.finish(pagefind_cut)  # too small to be re-cut at the default size
    re_cut = root / "re-cut"
    shutil.copytree(pagefind_cut, re_cut)
    assert split_heavy_chunks(re_cut / "pagefind", heavy_bytes=0) == 1
    for site in (pagefind_cut, re_cut):
        (site / "index.html").write_text("<!DOCTYPE html><title>search</title>", "utf-8")
    return pagefind_cut, re_cut


def test_the_words_before_a_heavy_word_get_a_chunk_of_their_own(sites: tuple[Path, Path]) -> None:
    before, after = (_meta(site / "pagefind") for site in sites)
    assert before[2] != after[2]
    old_chunks = {name for _, _, name in before[2]}
    light = [c for c in after[2] if c[2] not in old_chunks]
    assert len(light) == 1
    words = cbor2.loads(read_file(sites[1] / "pagefind" / "index" / f"{light[0][2]}.pf_index"))
    light_words = [word[0] for word in words[0]]
    assert {"palmyra", "stuntra"} <= set(light_words)
    assert max(light_words) < HEAVY
    start, end, heavy_file = next(c for c in before[2] if c[1] >= "s")
    at = after[2].index(light[0])
    # The light chunk's range ends after every word beginning "st"; the heavy word's
    # file keeps the rest, from "su", and "s" (shared with "stuntra") and "sunt" itself.
    assert after[2][at : at + 4] == [
        [start, "st\U0010ffff", light[0][2]],
        ["su", end, heavy_file],
        ["s", "s", heavy_file],
        [HEAVY, HEAVY, heavy_file],
    ]
    assert len(after[2]) == len(before[2]) + 3


def test_a_bundle_re_cut_by_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_chunks, "HEAVY_CHUNK_BYTES", 0)
    indexing = Indexing.start("en", tmp_path / "work" / "bundle")
    for page in PAGES:
        indexing.add(page)
    indexing.finish(tmp_path / "site")
    meta = _meta(tmp_path / "site" / "pagefind")
    assert [HEAVY, HEAVY] in [chunk[:2] for chunk in meta[2]]
    assert len(list((tmp_path / "site" / "pagefind").glob("*.pf_meta"))) == 1


SEARCH = """async (query) => {
  const pagefind = await import('/pagefind/pagefind.js');
  await pagefind.destroy();  // a fresh instance: what an earlier query loaded is gone
  await pagefind.options({});
  await pagefind.init();
  const found = await pagefind.search(query);
  const pages = await Promise.all(found.results.map((result) => result.data()));
  return found.results.map((result, at) => [pages[at].url, result.score]);
}"""


@pytest.fixture(scope="module")
def served(sites: tuple[Path, Path]) -> Iterator[tuple[Served, Served]]:
    pagefind_cut, re_cut = Served(sites[0]), Served(sites[1])
    yield pagefind_cut, re_cut
    pagefind_cut.close()
    re_cut.close()


@pytest.fixture(scope="module")
def tabs(browser: Browser, served: tuple[Served, Served]) -> Iterator[tuple[Page, Page]]:
    """A page of each site, where each query starts a fresh Pagefind."""
    opened = browser.new_page(), browser.new_page()
    for tab, site in zip(opened, served, strict=True):
        tab.goto(site.url())
    yield opened
    for tab in opened:
        tab.close()


def _search(tab: Page, query: str) -> tuple[list[list[object]], list[str]]:
    """What a fresh Pagefind finds for ``query`` (url, score), and the index chunks it
    fetched."""
    fetched: list[str] = []

    def note(request: Request) -> None:
        fetched.append(request.url)

    tab.on("request", note)
    try:
        found: list[list[object]] = tab.evaluate(SEARCH, query)
    finally:
        tab.remove_listener("request", note)
    return found, [url.rsplit("/", 1)[1] for url in fetched if "/index/" in url]


def test_every_query_finds_what_it_found_before(tabs: tuple[Page, Page]) -> None:
    for query in QUERIES:
        assert _search(tabs[1], query)[0] == _search(tabs[0], query)[0], query
    found, _ = _search(tabs[1], "stuntrae")
    assert [url for url, _ in found] == ["/a/"]
    found, _ = _search(tabs[1], "su")  # on the way to "sunt"
    assert len(found) == 4


@pytest.mark.parametrize("query", ["stu", "stuntrae", "sa"])
def test_a_term_beside_a_heavy_word_fetches_the_light_chunk_alone(
    sites: tuple[Path, Path], tabs: tuple[Page, Page], query: str
) -> None:
    pagefind_cut, re_cut = (_search(tab, query)[1] for tab in tabs)
    assert len(re_cut) == 1 and re_cut[0] not in pagefind_cut  # not Pagefind's, not cached
    sizes = [
        sum((site / "pagefind" / "index" / name).stat().st_size for name in fetched)
        for site, fetched in zip(sites, (pagefind_cut, re_cut), strict=True)
    ]
    assert sizes[1] * 4 < sizes[0]


def test_a_chunk_is_cut_only_before_a_last_word_that_weighs_most_of_it() -> None:
    def chunk(*words: tuple[str, int]) -> bytes:
        return cbor2.dumps([[[word, [[0, list(range(count)), []]], []] for word, count in words]])

    cut = heavy_split(chunk(("palmyra", 3), ("stuntra", 2), ("sunt", 300)))
    assert cut is not None
    assert (cut.last_light, cut.heavy) == ("stuntra", "sunt")
    assert [word[0] for word in cbor2.loads(cut.light_body)[0]] == ["palmyra", "stuntra"]
    assert heavy_split(chunk(("palmyra", 300), ("sunt", 250))) is None
    assert heavy_split(chunk(("sunt", 300))) is None


def test_boundaries_follow_pagefinds_rule() -> None:
    # Pagefind's own cases for get_prefixes (its index/mod.rs)
    assert boundary_prefixes("apple", "apricot") == ("app", "apr")
    assert boundary_prefixes("cataraman", "yacht") == ("c", "y")
    assert boundary_prefixes("cath", "cathartic") == ("cath", "catha")
    assert boundary_prefixes("catha", "cath") == ("catha", "cath")
