"""The documents Pagefind reads: one per indexed page, kept in step with the site."""

from __future__ import annotations

from pathlib import Path

import lxml.html
from lxml.html import HtmlElement

from build_tools.publishing.search_index import (
    SearchDocument,
    SearchDocuments,
    help_page_document,
)

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
