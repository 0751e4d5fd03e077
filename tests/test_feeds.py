"""Feeds as a subscriber's reader sees them: parsed with feedparser and lxml, never by eye."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
import lxml.html
import pytest
from lxml import etree

from build_tools.format import urls
from build_tools.format.model import Archive, Briefing
from build_tools.format.pages import SiteSettings
from build_tools.format.urls import ATOM_MEDIA_TYPE, RSS_MEDIA_TYPE
from build_tools.indexing.index import Index, build_index
from build_tools.publishing import feeds as feeds_module
from build_tools.publishing.feeds import (
    FeedBuilder,
    FeedItem,
    absolute_links,
    atom_entry,
    build_feeds,
    feed_entry,
    feed_generator,
    rss_item,
    xml_text,
)
from build_tools.rendering.body import render_body
from build_tools.validation.archive import check_archive
from tests import site_builds

FIXTURE = Path(__file__).parent / "fixtures" / "feeds" / "briefings"
SITE_URL = "https://example.org/site/"
SETTINGS = SiteSettings(site_url=SITE_URL, site_name="Test Archive", language="en-GB")
ATOM = "{http://www.w3.org/2005/Atom}"
RFC_822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d\d:\d\d:\d\d [+-]\d{4}$"
)
RFC_3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$")

# JSON Feed 1.1 (jsonfeed.org/version/1.1), plus what this archive promises per item.
JSON_FEED_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["version", "title", "items", "home_page_url", "feed_url"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string", "minLength": 1},
        "home_page_url": {"type": "string", "pattern": "^https://"},
        "feed_url": {"type": "string", "pattern": "^https://"},
        "description": {"type": "string"},
        "language": {"type": "string"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "url", "title", "date_published"],
                # JSON Feed 1.1: content_html or content_text, at least one.
                "oneOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "url": {"type": "string", "pattern": "^https://"},
                    "title": {"type": "string"},
                    "content_html": {"type": "string"},
                    "content_text": {"type": "string"},
                    "summary": {"type": "string"},
                    "date_published": {"type": "string", "pattern": RFC_3339.pattern},
                    "date_modified": {"type": "string", "pattern": RFC_3339.pattern},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}


def fixture_archive() -> Archive:
    checked = check_archive(FIXTURE)
    archive, diagnostics = checked.archive, checked.diagnostics
    assert archive is not None, [str(d) for d in diagnostics]
    return archive


def bodies_of(index: Index) -> dict[str, str]:
    return {b.id: render_body(b.body) for b in index.briefings}


def feeds_of(archive: Archive, settings: SiteSettings = SETTINGS) -> dict[str, bytes]:
    index = build_index(archive)
    return build_feeds(index, settings, bodies_of(index))


def with_briefings(archive: Archive, *briefings: Briefing) -> Archive:
    ordered = sorted((*archive.briefings, *briefings), key=lambda b: (b.date, b.id))
    return dataclasses.replace(archive, briefings=tuple(ordered))


def edited(archive: Archive, briefing_id: str, **changes: Any) -> Archive:
    return dataclasses.replace(
        archive,
        briefings=tuple(
            dataclasses.replace(b, **changes) if b.id == briefing_id else b
            for b in archive.briefings
        ),
    )


def parsed(data: bytes) -> Any:
    result = feedparser.parse(data)
    assert result.bozo == 0, result.get("bozo_exception")
    return result


def permalink(briefing_id: str) -> str:
    return f"{SITE_URL}briefings/{briefing_id[:4]}/{briefing_id}/"


def rss_items(data: bytes) -> list[etree._Element]:
    return etree.fromstring(data).findall("./channel/item")


@pytest.fixture(scope="module")
def archive() -> Archive:
    return fixture_archive()


@pytest.fixture(scope="module")
def feeds(archive: Archive) -> Mapping[str, bytes]:
    return feeds_of(archive, dataclasses.replace(SETTINGS, feed_items=3))


def test_every_feed_parses_cleanly_and_is_well_formed(feeds: Mapping[str, bytes]) -> None:
    for path, data in feeds.items():
        if path.endswith(".json"):
            continue
        etree.fromstring(data)  # raises on anything not well-formed
        assert parsed(data).entries is not None, path


def test_the_site_publishes_the_global_feeds_and_one_feed_per_entity_with_a_page(
    feeds: Mapping[str, bytes], archive: Archive
) -> None:
    index = build_index(archive)
    expected = {urls.RSS, urls.ATOM, urls.JSON_FEED, urls.CORRECTIONS_FEED}
    pages = [urls.actor(a) for a in index.by_actor_and_affiliates]
    pages += [urls.location(loc) for loc in index.by_location_and_within]
    pages += [urls.tag(t) for t in index.by_tag]
    for page in pages:
        expected |= {urls.feed_of(page), urls.atom_of(page), urls.json_feed_of(page)}
    assert set(feeds) == expected
    # Echo Unit and Draftville appear only in a draft: no page, so no feed either.
    assert "actors/echo-unit/feed.xml" not in feeds
    assert "locations/draftville/feed.xml" not in feeds
    assert "actors/alpha-force/feed.xml" in feeds


def test_items_are_the_newest_published_briefings_newest_first(
    feeds: Mapping[str, bytes],
) -> None:
    newest_three = [
        "2020-04-20-press-review",
        "2020-03-01-ministry-statement",  # same day: by id, descending
        "2020-03-01-alpha-withdraws",
    ]
    for path in (urls.RSS, urls.ATOM):
        assert [e.link for e in parsed(feeds[path]).entries] == [permalink(i) for i in newest_three]
    items = json.loads(feeds[urls.JSON_FEED])["items"]
    assert [item["url"] for item in items] == [permalink(i) for i in newest_three]


def full_texts(feeds: Mapping[str, bytes], page: str) -> dict[str, list[bool]]:
    """For each format of a page's feeds, whether each item carries the full text."""
    rss = rss_items(feeds[urls.feed_of(page)])
    atom = etree.fromstring(feeds[urls.atom_of(page)]).findall(f"{ATOM}entry")
    items = json.loads(feeds[urls.json_feed_of(page)])["items"]
    content = "{http://purl.org/rss/1.0/modules/content/}encoded"
    return {
        "rss": [item.find(content) is not None for item in rss],
        "atom": [entry.find(f"{ATOM}content") is not None for entry in atom],
        "json": ["content_html" in item for item in items],
    }


