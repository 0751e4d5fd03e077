"""What a page reads of its build's context is what decides whether a preview makes it again."""

from __future__ import annotations

import pickle
from dataclasses import replace

from build_tools.format.model import Actor, Briefing
from build_tools.format.pages import SiteSettings
from build_tools.indexing.index import newest, older_page
from build_tools.publishing.page_reads import (
    WHOLE,
    Field,
    Newest,
    OlderPageRead,
    ReadDiff,
    ReadLog,
    RecordedEntities,
    RecordedMapping,
    RecordedTuple,
    context_sources,
    recorded_call,
    recording_view,
    same_for_pages,
)
from build_tools.publishing.site_content import page_units, render_context
from build_tools.rendering.context import RenderContext
from build_tools.rendering.quotes_pages import quotes_layout
from build_tools.validation.archive import check_archive
from tests.site_builds import FIXTURE_URL, SITE_FIXTURE


def fixture_context() -> RenderContext:
    checked = check_archive(SITE_FIXTURE)
    assert checked.archive is not None
    return render_context(checked.archive, SiteSettings(FIXTURE_URL), checked.finder)


def test_a_mapping_notes_each_key_looked_up_and_the_whole_when_gone_through() -> None:
    log = ReadLog()
    mapping = RecordedMapping("m", {"a": 1, "b": 2}, log)
    with log.unit() as reads:
        assert mapping["a"] == 1
        assert mapping.get("c") is None
        assert "b" in mapping
    assert reads == {("m", "a"), ("m", "c"), ("m", Field("b", None))}  # "in" reads only presence
    with log.unit() as reads:
        assert sorted(mapping.items()) == [("a", 1), ("b", 2)]
    assert reads == {("m", WHOLE)}
    assert mapping["a"] == 1  # between units: noted nowhere


Listings = dict[str, tuple[Briefing, ...]]


def _longest_listing() -> tuple[Listings, str, ReadLog, RecordedMapping[str, tuple[Briefing, ...]]]:
    """The fixture's places' listings, the longest's key, and the listings recorded."""
    listings = dict(fixture_context().index.by_location_and_within)
    log = ReadLog()
    recorded = RecordedMapping("by_location_and_within", listings, log)
    return listings, max(listings, key=lambda k: len(listings[k])), log, recorded


def test_a_feed_reads_the_newest_of_a_listing_and_only_those() -> None:
    listings, key, log, recorded = _longest_listing()
    with log.unit() as reads:
        assert newest(recorded, key, 2) == listings[key][:2] == newest(listings, key, 2)
    assert reads == {("by_location_and_within", Newest(key, 2))}
    read = next(iter(reads))
    older = {**listings, key: (*listings[key][:2], *listings[key][3:])}
    assert not ReadDiff({read[0]: listings}, {read[0]: older}).changed(read)
    newer = {**listings, key: listings[key][1:]}
    assert ReadDiff({read[0]: listings}, {read[0]: newer}).changed(read)


def test_an_older_page_reads_its_own_briefings_and_only_those() -> None:
    listings, key, log, recorded = _longest_listing()
    with log.unit() as reads:
        page = older_page(recorded, key, 1, 2, 0)  # no pager: pages above uncounted
    assert page == older_page(listings, key, 1, 2, 0)
    assert page.items == listings[key][-2:]  # page 1: the oldest two
    assert reads == {("by_location_and_within", OlderPageRead(key, 1, 2, 0))}
    read = next(iter(reads))
    on_top = {**listings, key: (listings[key][-1], *listings[key])}
    assert not ReadDiff({read[0]: listings}, {read[0]: on_top}).changed(read)
    oldest_gone = {**listings, key: listings[key][:-1]}
    assert ReadDiff({read[0]: listings}, {read[0]: oldest_gone}).changed(read)


def test_a_tuple_is_read_whole_by_any_use() -> None:
    log = ReadLog()
    items = RecordedTuple("t", (1, 2, 3), log)
    joined = lambda t: t + (4,)  # noqa: E731, RUF005 - the concatenation is what is tested
    for use in (len, list, lambda t: t[0], lambda t: 2 in t, joined):
        with log.unit() as reads:
            use(items)
        assert reads == {("t", WHOLE)}


def test_a_registry_entry_is_read_field_by_field() -> None:
    log = ReadLog()
    actors = RecordedEntities("actors", {"x": Actor("x", "Ex", "group", ("X1",), "Desc")}, log)
    with log.unit() as reads:
        actor = actors["x"]
        assert actor.name == "Ex"
        assert actor.names == ("Ex", "X1")
        assert isinstance(actor, Actor)
    assert reads == {
        ("actors", Field("x", None)),
        ("actors", Field("x", "name")),
        ("actors", Field("x", "aliases")),
    }


def test_a_description_edit_changes_only_the_reads_of_the_description() -> None:
    before = {"actors": {"x": Actor("x", "Ex", "group", description="Old")}}
    after = {"actors": {"x": Actor("x", "Ex", "group", description="New")}}
    diff = ReadDiff(before, after)
    assert not diff.changed(("actors", Field("x", "name")))
    assert not diff.changed(("actors", Field("x", None)))
    assert diff.changed(("actors", Field("x", "description")))
    assert diff.changed(("actors", WHOLE))
    assert diff.changed(("actors", Field("y", None))) is False  # absent both times
    gone = ReadDiff(before, {"actors": {}})
    assert gone.changed(("actors", Field("x", None)))


def test_a_briefing_reads_the_same_to_a_listing_whatever_its_body() -> None:
    context = fixture_context()
    item = context.index.briefings[0]
    edited = replace(item, body=item.body + "\nMore.", body_line=item.body_line + 1)
    assert same_for_pages((item, item), (item, edited))
    assert not same_for_pages(item, replace(item, title="Another title"))
    assert not same_for_pages({"k": (item,)}, {"k": (edited, item)})


def test_whole_reads_survive_a_trip_to_another_process() -> None:
    reads = frozenset({("m", WHOLE), ("actors", Field("x", "name"))})
    assert pickle.loads(pickle.dumps(reads)) == reads  # noqa: S301 - our own bytes
    assert pickle.loads(pickle.dumps(WHOLE)) is WHOLE  # noqa: S301


def test_a_briefing_page_reads_its_own_entities_not_every_entry() -> None:
    context = fixture_context()
    layout = quotes_layout(context)
    log = ReadLog()
    sources = context_sources(context, layout, b"key")
    view, view_layout = recording_view(context, layout, sources, log)
    unit = next(u for u in page_units(context) if u.own == "2015-05-20-palmyra-assault")
    pages, reads = recorded_call(log, lambda: list(unit.render(view, view_layout)))
    plain = list(unit.render(context, layout))
    assert [p.html for p in pages] == [p.html for p in plain]  # recording changes nothing
    actors = {read[1].key for read in reads if read[0] == "archive.actors"}  # type: ignore[attr-defined]
    assert "islamic-state" in actors
    assert ("archive.actors", WHOLE) not in reads
    assert ("bodies", "2015-05-20-palmyra-assault") in reads
    assert ("finder", WHOLE) in reads  # its mentions are linked
    assert not any(ReadDiff(sources, sources).changed(read) for read in reads)
    renamed = context_sources(context, layout, b"another key")
    assert ReadDiff(sources, renamed).changed(("finder", WHOLE))
