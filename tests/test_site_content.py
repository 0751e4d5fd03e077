"""The whole site as data: complete, deterministic, one output per address."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from build_tools.format.pages import Page, SiteContent, SiteSettings
from build_tools.indexing.index import build_index
from build_tools.publishing import site_content
from build_tools.publishing.file_spool import FileSpool, PageSpool
from build_tools.publishing.site_content import (
    DuplicateAddress,
    build_site_content,
    check_unique,
    render_context,
    site_content_from,
    walled,
)
from build_tools.rendering.body import render_bodies, render_body
from build_tools.rendering.context import RenderContext
from build_tools.validation import processes
from build_tools.validation.archive import check_archive
from tests.hostile_archive import HOSTILE_FIXTURE, unvalidated_archive
from tests.site_builds import FIXTURE_URL, SITE_FIXTURE


def content(page_size: int = 3) -> SiteContent:
    checked = check_archive(SITE_FIXTURE)
    assert checked.archive is not None
    settings = SiteSettings(FIXTURE_URL, page_size=page_size)
    return build_site_content(checked.archive, settings, checked.finder)


def test_the_same_archive_gives_the_same_site() -> None:
    assert content() == content()


def test_only_briefings_and_entity_pages_are_searchable() -> None:
    searchable = {p.url for p in content().pages if p.search}
    kinds = {p.kind for p in content().pages if p.search}
    assert kinds == {"briefing", "actor", "location", "tag"}
    assert not any("/page/" in url for url in searchable)


def test_long_listings_never_exceed_the_page_size() -> None:
    for page in content(page_size=3).pages:
        if page.kind in ("actor", "location", "tag", "archive", "corrections"):
            assert page.html.count('class="ba-item"') <= 3, page.url


def test_two_outputs_at_one_address_are_refused() -> None:
    page = Page(url="a/", title="t", description="d", html="<div></div>\n", kind="x")
    with pytest.raises(DuplicateAddress, match=r"a/index\.md"):
        check_unique([page, page], [])
    with pytest.raises(DuplicateAddress, match=r"a/index\.md"):
        check_unique([page], ["a/index.md"])


def test_bodies_rendered_together_match_render_body() -> None:
    """One converter, reset between bodies: footnotes and abbreviations do not carry over."""
    index = build_index(unvalidated_archive())
    assert len(index.briefings) > 1
    together = render_bodies({b.id: b.body for b in index.briefings})
    assert together == {b.id: render_body(b.body) for b in index.briefings}


@pytest.mark.parametrize("archive", ["fixture", "unvalidated"])
def test_the_wall_thread_publishes_the_bytes_the_wall_gives_without_it(archive: str) -> None:
    """A speed device: walling pages on a second thread while the core renders the next
    ones and the feeds. On and off, every page and file is the same; and every page is
    walled either way (the wall changes nothing on a page that has passed it)."""
    checked = check_archive(SITE_FIXTURE if archive == "fixture" else HOSTILE_FIXTURE)
    loaded = checked.archive if archive == "fixture" else unvalidated_archive()
    assert loaded is not None
    settings = SiteSettings(FIXTURE_URL, page_size=3)
    threaded = build_site_content(loaded, settings, checked.finder, wall_thread=True)
    inline = build_site_content(loaded, settings, checked.finder, wall_thread=False)
    assert threaded == inline
    assert [walled(page) for page in threaded.pages] == list(threaded.pages)


def test_a_walled_page_is_still_one_raw_html_block() -> None:
    """The wall's parser reads ``&#10;`` back into a blank line; the block keeps none."""
    page = Page(
        url="a/",
        title="t",
        description="d",
        html='<div class="ba-page">\n<h2>x</h2>\n&#10;<ul><li>y</li></ul>\n&#32;\n</div>\n\n',
        kind="x",
    )
    published = walled(page).html
    lines = published.rstrip("\n").split("\n")
    assert all(line.strip() for line in lines), published
    assert published.endswith("</div>\n\n")
    assert "<script" not in walled(replace(page, html="<div><script>x</script></div>")).html


def test_pages_and_files_kept_on_disk_are_the_ones_kept_in_memory(tmp_path: Path) -> None:
    """The spool keeps a build from holding every page and feed at once (hundreds of
    megabytes each at 10,000 briefings): the same pages and files, in the same order,
    with the same bytes."""
    checked = check_archive(SITE_FIXTURE)
    assert checked.archive is not None
    settings = SiteSettings(FIXTURE_URL, page_size=3)
    in_memory = build_site_content(checked.archive, settings, checked.finder)
    spooled = build_site_content(checked.archive, settings, checked.finder, spool=tmp_path)
    assert isinstance(spooled.files, FileSpool) and isinstance(spooled.pages, PageSpool)
    assert tuple(spooled.pages) == in_memory.pages
    assert [replace(p, html="") for p in in_memory.pages] == list(spooled.pages.light)
    assert list(spooled.files) == list(in_memory.files)
    assert dict(spooled.files.items()) == dict(in_memory.files.items())
    files = tmp_path / "files"
    stored = sorted(p.relative_to(files).as_posix() for p in files.rglob("*") if p.is_file())
    assert stored == sorted(in_memory.files)
    assert "feed.xml" in stored and "feed.json" in stored