def test_entity_feeds_carry_the_newest_items_in_full_and_older_ones_as_summaries(
    archive: Archive,
) -> None:
    settings = dataclasses.replace(SETTINGS, feed_items=3, feed_full_text=1)
    feeds = feeds_of(archive, settings)
    assert full_texts(feeds, urls.actor("alpha-force")) == {
        "rss": [True, False, False],
        "atom": [True, False, False],
        "json": [True, False, False],
    }
    # The site's own feeds carry every item in full, whatever the setting.
    assert full_texts(feeds, urls.HOME) == dict.fromkeys(("rss", "atom", "json"), [True] * 3)
    for path, data in feeds.items():
        if path.endswith(".json"):
            jsonschema.validate(json.loads(data), JSON_FEED_SCHEMA)
            continue
        for entry in parsed(data).entries:  # a reader still gets a summary and a link
            assert entry.summary and entry.link.startswith(SITE_URL), path


def test_an_item_without_its_full_text_shows_the_summary_in_every_format(
    archive: Archive,
) -> None:
    feeds = feeds_of(archive, dataclasses.replace(SETTINGS, feed_items=3, feed_full_text=0))
    page = urls.actor("alpha-force")
    rss, atom = (parsed(feeds[path]).entries for path in (urls.feed_of(page), urls.atom_of(page)))
    items = json.loads(feeds[urls.json_feed_of(page)])["items"]
    assert full_texts(feeds, page) == dict.fromkeys(("rss", "atom", "json"), [False] * 3)
    for rss_entry, atom_item, item in zip(rss, atom, items, strict=True):
        assert "content" not in rss_entry and "content" not in atom_item
        assert rss_entry.summary == atom_item.summary == item["summary"]
        assert item["content_text"] == item["summary"]
        assert rss_entry.link == atom_item.link == item["url"]
    # Atom: an entry without content must have an alternate link (RFC 4287, 4.1.2).
    for entry in etree.fromstring(feeds[urls.atom_of(page)]).findall(f"{ATOM}entry"):
        link = entry.find(f"{ATOM}link")
        assert link is not None and link.get("rel", "alternate") == "alternate"


