"""Pagination: every listing is cut into pages, and the pager links them."""

from __future__ import annotations

import lxml.html

from build_tools.rendering.parts import older_pager, pager, pages_of


def test_pages_of_cuts_in_order_and_an_empty_listing_is_one_page() -> None:
    assert pages_of(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert pages_of([], 3) == [[]]


def test_a_single_page_has_no_pager() -> None:
    assert pager("tags/x/", "tags/x/", 1, 1) == ""


def test_the_pager_shows_a_window_of_pages_and_its_neighbours() -> None:
    here = "actors/a/page/5/"
    nav = lxml.html.fragment_fromstring(pager(here, "actors/a/", 5, 20))
    shown = [" ".join(e.text_content().split()) for e in nav.xpath(".//a | .//span/span")]
    assert shown == ["← Newer", "1", "…", "3", "4", "5", "6", "7", "…", "20", "Older →"]
    hrefs = {a.text_content(): a.get("href") for a in nav.iter("a")}
    assert hrefs["1"] == "../../../../actors/a/"
    assert hrefs["← Newer"] == "../../../../actors/a/page/4/"
    assert hrefs["Older →"] == "../../../../actors/a/page/6/"
    assert nav.xpath("string(.//span[@class='ba-pager__current'])") == "5"


def _shown(nav_html: str) -> tuple[list[str], dict[str, str]]:
    nav = lxml.html.fragment_fromstring(nav_html)
    shown = [" ".join(e.text_content().split()) for e in nav.xpath(".//a | .//span/span")]
    return shown, {a.text_content(): a.get("href") for a in nav.iter("a")}


def test_older_pages_are_shown_as_a_reader_goes_down_the_listing() -> None:
    """Newest first: the listing's own page, then the older pages from the highest
    number down to page 1, the oldest briefings."""
    shown, hrefs = _shown(older_pager("actors/a/page/5/", "actors/a/", 5, newer_pages=3))
    assert shown == ["← Newer", "Newest", "…", "7", "6", "5", "4", "3", "…", "1", "Older →"]
    assert hrefs["Newest"] == "../../../../actors/a/"
    assert hrefs["← Newer"] == "../../../../actors/a/page/6/"
    assert hrefs["Older →"] == "../../../../actors/a/page/4/"
    shown, hrefs = _shown(older_pager("actors/a/", "actors/a/", 0, older_pages=20))
    assert shown == ["Newest", "20", "19", "…", "1", "Older →"]
    assert hrefs["Older →"] == "../../actors/a/page/20/"
    shown, hrefs = _shown(older_pager("actors/a/page/20/", "actors/a/", 20, newer_pages=0))
    assert shown[:4] == ["← Newer", "Newest", "20", "19"]
    assert hrefs["← Newer"] == hrefs["Newest"] == "../../../../actors/a/"
    assert older_pager("tags/x/", "tags/x/", 0, older_pages=0) == ""
