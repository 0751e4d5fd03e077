"""A preview that adds or removes pages without MkDocs writes MkDocs' sitemap, byte for byte."""

from __future__ import annotations

import gzip
from urllib.parse import urljoin

from hypothesis import given
from hypothesis import strategies as st

from build_tools.engines.mkdocs.sitemap_splice import Sitemap, gzipped_like, page_address

BASE = "https://example.org/"


def sitemap(*addresses: str) -> str:
    entries = "".join(
        f" <url>\n<loc>{BASE}{a}</loc>\n<lastmod>2026-11-26</lastmod> </url>" for a in addresses
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{entries}</urlset>"
    )


def test_generated_pages_are_put_back_in_their_new_order_after_the_docs_pages() -> None:
    old = Sitemap.parse(sitemap("about/", "b/2015/one/", "b/2015/two/", "actors/"))
    assert old is not None
    was = frozenset(BASE + a for a in ("b/2015/one/", "b/2015/two/", "actors/", "b/2015/new/"))
    now = [BASE + a for a in ("b/2015/new/", "b/2015/two/", "actors/")]
    assert old.with_generated(now, was) == sitemap(
        "about/", "b/2015/new/", "b/2015/two/", "actors/"
    )


def test_an_address_is_escaped_as_the_template_escapes_it() -> None:
    old = Sitemap.parse(sitemap("about/", "a/"))
    assert old is not None
    spliced = old.with_generated([BASE + "tags/a&b/"], frozenset({BASE + "a/"}))
    assert "<loc>https://example.org/tags/a&amp;b/</loc>" in spliced
    assert "<loc>https://example.org/a/</loc>" not in spliced


def test_a_file_that_is_not_a_sitemap_is_left_alone() -> None:
    assert Sitemap.parse("<urlset></urlset>") is None


def test_the_gzipped_copy_keeps_the_last_ones_timestamp() -> None:
    last = gzip.compress(b"old", mtime=1_764_115_200)
    made = gzipped_like(b"new", last, "sitemap.xml.gz")
    assert made[4:8] == last[4:8]
    assert gzip.decompress(made) == b"new"


@given(
    st.sampled_from([BASE, "https://example.org/archive/", "http://localhost:8000/"]),
    st.lists(
        st.one_of(
            st.sampled_from(["actors", "2015", "..", ".", "", "a b", "x:y", "é", "?q", "#f"]),
            st.text(max_size=6),
        ),
        max_size=4,
    ).map("/".join),
    st.booleans(),
)
def test_a_page_address_is_the_one_urljoin_gives(base: str, path: str, folder: bool) -> None:
    path = path + "/" if folder else path
    assert page_address(base, path) == urljoin(base, path)