def test_feed_items_setting_limits_every_feed(archive: Archive) -> None:
    one = feeds_of(archive, dataclasses.replace(SETTINGS, feed_items=1))
    assert len(parsed(one[urls.RSS]).entries) == 1
    assert len(parsed(one["actors/alpha-force/feed.xml"]).entries) == 1
    everything = feeds_of(archive)
    assert len(parsed(everything[urls.RSS]).entries) == 5  # the draft is not published
    alpha = parsed(everything["actors/alpha-force/feed.xml"]).entries
    assert [e.link for e in alpha] == [
        permalink("2020-03-01-alpha-withdraws"),
        permalink("2020-02-10-talks-open"),
        permalink("2020-01-05-first-clash"),
    ]


def test_dates_are_rfc_822_in_rss_and_rfc_3339_in_atom_at_the_publication_hour(
    feeds: Mapping[str, bytes],
) -> None:
    for item in rss_items(feeds[urls.RSS]):
        assert RFC_822.match(item.findtext("pubDate") or "")
    rss = parsed(feeds["tags/clashes/feed.xml"]).entries
    assert rss[0].published == "Mon, 10 Feb 2020 12:00:00 +0000"
    atom_root = etree.fromstring(feeds[urls.ATOM])
    for text in atom_root.iterfind(f".//{ATOM}published"):
        assert RFC_3339.match(text.text or "")
    atom = parsed(feeds[urls.ATOM]).entries
    assert atom[-1].published == "2020-03-01T12:00:00+00:00"


def test_publication_hour_comes_from_the_settings(archive: Archive) -> None:
    early = feeds_of(archive, dataclasses.replace(SETTINGS, publish_hour_utc=6))
    assert parsed(early[urls.RSS]).entries[0].published == "Mon, 20 Apr 2020 06:00:00 +0000"


def test_updated_is_given_when_the_briefing_was_updated(feeds: Mapping[str, bytes]) -> None:
    talks = parsed(feeds["tags/clashes/feed.xml"]).entries[0]
    assert talks.updated_parsed[:5] == (2020, 2, 12, 12, 0)  # a date: the publication hour
    ministry = parsed(feeds[urls.ATOM]).entries[1]
    assert ministry.updated == "2020-03-02T08:30:00+02:00"  # a date-time: kept as written
    withdraws = parsed(feeds[urls.ATOM]).entries[2]
    assert withdraws.updated == withdraws.published  # never updated: Atom still needs one
    assert "updated" not in parsed(feeds[urls.RSS]).entries[2]
    json_items = json.loads(feeds[urls.JSON_FEED])["items"]
    assert json_items[1]["date_modified"] == "2020-03-02T08:30:00+02:00"
    assert "date_modified" not in json_items[2]


def test_guid_is_the_permalink(feeds: Mapping[str, bytes]) -> None:
    for item in rss_items(feeds[urls.RSS]):
        guid = item.find("guid")
        assert guid is not None
        assert guid.get("isPermaLink") == "true"
        assert guid.text == item.findtext("link")
    for entry in parsed(feeds[urls.ATOM]).entries:
        assert entry.id == entry.link


def test_guids_survive_rebuilds_new_briefings_and_edits(archive: Archive) -> None:
    def guids(files: Mapping[str, bytes]) -> dict[str, str]:
        return {e.link: e.id for e in parsed(files[urls.RSS]).entries}

    before = guids(feeds_of(archive))
    assert guids(feeds_of(archive)) == before
    newcomer = dataclasses.replace(
        archive.briefings[0], id="2020-05-01-newcomer", date=dt.date(2020, 5, 1), path="x.md"
    )
    grown = guids(feeds_of(with_briefings(archive, newcomer)))
    assert {link: grown[link] for link in before} == before
    changed = guids(
        feeds_of(edited(archive, "2020-01-05-first-clash", title="Retitled", body="Rewritten."))
    )
    assert changed == before


