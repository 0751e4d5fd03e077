"""Pagination: every listing is cut into pages, and the pager links them."""

from __future__ import annotations

import lxml.html

from build_tools.rendering.parts import pager, pages_of


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
