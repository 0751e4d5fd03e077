"""A preview's rebuild without MkDocs: the frames it fills, the outputs it writes and
deletes, the sitemap it splices. (A whole rebuild against a clean build, byte for
byte, is ``test_incremental.py``; against a running server, ``test_preview.py``.)"""

from __future__ import annotations

import gzip
import html
from pathlib import Path

from build_tools.engines.mkdocs.page_skeletons import cut
from build_tools.engines.mkdocs.plugin import head_links
from build_tools.engines.mkdocs.preview_rebuild import (
    PreviewMemory,
    ServedSite,
    filled_page,
    remove_output,
    splice_sitemap,
    write_output,
)
from build_tools.engines.mkdocs.sitemap_splice import gzipped_like
from build_tools.format.pages import Page, SiteSettings

SITE_URL = "https://example.org/archive/"
MARKERS = {
    "title": "@@title@@",
    "description": "@@description@@",
    "canonical": "@@canonical@@",
    "head": "@@head@@",
    "content": "<h1 @@content@@>",
}
FRAME = (
    '<title>@@title@@</title><meta content="@@description@@">'
    '<link href="@@canonical@@">@@head@@<main><h1 @@content@@></main>'
)


def _site(folder: Path, *, skeletons: bool = True, nav: dict[str, str] | None = None) -> ServedSite:
    return ServedSite(
        folder,
        SITE_URL,
        SiteSettings(SITE_URL),
        nav or {},
        frozenset({"search"}),
        skeletons,
        head_links,
    )


def _memory(folder: Path) -> PreviewMemory:
    memory = PreviewMemory(folder / "briefings", folder / "site")
    skeleton = cut(FRAME, MARKERS)
    assert skeleton is not None
    memory.skeletons[("actors", 2, True, "actor")] = skeleton
    return memory


def _actor(title: str = "Islamic State") -> Page:
    return Page(
        url="actors/islamic-state/",
        title=title,
        description=f"Briefings on {title}.",
        html=f"<h1>{html.escape(title)}</h1><p>…</p>",
        kind="actor",
    )


def test_a_page_is_filled_into_the_frame_of_its_shape_with_its_values_escaped(
    tmp_path: Path,
) -> None:
    page = _actor('Daesh "<b>"')
    filled = filled_page(page, _memory(tmp_path), _site(tmp_path))
    assert filled is not None
    assert filled.startswith("<title>Daesh &quot;&lt;b&gt;&quot;</title>")
    assert f'<link href="{SITE_URL}actors/islamic-state/">' in filled
    assert filled.endswith(f"<main>{page.html}</main>")


def test_a_page_without_a_frame_to_fill_goes_to_mkdocs(tmp_path: Path) -> None:
    memory = _memory(tmp_path)
    assert filled_page(_actor(), memory, _site(tmp_path, skeletons=False)) is None
    # A page the nav names takes the frame the theme rendered for it alone.
    nav = {"actors/islamic-state/index.md": "The Islamic State"}
    assert filled_page(_actor(), memory, _site(tmp_path, nav=nav)) is None
    other_shape = Page("tags/x/", "x", "Briefings tagged x.", "<h1>x</h1>", "tag")
    assert filled_page(other_shape, memory, _site(tmp_path)) is None


def test_an_output_no_longer_made_goes_with_the_folders_it_leaves_empty(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_output(site, "actors/a/page/2/index.html", b"2")
    write_output(site, "actors/a/index.html", b"a")
    remove_output(site, "actors/a/page/2/index.html")
    assert not (site / "actors/a/page").exists()
    assert (site / "actors/a/index.html").read_bytes() == b"a"
    remove_output(site, "actors/a/index.html")
    assert not (site / "actors").exists() and site.is_dir()


def _sitemap(*paths: str) -> str:
    entries = "".join(
        f"\n    <url>\n         <loc>{SITE_URL}{path}</loc>\n"
        "         <lastmod>2026-11-26</lastmod>\n    </url>"
        for path in paths
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}\n</urlset>'
    )


def test_the_sitemap_takes_the_pages_of_now_after_the_docs_folders(tmp_path: Path) -> None:
    site = tmp_path / "site"
    before = _sitemap("about/", "actors/a/", "actors/b/")
    write_output(site, "sitemap.xml", before.encode())
    last_gz = gzipped_like(before.encode(), gzip.compress(b"", mtime=1_700_000_000), "s")
    write_output(site, "sitemap.xml.gz", last_gz)
    splice_sitemap(
        _site(site),
        ["actors/a/index.md", "actors/b/index.md"],
        ["actors/a/index.md", "actors/c/index.md", "actors/b/index.md"],
    )
    expected = _sitemap("about/", "actors/a/", "actors/c/", "actors/b/")
    assert (site / "sitemap.xml").read_text() == expected
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode() == expected


def test_no_sitemap_is_made_where_mkdocs_wrote_none(tmp_path: Path) -> None:
    splice_sitemap(_site(tmp_path), [], ["actors/a/index.md"])
    assert list(tmp_path.iterdir()) == []