def test_channel_carries_title_links_language_and_a_date_from_content(
    feeds: Mapping[str, bytes],
) -> None:
    channel = parsed(feeds["actors/gamma-ministry/feed.xml"]).feed
    assert channel.title == "Test Archive: Gamma Ministry"
    assert channel.link == f"{SITE_URL}actors/gamma-ministry/"
    assert channel.language == "en-GB"
    links = {link.rel: link.href for link in channel.links}
    assert links["self"] == f"{SITE_URL}actors/gamma-ministry/feed.xml"
    # Its only briefing was updated at 08:30+02:00 on 2 March: the newest thing in it.
    assert channel.updated == "Mon, 02 Mar 2020 06:30:00 +0000"
    main = parsed(feeds[urls.RSS]).feed
    assert main.updated == "Mon, 20 Apr 2020 12:00:00 +0000"
    atom = etree.fromstring(feeds[urls.ATOM])
    assert atom.findtext(f"{ATOM}updated") == "2020-04-20T12:00:00+00:00"
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"
    self_links = atom.findall(f"{ATOM}link[@rel='self']")
    assert [link.get("href") for link in self_links] == [f"{SITE_URL}atom.xml"]


def test_atom_entry_links_point_at_the_page(feeds: Mapping[str, bytes]) -> None:
    # feedgen 1.0.0 drops rel/type from entry links (python-feedgen #135); a bare
    # link is the alternate link in Atom, which is what readers follow.
    entries = etree.fromstring(feeds[urls.ATOM]).findall(f"{ATOM}entry")
    for entry in entries:
        (link,) = entry.findall(f"{ATOM}link")
        assert link.get("rel", "alternate") == "alternate"
        assert link.get("href") == entry.findtext(f"{ATOM}id")


