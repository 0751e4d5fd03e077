"""What a generated page carries into MkDocs: its address on disk, its head and meta."""

from __future__ import annotations

import datetime as dt
import html

import lxml.html
import pytest

from build_tools.engines.mkdocs.generated_pages import (
    PAGE_TEMPLATE,
    dest_uri,
    head_links,
    page_inputs,
    page_meta,
)
from build_tools.format.pages import FeedLink, Page

HOSTILE = 'Tadmur "<script>alert(1)</script>" & co'


def _page(**changes: object) -> Page:
    values: dict[str, object] = {
        "url": "actors/islamic-state/",
        "title": "Islamic State",
        "description": "Briefings on the Islamic State.",
        "html": "<h1>Islamic State</h1>",
        "kind": "actor",
    }
    values.update(changes)
    return Page(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("source", "written"),
    [
        ("index.md", "index.html"),
        ("actors/index.md", "actors/index.html"),
        ("about.md", "about/index.html"),
        ("feed.xml", "feed.xml"),
    ],
)
def test_a_source_is_written_where_mkdocs_writes_it_with_directory_urls(
    source: str, written: str
) -> None:
    assert dest_uri(source) == written


def test_the_meta_material_prints_raw_is_escaped() -> None:
    meta = page_meta(_page(title=HOSTILE, description=HOSTILE), "actors/islamic-state/")
    for key in ("title", "description"):
        assert "<" not in meta[key] and html.unescape(meta[key]) == HOSTILE
    assert meta["template"] == PAGE_TEMPLATE


def test_the_head_links_each_feed_relative_to_the_page_with_its_title_escaped() -> None:
    feeds = (FeedLink("actors/islamic-state/feed.xml", HOSTILE, "application/rss+xml"),)
    head = head_links(_page(feeds=feeds), "actors/islamic-state/")
    (link,) = lxml.html.fromstring(f"<div>{head}</div>").findall(".//link")
    assert link.get("rel") == "alternate feed"
    assert link.get("title") == HOSTILE
    assert link.get("href") == "feed.xml"
    assert "<script>" not in head


def test_an_article_says_when_it_was_published_and_changed() -> None:
    published = dt.datetime(2015, 5, 21, 12, tzinfo=dt.UTC)
    head = head_links(_page(published=published, modified=published + dt.timedelta(days=2)), "x/")
    assert '<meta property="og:type" content="article">' in head
    assert 'content="2015-05-21T12:00:00+00:00"' in head
    assert 'article:modified_time" content="2015-05-23T12:00:00+00:00"' in head
    assert '<meta property="og:type" content="website">' in head_links(_page(), "x/")


def test_the_digest_of_a_page_changes_with_what_it_shows_and_its_frame() -> None:
    page = _page()
    same = page_inputs(page, None, b"frame")
    assert page_inputs(_page(), None, b"frame") == same
    assert page_inputs(page, "Actors", b"frame") != same  # the nav's title
    assert page_inputs(page, None, b"another frame") != same
    assert page_inputs(_page(title="Daesh"), None, b"frame") != same
    assert page_inputs(page, None, b"frame", page_html="<h1>other</h1>") != same
