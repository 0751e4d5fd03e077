"""A preview's search, refreshed in the background: the latest save wins, whole bundles only."""

from __future__ import annotations

import threading
from pathlib import Path

from build_tools.publishing.search_index import (
    SearchBundle,
    SearchDocument,
    SearchDocuments,
    SearchIndexError,
)
from build_tools.publishing.search_refresh import SearchRefresh
from tests.site_builds import search_fragments


def block(word: str) -> str:
    return f'<div data-pagefind-body=""><h1>{word}</h1><p>Report of {word}.</p></div>'


class Outcomes:
    def __init__(self) -> None:
        self.ready: list[SearchBundle] = []
        self.errors: list[SearchIndexError] = []
        self.lock = threading.Lock()

    def on_ready(self, bundle: SearchBundle, seconds: float) -> None:
        assert seconds >= 0
        with self.lock:
            self.ready.append(bundle)

    def on_error(self, error: SearchIndexError) -> None:
        with self.lock:
            self.errors.append(error)


def refresh_with(outcomes: Outcomes) -> SearchRefresh:
    return SearchRefresh(outcomes.on_ready, outcomes.on_error)


def indexed_once(tmp_path: Path) -> tuple[Path, SearchDocuments, Outcomes, SearchRefresh]:
    """A site whose search found "Tadmur" at /a/, and the refresh that indexed it."""
    site = tmp_path / "site"
    site.mkdir()
    documents = SearchDocuments(tmp_path / "documents", "en")
    outcomes = Outcomes()
    refresh = refresh_with(outcomes)
    documents.write([SearchDocument("a/", block("Tadmur"))], complete=True)
    refresh.start(documents.start(tmp_path / "bundle"), site)
    assert refresh.wait(timeout=60)
    return site, documents, outcomes, refresh


def test_a_newer_save_cancels_the_run_before_and_its_bundle_takes_the_place(
    tmp_path: Path,
) -> None:
    site, documents, outcomes, refresh = indexed_once(tmp_path)
    assert not refresh.pending
    assert [str(f["url"]) for f in search_fragments(site).values()] == ["/a/"]
    assert len(outcomes.ready) == 1

    for word in ("Palmyra", "Raqqa", "Deir"):  # saves faster than Pagefind
        refresh.cancel()  # as the preview does: before the documents and bundle change
        documents.write([SearchDocument("a/", block(word))], complete=True)
        refresh.start(documents.start(tmp_path / "bundle"), site)
    assert refresh.wait(timeout=60)
    found = search_fragments(site)
    assert [str(f["content"]) for f in found.values()] == ["Deir. Report of Deir."]
    assert sorted(p.name for p in site.iterdir()) == ["pagefind"]  # nothing staged is left
    assert outcomes.errors == []
    assert 2 <= len(outcomes.ready) <= 4  # cancelled runs report nothing


def test_a_failed_run_is_reported_and_the_site_keeps_the_bundle_it_had(tmp_path: Path) -> None:
    site, documents, outcomes, refresh = indexed_once(tmp_path)

    documents.write([SearchDocument("b/", block("Palmyra"))], complete=True)
    (tmp_path / "bundle").write_text("a file where Pagefind writes its bundle", "utf-8")
    refresh.start(documents.start(tmp_path / "bundle"), site)
    assert refresh.wait(timeout=60)
    assert len(outcomes.errors) == 1
    assert "Pagefind failed" in str(outcomes.errors[0])
    assert [str(f["content"]) for f in search_fragments(site).values()] == [
        "Tadmur. Report of Tadmur."
    ]
    assert sorted(p.name for p in site.iterdir()) == ["pagefind"]
    assert not refresh.pending


def test_cancel_leaves_the_bundle_before_in_place(tmp_path: Path) -> None:
    site, documents, outcomes, refresh = indexed_once(tmp_path)
    documents.write([SearchDocument("b/", block("Palmyra"))], complete=True)
    refresh.start(documents.start(tmp_path / "bundle"), site)
    refresh.cancel()
    assert refresh.wait(timeout=0)
    urls = sorted(str(f["url"]) for f in search_fragments(site).values())
    # Either the run was stopped, or it had swapped its whole bundle in already.
    assert urls in (["/a/"], ["/b/"])
    assert len(outcomes.ready) == (1 if urls == ["/a/"] else 2)
    assert not (tmp_path / "bundle").exists()  # stopped and removed, or moved in
