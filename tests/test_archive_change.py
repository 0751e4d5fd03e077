"""After a save, a preview makes again exactly the units whose reads changed.

The byte-for-byte comparison with clean builds, over a sequence of edits through the
real MkDocs preview, is ``tests/test_incremental.py``; this says which units a few
edits make again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from build_tools.format.model import Archive
from build_tools.format.pages import SiteSettings
from build_tools.loading.mentions import MentionFinder
from build_tools.publishing.archive_change import (
    ArchiveChange,
    Readers,
    RecordedFiles,
    UnitMemory,
    UnitRecord,
    after_archive_change,
    recorded_pages,
)
from build_tools.publishing.page_reads import ReadDiff
from build_tools.publishing.site_content import build_site_content, render_context
from build_tools.rendering.parts import PAGER_WINDOW
from build_tools.validation.archive import check_archive
from tests.site_builds import FIXTURE_URL, SITE_FIXTURE

SETTINGS = SiteSettings(FIXTURE_URL)


def recorded(
    archive: Archive, finder: MentionFinder, settings: SiteSettings = SETTINGS
) -> UnitMemory:
    memory = UnitMemory()
    context = render_context(archive, settings, finder)
    pages = list(recorded_pages(memory, context))
    files = RecordedFiles(memory).here(context, None)
    clean = build_site_content(archive, settings, finder)
    assert [p.source_path for p in pages] == [p.source_path for p in clean.pages]
    assert dict(files) == dict(clean.files)
    return memory


def fixture() -> tuple[Archive, MentionFinder]:
    checked = check_archive(SITE_FIXTURE)
    assert checked.archive is not None
    return checked.archive, checked.finder


def changed(
    memory: UnitMemory, archive: Archive, finder: MentionFinder, settings: SiteSettings = SETTINGS
) -> ArchiveChange:
    return after_archive_change(memory, render_context(archive, settings, finder))


def _older_pages(urls: Iterable[str]) -> dict[str, int]:
    """Each listing with older pages, and the number of its newest."""
    newest: dict[str, int] = {}
    for url in urls:
        base, found, number = url.rstrip("/").rpartition("/page/")
        if found:
            newest[base] = max(newest.get(base, 0), int(number))
    return newest


def test_a_briefing_of_a_new_day_makes_again_no_older_page_but_the_newest() -> None:
    """Older pages count from the oldest: a briefing on top changes each of its
    listings' own page and newest older page, never the pages below, which keep their
    briefings and their address. (With one briefing a page, each adds a page; the
    pagers of the pages just below the top then show it.)"""
    settings = replace(SETTINGS, page_size=1)
    archive, finder = fixture()
    memory = recorded(archive, finder, settings)
    before = build_site_content(archive, settings, finder)
    top = max(archive.published, key=lambda b: b.date)
    day = top.date + dt.timedelta(days=1)
    added = replace(
        top,
        id=f"{day.isoformat()}-added",
        path=f"{day.year}/{day.isoformat()}-added.md",
        date=day,
        title="Added",
    )
    grown = replace(archive, briefings=(*archive.briefings, added))
    change = changed(memory, grown, finder, settings)
    newest_before = _older_pages(p.url for p in before.pages)
    remade = _older_pages(p.url for p in change.pages if "/page/" in p.url)
    for url in (p.url for p in change.pages if "/page/" in p.url):
        base, _, number = url.rstrip("/").rpartition("/page/")
        assert int(number) > newest_before[base] - (PAGER_WINDOW + 1), url
    assert remade  # the briefing's listings have older pages, and the newest changed
    kept = sum(newest_before[base] - (PAGER_WINDOW + 1) for base in remade)
    assert kept > 0  # older pages below those, not made again


def test_a_description_edit_makes_the_actors_page_and_the_actors_file_again() -> None:
    archive, finder = fixture()
    memory = recorded(archive, finder)
    actor = archive.actors["islamic-state"]
    edited = replace(
        archive, actors={**archive.actors, actor.id: replace(actor, description="Edited.")}
    )
    change = changed(memory, edited, finder)
    assert {p.url for p in change.pages} == {"actors/islamic-state/"}
    assert set(change.files) - {f for f in change.files if f.startswith("assets/")} == {
        "api/actors.json"
    }
    assert change.gone_pages == change.gone_files == ()
    assert changed(memory, edited, finder).pages == ()  # nothing changed since


def test_a_title_edit_makes_again_the_pages_that_list_the_briefing() -> None:
    archive, finder = fixture()
    memory = recorded(archive, finder)
    item = next(b for b in archive.briefings if b.id == "2015-05-20-palmyra-assault")
    edited = replace(
        archive,
        briefings=tuple(
            replace(b, title="Retitled") if b is item else b for b in archive.briefings
        ),
    )
    change = changed(memory, edited, finder)
    urls = {p.url for p in change.pages}
    assert "briefings/2015/2015-05-20-palmyra-assault/" in urls
    assert "actors/islamic-state/" in urls and "archive/" in urls
    assert "tags/declarations/" not in urls  # lists other briefings only
    assert "feed.xml" in change.files


def test_a_briefing_taken_away_takes_its_page_and_nothing_else_of_its_own() -> None:
    archive, finder = fixture()
    memory = recorded(archive, finder)
    kept = tuple(b for b in archive.briefings if b.id != "2015-07-04-july-report")
    change = changed(memory, replace(archive, briefings=kept), finder)
    assert change.gone_pages == ("briefings/2015/2015-07-04-july-report/index.md",)
    assert "briefings/2015/2015-07-04-july-report/" not in {p.url for p in change.pages}


def test_readers_find_a_unit_by_any_of_its_reads_and_forget_a_removed_unit() -> None:
    readers = Readers()
    readers.keep("a", UnitRecord(frozenset({("s", "x"), ("s", "y")}), ("a.md",)))
    readers.keep("b", UnitRecord(frozenset({("s", "y")}), ("b.md",)))
    diff = ReadDiff({"s": {"x": 1, "y": 1}}, {"s": {"x": 1, "y": 2}})
    assert readers.dirty(diff) == {"a", "b"}
    readers.keep("a", UnitRecord(frozenset({("s", "x")}), ("a.md",)))
    assert readers.dirty(ReadDiff({"s": {"x": 1, "y": 1}}, {"s": {"x": 1, "y": 2}})) == {"b"}
    readers.remove("b")
    assert readers.dirty(ReadDiff({"s": {"x": 1, "y": 1}}, {"s": {"x": 1, "y": 2}})) == set()
    assert readers.outputs() == {"a.md"}