def test_a_rebuild_is_byte_identical_and_ignores_the_clock(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = feeds_of(archive)

    class AnyDatetime(type):
        def __instancecheck__(cls, instance: object) -> bool:
            return isinstance(instance, dt.datetime)

    class FarFuture(dt.datetime, metaclass=AnyDatetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> FarFuture:
            return cls(2099, 1, 1, tzinfo=tz)

    import feedgen.entry
    import feedgen.feed

    monkeypatch.setattr(feedgen.feed, "datetime", FarFuture)
    monkeypatch.setattr(feedgen.entry, "datetime", FarFuture)
    second = feeds_of(archive)
    assert second == first
    assert not any(b"2099" in data for data in second.values())


def test_items_carry_summary_full_body_and_categories(feeds: Mapping[str, bytes]) -> None:
    entry = parsed(feeds["tags/talks/feed.xml"]).entries[-1]
    assert entry.title == "Beta Council opens talks at the Hill Fort"
    assert entry.summary == "Beta Council met Alpha Force at the Hill Fort of Tadmūr in Norland."
    assert "<p>Beta Council met Alpha Force" in entry.content[0].value
    assert [t.term for t in entry.tags] == [
        "Beta Council",
        "Alpha Force",
        "Hill Fort of Tadmūr",
        "Norland",
        "clashes",
        "talks",
    ]
    atom = etree.fromstring(feeds[urls.ATOM])
    terms = {c.get("term"): c.get("label") for c in atom.iterfind(f".//{ATOM}category")}
    assert terms["delta-press"] == "Delta Press"


def test_relative_links_in_bodies_become_absolute(archive: Archive) -> None:
    files = feeds_of(archive)
    entry = parsed(files["locations/riverton/feed.xml"]).entries[0]
    document = lxml.html.fromstring(entry.content[0].value)
    hrefs = [a.get("href", "") for a in document.iter("a")]
    page = permalink("2020-01-05-first-clash")
    assert f"{SITE_URL}archive/" in hrefs
    assert "https://example.com/report?a=1&b=2" in hrefs
    assert any(h.startswith(f"{page}#fn") for h in hrefs)  # footnotes point into the page
    assert all(h.startswith("https://") for h in hrefs)


def test_absolute_links_keeps_escaping_and_leaves_absolute_urls_alone() -> None:
    fragment = '<a href="https://a.example/x?a=1&amp;b=2">x</a><a href="../y/">y</a>'
    assert absolute_links(fragment, "https://s.example/p/q/") == (
        '<a href="https://a.example/x?a=1&amp;b=2">x</a><a href="https://s.example/p/y/">y</a>'
    )


def test_hostile_text_is_escaped_and_control_characters_never_crash(archive: Archive) -> None:
    hostile_title = "</title><script>alert(1)</script> ]]> & \"quoted\" 'single'\x0b\x00"
    hostile = dataclasses.replace(
        archive.briefings[0],
        id="2020-06-01-hostile",
        date=dt.date(2020, 6, 1),
        title=hostile_title,
        summary="<b>bold</b> ]]> \x1f & more",
        body='Text <img src=x onerror="alert(1)"> <a href="javascript:alert(1)" '
        'onclick="x()">link</a> ]]> \x0b end',
        path="hostile.md",
    )
    nothing_left = dataclasses.replace(
        hostile, id="2020-05-31-control-only", date=dt.date(2020, 5, 31), title="\x0b\x0c"
    )
    files = feeds_of(with_briefings(archive, hostile, nothing_left))
    assert parsed(files[urls.ATOM]).entries[1].title == permalink("2020-05-31-control-only")
    for path in (urls.RSS, urls.ATOM, "actors/alpha-force/feed.xml", "tags/clashes/feed.xml"):
        data = files[path]
        root = etree.fromstring(data)
        assert not list(root.iter("script")), path
        entry = parsed(data).entries[0]
        # Titles are HTML to a reader too (feedparser says so): they display the text.
        assert entry.title_detail.type == "text/html", path
        title = lxml.html.fragment_fromstring(entry.title, create_parent="div")
        assert title.text_content() == xml_text(hostile_title), path
        assert len(title) == 0, path
        # The summary is HTML to a reader: it must display the text, markup and all.
        shown = lxml.html.fragment_fromstring(entry.summary, create_parent="div")
        assert shown.text_content() == "<b>bold</b> ]]>  & more", path
        assert len(shown) == 0, path
        html = entry.content[0].value
        fragment = lxml.html.fragment_fromstring(html, create_parent="div")
        for element in fragment.iter():
            assert not [name for name in element.attrib if name.lower().startswith("on")]
            assert not element.get("href", "").startswith("javascript")
            assert element.tag not in {"script", "img"}
    assert json.loads(files[urls.JSON_FEED])["items"][0]["title"] == hostile_title


def test_rss_item_html_has_no_event_handlers(feeds: Mapping[str, bytes]) -> None:
    for path, data in feeds.items():
        if path.endswith(".json"):
            continue
        for entry in parsed(data).entries:
            for content in entry.get("content", []):
                assert not re.search(r"\son[a-z]+\s*=", content.value), path


def test_json_feed_follows_json_feed_1_1(feeds: Mapping[str, bytes]) -> None:
    document = json.loads(feeds[urls.JSON_FEED])
    jsonschema.validate(document, JSON_FEED_SCHEMA)
    assert document["feed_url"] == f"{SITE_URL}feed.json"
    assert document["home_page_url"] == SITE_URL
    assert len(document["items"]) == 3
    first = document["items"][0]
    assert first["id"] == first["url"] == permalink("2020-04-20-press-review")
    assert first["title"] == 'Delta Press: "talks" resume & stall <again>'
    assert dt.datetime.fromisoformat(first["date_published"]) == dt.datetime(
        2020, 4, 20, 12, tzinfo=dt.UTC
    )
    assert feeds[urls.JSON_FEED].endswith(b"}\n")


def test_corrections_feed_lists_every_correction_newest_first(
    feeds: Mapping[str, bytes],
) -> None:
    corrections = parsed(feeds[urls.CORRECTIONS_FEED])
    assert corrections.feed.link == f"{SITE_URL}corrections/"
    entries = corrections.entries
    assert [e.summary for e in entries] == [
        "The quote's date was corrected.",
        "The statement was issued in the morning, not the evening.",  # same day: as listed
        "Delta Press, not Beta Council, first reported it.",
    ]
    page = permalink("2020-03-01-ministry-statement")
    assert {e.link for e in entries} == {page}
    assert len({e.id for e in entries}) == 3  # two corrections on one day: two items
    assert entries[0].published == "Thu, 05 Mar 2020 12:00:00 +0000"
    assert corrections.feed.updated == "Thu, 05 Mar 2020 12:00:00 +0000"
    assert all(e.title == "Correction: Gamma Ministry issues a statement" for e in entries)


def test_an_archive_with_nothing_published_still_gives_valid_feeds(archive: Archive) -> None:
    drafts_only = dataclasses.replace(
        archive, briefings=tuple(b for b in archive.briefings if b.draft)
    )
    files = feeds_of(drafts_only)
    assert set(files) == {urls.RSS, urls.ATOM, urls.JSON_FEED, urls.CORRECTIONS_FEED}
    for path in (urls.RSS, urls.ATOM, urls.CORRECTIONS_FEED):
        result = parsed(files[path])
        assert result.entries == []
        assert result.feed.updated_parsed[:3] == (1970, 1, 1)


def test_spliced_items_equal_what_feedgen_writes_itself(archive: Archive) -> None:
    """Items are serialised once and spliced into each feed; the result must be
    exactly the document feedgen produces when given the entries directly."""
    index = build_index(archive)
    builder = FeedBuilder(index, SETTINGS, bodies_of(index))
    briefings = index.by_actor["alpha-force"]
    page = "actors/alpha-force/"
    spliced = builder.briefing_feeds(briefings, "T", "D", page)
    rss, atom = spliced[urls.feed_of(page)], spliced[urls.atom_of(page)]
    date = parsed_date(rss, "lastBuildDate")
    entries = [builder.entry(b) for b in briefings]
    direct_rss = feed_generator(
        builder.channel("T", "D", page, urls.feed_of(page), date), entries, RSS_MEDIA_TYPE
    ).rss_str()
    direct_atom = feed_generator(
        builder.channel("T", "D", page, urls.atom_of(page), date), entries, ATOM_MEDIA_TYPE
    ).atom_str(pretty=True)

    def canonical(data: bytes) -> bytes:
        parser = etree.XMLParser(remove_blank_text=True)
        return etree.tostring(etree.fromstring(data, parser), method="c14n")

    # The same documents, but for the full text, which the splice writes as CDATA.
    assert canonical(rss) == canonical(direct_rss)
    assert canonical(atom) == canonical(direct_atom)
    assert b"<![CDATA[<p>" in rss and b"<![CDATA[<p>" in atom


@pytest.mark.parametrize("html", ["<p>a &amp; b &lt;c&gt;</p>", "<p>x ]]&gt; y</p><p>]]></p>"])
def test_the_full_text_reads_the_same_with_or_without_a_cdata_section(html: str) -> None:
    """CDATA saves escaping the markup; text that would end the section stays escaped."""
    when = dt.datetime(2020, 1, 1, 12, tzinfo=dt.UTC)
    url = permalink("2020-01-05-first-clash")
    item = FeedItem(url, True, url, "T", "S", html, when, None)
    entry = feed_entry(item)
    rss_data, atom_data = rss_item(entry), atom_entry(entry)
    for data in (rss_data, atom_data):
        assert (b"<![CDATA[" in data) == ("]]>" not in html)
    rss = etree.fromstring(rss_data.replace(b"<item>", RSS_ITEM_NAMESPACES, 1))
    atom = etree.fromstring(atom_data.replace(b"<entry>", ATOM_ENTRY_NAMESPACE, 1))
    assert rss.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") == html
    assert atom.findtext(f"{ATOM}content") == html


RSS_ITEM_NAMESPACES = b'<item xmlns:content="http://purl.org/rss/1.0/modules/content/">'
ATOM_ENTRY_NAMESPACE = b'<entry xmlns="http://www.w3.org/2005/Atom">'


def parsed_date(data: bytes, element: str) -> dt.datetime:
    from email.utils import parsedate_to_datetime

    return parsedate_to_datetime(etree.fromstring(data).findtext(f"channel/{element}") or "")


REAL_SITE_URL = site_builds.REAL_URL


def built_real_site(factory: pytest.TempPathFactory) -> Path:
    """The real archive built by MkDocs, shared with the site tests (once per worker)."""
    return site_builds.cached_site(factory, "real", site_builds.build_real_site)


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_real_site(tmp_path_factory)


def site_page(site: Path, url: str) -> Path:
    assert url.startswith(REAL_SITE_URL), url
    path = url[len(REAL_SITE_URL) :].split("#", 1)[0]
    return site / path / "index.html"


@pytest.mark.slow
def test_every_feed_item_links_to_a_page_of_the_built_site(real_site: Path) -> None:
    feeds = [p for p in real_site.rglob("*.xml") if p.name in {"feed.xml", "atom.xml"}]
    assert {"feed.xml", "atom.xml", "corrections/feed.xml"} <= {
        p.relative_to(real_site).as_posix() for p in feeds
    }
    assert (real_site / "actors" / "islamic-state" / "feed.xml") in feeds
    for feed in feeds:
        result = parsed(feed.read_bytes())
        address = feed.relative_to(real_site).as_posix()
        self_links = [link.href for link in result.feed.links if link.rel == "self"]
        assert self_links == [REAL_SITE_URL + address]
        assert site_page(real_site, result.feed.link).is_file(), address
        for entry in result.entries:
            assert site_page(real_site, entry.link).is_file(), (address, entry.link)
    items = json.loads((real_site / "feed.json").read_bytes())["items"]
    assert items
    for item in items:
        assert site_page(real_site, item["url"]).is_file()


@pytest.mark.slow
def test_every_entity_with_a_page_has_a_feed_and_no_other(real_site: Path) -> None:
    for kind in ("actors", "locations", "tags"):
        folder = real_site / kind
        pages = {p.parent.name for p in folder.glob("*/index.html") if p.parent.name != "page"}
        feeds = {p.parent.name for p in folder.glob("*/feed.xml")}
        assert pages == feeds, kind
        assert pages, kind


@pytest.mark.slow
def test_every_entity_page_offers_rss_atom_and_json_feed_for_autodiscovery(
    real_site: Path,
) -> None:
    expected_types = ["application/rss+xml", "application/atom+xml", "application/feed+json"]
    for kind in ("actors", "locations", "tags"):
        for page in (real_site / kind).glob("*/index.html"):
            if page.parent.name == "page":
                continue
            url = page.parent.relative_to(real_site).as_posix() + "/"
            alternates = site_builds.page(real_site, url).xpath(
                "//head/link[contains(concat(' ', normalize-space(@rel), ' '), ' alternate ')]"
            )
            own = [(a.get("type"), a.get("href")) for a in alternates][3:]  # after the site's
            assert [t for t, _ in own] == expected_types, url
            targets = [site_builds.resolve(url, href) for _, href in own]
            assert targets == [f"{url}feed.xml", f"{url}atom.xml", f"{url}feed.json"]
            for target in targets:
                assert (real_site / target).is_file(), target
            rss, atom, json_feed = (real_site / t for t in targets)
            as_rss, as_atom = parsed(rss.read_bytes()), parsed(atom.read_bytes())
            assert not as_rss.bozo and not as_atom.bozo, url
            ids = [e.id for e in as_rss.entries]
            assert ids == [e.id for e in as_atom.entries]
            items = json.loads(json_feed.read_bytes())["items"]
            assert ids == [item["id"] for item in items]
            jsonschema.validate(json.loads(json_feed.read_bytes()), JSON_FEED_SCHEMA)


@pytest.mark.slow
def test_following_syria_delivers_the_idlib_briefing_in_every_format(real_site: Path) -> None:
    """The hospital briefing names Jisr al-Shughour and Idlib Governorate, never Syria:
    both lie within Syria, so Syria's feeds carry it."""
    hospital = f"{REAL_SITE_URL}briefings/2015/2015-05-22-jisr-al-shughour-hospital-siege/"
    folder = real_site / "locations" / "syria"
    for name in ("feed.xml", "atom.xml"):
        assert hospital in [e.link for e in parsed((folder / name).read_bytes()).entries], name
    items = json.loads((folder / "feed.json").read_bytes())["items"]
    assert hospital in [item["url"] for item in items]


@pytest.mark.slow
def test_an_organisation_feed_carries_its_members_briefings(real_site: Path) -> None:
    """Dabiq is affiliated with Islamic State; the feed of Islamic State carries every
    briefing that lists Dabiq, and the ISW feed every one listing its analyst."""
    for organisation, member in (
        ("islamic-state", "dabiq"),
        ("institute-for-the-study-of-war", "christopher-kozack"),
    ):
        ours = {
            e.link
            for e in parsed((real_site / "actors" / organisation / "feed.xml").read_bytes()).entries
        }
        theirs = {
            e.link
            for e in parsed((real_site / "actors" / member / "feed.xml").read_bytes()).entries
        }
        assert theirs <= ours, organisation


@pytest.mark.slow
def test_a_feed_item_shows_the_quotes_and_citations_the_page_shows(real_site: Path) -> None:
    palmyra = f"{REAL_SITE_URL}briefings/2015/2015-05-21-palmyra-captured/"
    page = site_builds.page(real_site, palmyra[len(REAL_SITE_URL) :])
    page_quotes = [
        " ".join(q.text_content().split())
        for q in page.xpath("//figure[contains(@class,'ba-quote')]")
    ]
    page_sources = [
        " ".join(li.text_content().split())
        for li in page.xpath("//section[contains(@class,'ba-sources')]//li")
    ]
    assert page_quotes and page_sources
    assert (
        "Channel 4 News, ‘Islamic State captures last Syria-Iraq border post’, 22 May 2015"
        in page_sources
    )

    rss = etree.fromstring((real_site / "feed.xml").read_bytes())
    (rss_item,) = [i for i in rss.iter("item") if i.findtext("link") == palmyra]
    rss_html = rss_item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    atom = etree.fromstring((real_site / "atom.xml").read_bytes())
    (atom_entry,) = [e for e in atom.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}id") == palmyra]
    atom_html = atom_entry.findtext(f"{ATOM}content")
    (json_item,) = [
        i
        for i in json.loads((real_site / "feed.json").read_bytes())["items"]
        if i["url"] == palmyra
    ]
    assert rss_html == atom_html == json_item["content_html"]

    fragment = lxml.html.fragment_fromstring(rss_html, create_parent="div")
    feed_quotes = [" ".join(q.text_content().split()) for q in fragment.xpath(".//figure")]
    feed_sources = [
        " ".join(li.text_content().split())
        for li in fragment.xpath(".//section[contains(@class,'ba-sources')]//li")
    ]
    assert feed_quotes == page_quotes
    assert feed_sources == page_sources
    speakers = fragment.xpath(".//figcaption/a/@href")
    assert f"{REAL_SITE_URL}actors/christopher-kozack/" in speakers
    for href in fragment.xpath(".//a/@href"):
        assert href.startswith(("https://", "http://")), href
    parsed_item = next(
        e for e in parsed((real_site / "feed.xml").read_bytes()).entries if e.link == palmyra
    )
    assert "Kozack" in parsed_item.content[0].value  # feedparser's sanitiser keeps it


def test_feeds_made_with_few_items_kept_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """The builder keeps only the most recently used briefings' feed items (memory at
    10,000 long briefings); a briefing made again gives the same bytes."""
    archive = fixture_archive()
    kept_all = feeds_of(archive)
    monkeypatch.setattr(feeds_module, "RECENT_ITEMS", 1)
    assert feeds_of(archive) == kept_all


def test_recent_keeps_the_most_recently_used() -> None:
    recent: feeds_module.Recent[int] = feeds_module.Recent(2)
    recent.put("a", 1)
    recent.put("b", 2)
    assert recent.get("a") == 1  # now the most recent
    recent.put("c", 3)
    assert (recent.get("a"), recent.get("b"), recent.get("c")) == (1, None, 3)
