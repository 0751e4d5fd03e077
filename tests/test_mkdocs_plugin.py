"""The MkDocs adapter's promises: clean failures, no shadowed pages, escaped titles."""

from __future__ import annotations

import base64
import datetime as dt
import html
import logging
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

from build_tools.engines.mkdocs import plugin as plugin_module
from build_tools.engines.mkdocs.generated_pages import PAGE_TEMPLATE
from build_tools.engines.mkdocs.page_skeletons import FrameShape
from build_tools.engines.mkdocs.plugin import THEME_DIR, BriefingsPlugin, head_links, page_meta
from build_tools.format.pages import FeedLink, SiteSettings
from build_tools.publishing import search_index
from build_tools.publishing.site_content import build_site_content
from build_tools.validation.archive import check_archive
from tests.hostile_archive import HOSTILE_FIXTURE
from tests.site_builds import FIXTURE_URL, SITE_FIXTURE, build, page, write_config
from tests.test_generated_pages import generated_page

pytestmark = pytest.mark.slow


def copy_archive(tmp_path: Path) -> Path:
    archive = tmp_path / "archive"
    shutil.copytree(SITE_FIXTURE, archive)
    return archive


def test_a_validation_error_stops_the_build_and_leaves_the_old_site(tmp_path: Path) -> None:
    archive = copy_archive(tmp_path)
    broken = archive / "2015" / "2015-01-15-january-raids.md"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("[islamic-state]", "[islamic-stat]"),
        encoding="utf-8",
    )
    config = write_config(tmp_path, archive)
    old_site = tmp_path / "site"
    old_site.mkdir()
    (old_site / "index.html").write_text("the previous site", encoding="utf-8")

    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "--site-dir", str(old_site)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"},
    )

    assert result.returncode == 1
    assert (
        "archive/2015/2015-01-15-january-raids.md:5:10: error: unknown actor 'islamic-stat' "
        "(did you mean 'islamic-state'?) [unknown-actor]"
    ) in result.stderr
    assert "1 error(s) in the archive; nothing was built" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert [p.name for p in old_site.iterdir()] == ["index.html"]
    assert (old_site / "index.html").read_text(encoding="utf-8") == "the previous site"


def build_error(tmp_path: Path, caplog: pytest.LogCaptureFixture, **options: object) -> str:
    """Build the fixture with ``options`` for write_config; return the logged error."""
    config = write_config(tmp_path, SITE_FIXTURE, **options)  # type: ignore[arg-type]
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        build(config, tmp_path / "site")
    return "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)


@pytest.mark.parametrize(
    ("hand_written", "address"),
    [
        ("actors/index.md", "the generated page /actors/"),
        ("actors.md", "the generated page /actors/"),
        ("index.md", "the generated page /"),
        ("feed.xml", "the generated file /feed.xml"),
        ("locations/palmyra/feed.xml", "the generated file /locations/palmyra/feed.xml"),
    ],
)
def test_a_hand_written_file_cannot_shadow_a_generated_one(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, hand_written: str, address: str
) -> None:
    message = build_error(tmp_path, caplog, docs={hand_written: "# Mine\n"})
    assert f"docs/{hand_written}: this file would replace {address}" in message
    assert not (tmp_path / "site").exists()


def test_a_search_index_that_fails_mid_build_fails_the_build_with_its_reason(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stand-in Pagefind that opens its index, then dies as an out-of-memory kill
    # would, while the build is handing it pages.
    opened = base64.b64encode(b'{"message_id":1,"payload":{"type":"NewIndex","index_id":1}}')
    dying = tmp_path / "pagefind"
    dying.write_text(
        f"#!/bin/sh\nhead -c 1 >/dev/null\nprintf '%s,' '{opened.decode()}'\n"
        "echo 'memory allocation failed' >&2\nexit 3\n",
        encoding="utf-8",
    )
    dying.chmod(0o755)
    monkeypatch.setattr(search_index, "get_executable", lambda: dying)
    message = build_error(tmp_path, caplog)
    assert "briefings: site search: Pagefind failed (exit 3): memory allocation failed" in message
    assert not (tmp_path / "site" / "pagefind").exists()


def test_site_url_is_required(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    message = build_error(tmp_path, caplog, site_url=None)
    assert "set site_url in mkdocs.yml (or the SITE_URL environment variable)" in message


def test_feed_full_text_cannot_be_negative(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    message = build_error(tmp_path, caplog, options={"feed_full_text": -1})
    assert "feed_full_text must be 0 or more" in message


def test_the_theme_overrides_come_first(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    config = load_config(config_file=str(write_config(tmp_path, SITE_FIXTURE)))
    config.plugins.on_config(config)
    assert config.theme.dirs[0] == str(THEME_DIR)


def served(config_file: Path, site: Path) -> tuple[LiveReloadServer, set[str]]:
    """A live-reload server set up as ``mkdocs serve`` sets it up (never bound or
    started), after the plugins' ``on_serve``; and the paths its observer watches."""
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file))
    config = config.plugins.on_config(config)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(site))
    server.watch(config.docs_dir)
    server.watch(config.docs_dir)  # twice, as when it is a theme folder too (--watch-theme)
    server.watch(str(config_file))
    server = config.plugins.on_serve(server, config=config, builder=server.builder)
    server.server_close()
    return server, {emitter.watch.raw_path for emitter in server.observer.emitters}


class NativeStandIn(PollingObserver):
    """Stands in for the native observer: watchdog's inotify reader is a thread that
    lives as long as the process, and a test process must stay free to fork."""


def test_live_reload_hears_of_saves_from_the_system(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plugin_module, "SaveObserver", NativeStandIn)
    config_file = write_config(tmp_path, SITE_FIXTURE)
    server, watched = served(config_file, tmp_path / "site")
    assert type(server.observer) is NativeStandIn
    assert watched == {str(SITE_FIXTURE), str(tmp_path / "docs"), str(config_file)}


def test_live_reload_can_keep_mkdocs_polling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plugin_module, "SaveObserver", NativeStandIn)
    config_file = write_config(tmp_path, SITE_FIXTURE, options={"watch_polling": True})
    server, watched = served(config_file, tmp_path / "site")
    assert type(server.observer) is PollingObserver
    assert watched == {str(SITE_FIXTURE), str(tmp_path / "docs"), str(config_file)}


