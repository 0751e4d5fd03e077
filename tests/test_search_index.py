"""The documents Pagefind reads, one per indexed page, and the Pagefind that indexes them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from lxml.html import HtmlElement

from build_tools.publishing.search_index import (
    Indexing,
    SearchDocument,
    SearchDocuments,
    SearchIndexError,
    help_page_document,
    wait_until_closed,
    without_ignored,
)
from tests.site_builds import search_fragments

BLOCK = (
    '<div class="ba-page" data-pagefind-body=""><h1>Palmyra</h1><p>Tadmur</p>'
    '<section class="ba-graphic" data-pagefind-ignore=""><svg class="ba-map">'
    '<title>Palmyra: 3 briefings</title><circle r="2"></circle></svg></section>'
    '<div hidden data-pagefind-ignore=""><span data-pagefind-filter="kind">Location</span>'
    "</div></div>"
)


def texts(tree: HtmlElement, path: str) -> list[str]:
    return [found.text_content() for found in tree.iterfind(path)]


def test_a_document_is_the_block_without_its_graphics(tmp_path: Path) -> None:
    documents = SearchDocuments(tmp_path, "en")
    documents.write([SearchDocument("locations/palmyra/", BLOCK)], complete=True)
    tree = lxml.html.fromstring((tmp_path / "locations/palmyra/index.html").read_bytes())
    assert tree.get("lang") == "en"
    body = tree.find(".//*[@data-pagefind-body]")
    assert body is not None
    assert texts(body, ".//h1") == ["Palmyra"]
    assert body.find(".//svg") is None  # ignored by the index anyway, and a quarter of it
    assert texts(body, ".//*[@data-pagefind-filter='kind']") == ["Location"]


def test_a_document_leaves_out_the_blocks_the_index_ignores_but_keeps_their_marks() -> None:
    page = (
        '<div data-pagefind-body=""><h1>Palmyra</h1>'
        '<section data-pagefind-ignore=""><h2>Briefings</h2><section><p>Listed</p></section>'
        '<nav data-pagefind-ignore=""><a href="x">Older</a></nav></section><p>Tadmur</p>'
        '<nav data-pagefind-ignore=""><a href="y">Related</a></nav>'
        '<section data-pagefind-ignore=""><span data-pagefind-meta="date">1 May</span></section>'
        '<div hidden="" data-pagefind-ignore=""><span data-pagefind-filter="kind">Location</span>'
        "</div></div>"
    )
    kept = lxml.html.fromstring(without_ignored(page))
    assert texts(kept, ".//h1") + texts(kept, ".//p") == ["Palmyra", "Tadmur"]
    assert kept.find(".//nav") is None and kept.find(".//h2") is None
    assert texts(kept, ".//*[@data-pagefind-meta='date']") == ["1 May"]
    assert texts(kept, ".//*[@data-pagefind-filter='kind']") == ["Location"]
    unclosed = '<div data-pagefind-body=""><section data-pagefind-ignore=""><p>x</p></div>'
    assert without_ignored(unclosed) == unclosed


def test_the_blocks_left_out_change_nothing_pagefind_finds(tmp_path: Path) -> None:
    """What an ignored block holds is not in the index: the bundle Pagefind writes from
    a document without them is the bundle it writes from the whole block."""
    page = BLOCK.replace(
        "<p>Tadmur</p>",
        '<p>Tadmur</p><section data-pagefind-ignore=""><h2>Related</h2><ul><li>'
        '<a href="../x/">Raqqa offensive</a></li></ul></section>',
    )
    whole = tmp_path / "whole" / "a" / "index.html"
    whole.parent.mkdir(parents=True)
    whole.write_text(f'<!DOCTYPE html>\n<html lang="en"><body>{page}</body></html>\n')
    from_whole = Indexing.start("en", tmp_path / "one" / "bundle")
    from_whole.add_folder(whole.parent.parent)
    from_whole.write()
    from_whole.finish(tmp_path / "whole-site")
    stripped = Indexing.start("en", tmp_path / "two" / "bundle")
    stripped.add(SearchDocument("a/", page))
    stripped.finish(tmp_path / "stripped-site")
    found = search_fragments(tmp_path / "whole-site")
    assert found == search_fragments(tmp_path / "stripped-site")
    assert "Tadmur" in str(found["a/"]["content"])
    assert "Raqqa" not in str(found["a/"]["content"])


def test_a_complete_write_removes_the_documents_of_pages_that_are_gone(tmp_path: Path) -> None:
    documents = SearchDocuments(tmp_path, "en")
    documents.write([SearchDocument("a/", BLOCK), SearchDocument("", BLOCK)], complete=True)
    assert (tmp_path / "a/index.html").is_file() and (tmp_path / "index.html").is_file()
    documents.write([SearchDocument("b/", BLOCK)], complete=False)
    assert (tmp_path / "a/index.html").is_file()  # a partial write touches only its own
    documents.write([SearchDocument("b/", BLOCK)], complete=True)
    assert not (tmp_path / "a/index.html").exists()
    assert not (tmp_path / "index.html").exists()
    assert (tmp_path / "b/index.html").is_file()


def test_a_help_page_is_titled_as_the_page_shows_it() -> None:
    untitled = lxml.html.fromstring(help_page_document("about/", "About <us>", "<p>x</p>").html)
    assert texts(untitled, ".//h1") == ["About <us>"]
    assert texts(untitled, ".//*[@data-pagefind-meta='title']") == ["About <us>"]
    assert texts(untitled, ".//*[@data-pagefind-filter='kind']") == ["Help page"]
    titled = help_page_document("about/", "About", "<h1>Our standards</h1><p>x</p>")
    assert texts(lxml.html.fromstring(titled.html), ".//h1") == ["Our standards"]


def test_pages_given_one_by_one_are_indexed_at_their_addresses(tmp_path: Path) -> None:
    indexing = Indexing.start("en", tmp_path / "work" / "bundle")
    indexing.add(SearchDocument("locations/palmyra/", BLOCK))
    indexing.add(SearchDocument("", BLOCK.replace("Palmyra", "Home")))
    bundle = indexing.finish(tmp_path / "site")
    assert bundle.path == tmp_path / "site" / "pagefind"
    found = search_fragments(tmp_path / "site")
    assert set(found) == {"locations/palmyra/", ""}
    assert found["locations/palmyra/"]["filters"] == {"kind": ["Location"]}
    assert "Tadmur" in str(found["locations/palmyra/"]["content"])
    assert "3 briefings" not in str(found["locations/palmyra/"]["content"])  # the graphic
    assert not (tmp_path / "work" / "bundle").exists()  # moved, not copied


def test_a_folder_of_documents_is_indexed_like_pages_given_one_by_one(tmp_path: Path) -> None:
    pages = [SearchDocument("a/", BLOCK), SearchDocument("b/c/", BLOCK.replace("Tadmur", "ISF"))]
    documents = SearchDocuments(tmp_path / "documents", "en")
    documents.write(pages, complete=True)
    documents.start(tmp_path / "one" / "bundle").finish(tmp_path / "from-folder")
    streaming = Indexing.start("en", tmp_path / "two" / "bundle")
    for page in pages:
        streaming.add(page)
    streaming.finish(tmp_path / "streamed")
    assert search_fragments(tmp_path / "from-folder") == search_fragments(tmp_path / "streamed")


def test_a_service_that_dies_is_an_error_not_a_hang(tmp_path: Path) -> None:
    indexing = Indexing.start("en", tmp_path / "work" / "bundle")
    indexing.add(SearchDocument("a/", BLOCK))
    indexing._process.kill()  # as the machine's memory killer would
    for _ in range(1000):  # the pipe breaks, at once or once its buffer is full
        indexing.add(SearchDocument("a/", BLOCK))  # the page is published all the same
    with pytest.raises(SearchIndexError, match="Pagefind failed"):
        indexing.finish(tmp_path / "site")
    assert not (tmp_path / "site" / "pagefind").exists()


def test_files_still_being_written_are_waited_for(tmp_path: Path) -> None:
    # As Pagefind's pool of threads does after it has answered: the file is open, the
    # bytes not yet in, and the process lives on.
    written = tmp_path / "bundle" / "pagefind-entry.json"
    written.parent.mkdir()
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "f = open(sys.argv[1], 'w'); print('open', flush=True); time.sleep(0.5)\n"
            'f.write(\'{"version": "1"}\'); f.close(); time.sleep(30)',
            str(written),
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline() == b"open\n"
        wait_until_closed(writer.pid, written.parent)
        assert written.read_text("utf-8") == '{"version": "1"}'
    finally:
        writer.kill()
        writer.wait()