def fixture_context(page_size: int = 3) -> RenderContext:
    checked = check_archive(SITE_FIXTURE)
    assert checked.archive is not None
    return render_context(
        checked.archive, SiteSettings(FIXTURE_URL, page_size=page_size), checked.finder
    )


def spooled_files(content: SiteContent) -> list[tuple[str, bytes]]:
    return list(content.files.items())


@pytest.mark.filterwarnings("ignore:.*use of fork\\(\\):DeprecationWarning")
def test_feeds_made_in_a_second_process_are_the_feeds_made_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    monkeypatch.setattr(site_content, "can_fork", lambda: True)  # xdist's workers hold a thread
    monkeypatch.setattr(site_content, "available_cores", lambda: 2)
    context = fixture_context()
    there = site_content_from(context, spool=tmp_path / "there")
    assert len(forks) == 1
    here = site_content_from(context, spool=tmp_path / "here", feeds_process=False)
    assert len(forks) == 1
    assert spooled_files(there) == spooled_files(here)
    assert list(there.pages) == list(here.pages)


@pytest.mark.filterwarnings("ignore:.*use of fork\\(\\):DeprecationWarning")
def test_feeds_whose_process_failed_are_made_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(site_content, "can_fork", lambda: True)
    monkeypatch.setattr(site_content, "available_cores", lambda: 2)
    monkeypatch.setattr(processes.Background, "result", lambda self: self.cancel())
    context = fixture_context()
    failed = site_content_from(context, spool=tmp_path / "failed")
    here = site_content_from(context, spool=tmp_path / "here", feeds_process=False)
    assert spooled_files(failed) == spooled_files(here)


def test_the_page_spool_keeps_every_page_in_one_file(tmp_path: Path) -> None:
    pages = [Page("a/", "A", "", "<p>é</p>", "index"), Page("b/", "B", "", "<p>b</p>", "index")]
    spool = PageSpool(tmp_path / "pages")
    for page in pages:
        spool.append(page)
    assert [p.name for p in (tmp_path / "pages").iterdir()] == ["pages.html"]
    assert list(spool) == pages
    assert spool.html_of(replace(pages[0], html="")) == "<p>é</p>"
    with pytest.raises(ValueError, match="two pages at"):
        spool.append(pages[1])


def test_the_spool_refuses_a_path_outside_it_or_twice(tmp_path: Path) -> None:
    spool = FileSpool(tmp_path / "spool")
    spool.add("a/feed.xml", b"<rss/>")
    assert spool["a/feed.xml"] == b"<rss/>" and "a/feed.xml" in spool and len(spool) == 1
    for path in ("../escape.xml", "/etc/escape.xml", "a/../../escape.xml"):
        with pytest.raises(ValueError, match="not a path inside the site"):
            spool.add(path, b"x")
    with pytest.raises(ValueError, match="two files"):
        spool.add("a/feed.xml", b"other")
    with pytest.raises(KeyError):
        spool["missing.xml"]
    assert not (tmp_path / "escape.xml").exists()


def test_a_preview_keeps_the_index_and_graphics_only_while_what_they_read_stays() -> None:
    checked = check_archive(SITE_FIXTURE)
    archive = checked.archive
    assert archive is not None
    settings = SiteSettings(FIXTURE_URL)
    last = render_context(archive, settings, checked.finder)
    actor = archive.actors["islamic-state"]
    described = replace(
        archive, actors={**archive.actors, actor.id: replace(actor, description="Edited.")}
    )
    kept = site_content.kept_index(last.index, described)
    assert kept is not None and kept.archive is described
    assert kept == replace(build_index(described), archive=described)
    assert site_content.kept_graphics(last, described, settings) is last.graphics
    renamed = replace(archive, actors={**archive.actors, actor.id: replace(actor, name="IS")})
    assert site_content.kept_graphics(last, renamed, settings) is None  # timelines name it
    item = archive.briefings[0]
    retitled = replace(archive, briefings=(replace(item, title="T"), *archive.briefings[1:]))
    assert site_content.kept_index(last.index, retitled) is None
    place = archive.locations["palmyra"]
    moved = replace(
        archive, locations={**archive.locations, "palmyra": replace(place, within=None)}
    )
    assert site_content.kept_index(last.index, moved) is None