# Run in a process of its own (see NativeStandIn): prints what the observer heard.
HEARING = """
import pathlib, queue, sys
from watchdog.events import FileSystemEventHandler
from build_tools.engines.mkdocs.plugin import SaveObserver

briefing = pathlib.Path(sys.argv[1])
events = queue.Queue()

class Heard(FileSystemEventHandler):
    def on_any_event(self, event):
        events.put(event)

observer = SaveObserver()
observer.schedule(Heard(), str(briefing.parent.parent), recursive=True)
observer.start()
briefing.read_text(encoding="utf-8")
try:
    print("after a read:", type(events.get(timeout=1)).__name__)
except queue.Empty:
    print("after a read: nothing")
briefing.write_text("two", encoding="utf-8")
print("after a save:", events.get(timeout=30).src_path)
observer.stop()
observer.join()
"""


def test_live_reload_rebuilds_for_a_save_not_for_a_read(tmp_path: Path) -> None:
    """A rebuild reads the archive: were reads events, every rebuild would start another."""
    briefing = tmp_path / "2015" / "a.md"
    briefing.parent.mkdir()
    briefing.write_text("one", encoding="utf-8")
    heard = subprocess.run(
        [sys.executable, "-c", HEARING, str(briefing)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert heard.stdout.splitlines() == ["after a read: nothing", f"after a save: {briefing}"]


def test_titles_with_markup_characters_stay_text(tmp_path: Path) -> None:
    """Templates print generated titles raw: the plugin hands them over escaped, once."""
    archive = copy_archive(tmp_path)
    briefing = archive / "2015" / "2015-06-02-june-patrols.md"
    briefing.write_text(
        briefing.read_text(encoding="utf-8").replace(
            "title: June patrols", 'title: "June &amp; <b>patrols</b> </title>"'
        ),
        encoding="utf-8",
    )
    config = write_config(tmp_path, archive)
    build(config, tmp_path / "site")
    tree = page(tmp_path / "site", "briefings/2015/2015-06-02-june-patrols/")
    expected = "June &amp; <b>patrols</b> </title>"
    assert tree.xpath("string(//title)") == f"{expected} - Fixture Archive"
    assert tree.xpath("string(//h1)") == expected
    topic = tree.xpath("string(//*[@data-md-component='header-topic'])")
    assert " ".join(topic.split()) == expected
    assert tree.xpath("//b") == []


def test_a_heading_title_is_escaped_again_after_striptags(tmp_path: Path) -> None:
    """Material's <title> pipes a page's own title through striptags, which unescapes."""
    config = write_config(
        tmp_path, SITE_FIXTURE, docs={"notes.md": "# Closing &lt;/title&gt;&lt;b&gt;x\n"}
    )
    build(config, tmp_path / "site")
    tree = page(tmp_path / "site", "notes/")
    assert tree.xpath("string(//title)") == "Closing </title><b>x - Fixture Archive"
    assert tree.xpath("//head//b | //head/following-sibling::b") == []


@pytest.mark.parametrize("fixture", [SITE_FIXTURE, HOSTILE_FIXTURE])
def test_the_page_wall_keeps_what_the_search_index_reads(fixture: Path) -> None:
    """Pagefind reads attributes the renderers write; the second wall (which the core's
    pages have passed) must let them through."""
    checked = check_archive(fixture)
    assert checked.archive is not None
    settings = SiteSettings(FIXTURE_URL, page_size=3)
    pages = build_site_content(checked.archive, settings, checked.finder).pages
    for generated in pages:
        whole = lxml.html.fromstring(generated.html)
        assert bool(whole.xpath("//@data-pagefind-body")) == generated.search, generated.url
        if generated.search:
            kinds = list(whole.iterfind(".//*[@data-pagefind-filter='kind']"))
            assert len(kinds) == 1, generated.url
            assert whole.xpath("//*[@data-pagefind-filter]/ancestor::*[@hidden]"), generated.url


def _files(site: Path) -> dict[str, bytes]:
    """Every file but the search bundle, whose chunk names Pagefind picks per run."""
    return {
        str(p.relative_to(site)): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.relative_to(site).parts[0] != "pagefind"
    }


def build_both_ways(
    tmp_path: Path, fixture: Path, **settings: Any
) -> tuple[dict[str, bytes], dict[str, bytes], dict[FrameShape, bool]]:
    """The site's files with page skeletons and without, and the shapes skeletons served."""
    sites: dict[bool, dict[str, bytes]] = {}
    shapes: dict[FrameShape, bool] = {}
    for skeletons in (True, False):
        folder = tmp_path / str(skeletons)
        config_file = write_config(
            folder, fixture, options={"page_skeletons": skeletons}, **settings
        )
        plugin = build(config_file, folder / "site").plugins["briefings"]
        assert isinstance(plugin, BriefingsPlugin)
        if skeletons:
            shapes = plugin.skeleton_shapes
        else:
            assert plugin.skeleton_shapes == {}
        sites[skeletons] = _files(folder / "site")
    return sites[True], sites[False], shapes


@pytest.mark.parametrize("fixture", [SITE_FIXTURE, HOSTILE_FIXTURE], ids=["fixture", "hostile"])
def test_pages_filled_into_skeletons_are_the_pages_material_renders(
    tmp_path: Path, fixture: Path
) -> None:
    """Every file of the site, byte for byte, with and without page skeletons."""
    filled, whole, shapes = build_both_ways(tmp_path, fixture)
    assert {top for top, *_ in shapes} >= {"briefings", "actors", "locations"}
    assert all(shapes.values()), shapes
    assert filled.keys() == whole.keys()
    assert [path for path in filled if filled[path] != whole[path]] == []


def test_a_hand_written_page_deep_in_a_folder_keeps_that_folder_out_of_skeletons(
    tmp_path: Path,
) -> None:
    """A frame may link to docs/actors/guide.md; from /actors/x/ that link is "../guide/",
    from /tags/x/ it is "../../actors/guide/": one frame cannot serve both."""
    filled, whole, shapes = build_both_ways(
        tmp_path,
        SITE_FIXTURE,
        docs={"actors/guide.md": "# A guide to actors\n"},
        nav=[{"Home": "index.md"}, {"Actors": "actors/index.md"}, {"Guide": "actors/guide.md"}],
    )
    assert "actors" not in {top for top, *_ in shapes}
    assert "tags" in {top for top, *_ in shapes}
    assert filled == whole
    guide = page(tmp_path / "True" / "site", "actors/sohr/")
    assert guide.xpath("//nav//a[normalize-space()='Guide']/@href") == ["../guide/"]


HOSTILE = 'Tadmur "<script>alert(1)</script>" & co'


def test_the_meta_material_prints_raw_is_escaped() -> None:
    meta = page_meta(generated_page(title=HOSTILE, description=HOSTILE), "actors/islamic-state/")
    for key in ("title", "description"):
        assert "<" not in meta[key] and html.unescape(meta[key]) == HOSTILE
    assert meta["template"] == PAGE_TEMPLATE


def test_the_head_links_each_feed_relative_to_the_page_with_its_title_escaped() -> None:
    feeds = (FeedLink("actors/islamic-state/feed.xml", HOSTILE, "application/rss+xml"),)
    head = head_links(generated_page(feeds=feeds), "actors/islamic-state/")
    (link,) = lxml.html.fromstring(f"<div>{head}</div>").findall(".//link")
    assert link.get("rel") == "alternate feed"
    assert link.get("title") == HOSTILE
    assert link.get("href") == "feed.xml"
    assert "<script>" not in head


def test_an_article_says_when_it_was_published_and_changed() -> None:
    published = dt.datetime(2015, 5, 21, 12, tzinfo=dt.UTC)
    head = head_links(
        generated_page(published=published, modified=published + dt.timedelta(days=2)), "x/"
    )
    assert '<meta property="og:type" content="article">' in head
    assert 'content="2015-05-21T12:00:00+00:00"' in head
    assert 'article:modified_time" content="2015-05-23T12:00:00+00:00"' in head
    assert '<meta property="og:type" content="website">' in head_links(generated_page(), "x/")
