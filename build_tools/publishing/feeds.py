"""Feeds: the index → RSS 2.0, Atom 1.0 and JSON Feed 1.1 files, byte for byte reproducible.

Subscribers' readers remember every item by its GUID and re-show anything whose GUID
changes, so the GUID is the permalink and nothing else. Every date in a feed comes
from content, never from the clock: feedgen stamps ``now()`` into ``lastBuildDate``
and each entry's ``updated`` unless told otherwise, and it prepends entries by
default, so both are set explicitly here. An unchanged archive therefore gives
byte-identical feeds, and a reader polling them sees nothing new.

feedgen 1.0.0 drops every attribute of an Atom *entry* ``<link>`` but ``href``
(python-feedgen issue 135). That is harmless here — a link without ``rel`` is the
``alternate`` link in Atom — and the tests pin the output rather than trust it.

The validator rejects XML-illegal characters, but lxml refuses to serialise them and
a feed that fails to build would take the whole site down with it, so every string
that enters a feed passes through :func:`xml_text` first.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Generic, TypeVar
from urllib.parse import urljoin

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from lxml import etree

from build_tools.format import urls
from build_tools.format.json_text import data_bytes
from build_tools.format.model import Briefing
from build_tools.format.pages import SiteSettings, moment
from build_tools.format.safety import XML_ILLEGAL
from build_tools.format.urls import ATOM_MEDIA_TYPE, RSS_MEDIA_TYPE
from build_tools.indexing.index import CorrectionRef, Index, newest

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
RSS_NAMESPACES = {"atom": ATOM_NAMESPACE, "content": "http://purl.org/rss/1.0/modules/content/"}
# A feed with no items and an archive with nothing published still need a date.
EMPTY_ARCHIVE_DATE = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

# In sanitiser output every attribute value is double-quoted with ``"``, ``<`` and ``>``
# escaped, so a tag ends at the first ``>``; text outside tags is never touched.
_LINKING_TAG = re.compile(r"<(?:a|img)\s[^>]*>")
_LINK_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (controls, lone surrogates)."""
    return XML_ILLEGAL.sub("", text)


def absolute_links(fragment: str, base_url: str) -> str:
    """Resolve every ``href``/``src`` against ``base_url``: a feed is read far from the site.

    ``fragment`` is sanitiser output (see ``_LINKING_TAG``); each value is unescaped,
    resolved and escaped again.
    """

    def resolve(match: re.Match[str]) -> str:
        target = urljoin(base_url, html.unescape(match.group(2)))
        return f"{match.group(1)}{html.escape(target, quote=True)}{match.group(3)}"

    def resolve_tag(match: re.Match[str]) -> str:
        return _LINK_ATTRIBUTE.sub(resolve, match.group())

    return _LINKING_TAG.sub(resolve_tag, fragment)


@dataclass(frozen=True, slots=True)
class Category:
    term: str  # the entity's id
    label: str  # what a reader sees: the registry name, or the tag itself
    scheme: str  # absolute URL of the entity index (actors/, locations/, tags/)


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry, in the terms every feed format shares."""

    guid: str  # never changes once published
    guid_is_permalink: bool
    url: str  # absolute
    title: str
    summary: str  # plain text
    content_html: str | None  # sanitised, links absolute; None: the summary stands for it
    published: dt.datetime
    updated: dt.datetime | None
    categories: tuple[Category, ...] = ()

    @property
    def last_changed(self) -> dt.datetime:
        return self.updated if self.updated is not None else self.published


@dataclass(frozen=True, slots=True)
class Channel:
    title: str
    description: str
    home_url: str  # absolute: the page this feed follows
    self_url: str  # absolute: the feed itself
    language: str
    updated: dt.datetime  # derived from the items, never the clock


def channel_date(items: Sequence[FeedItem], fallback: Callable[[], dt.datetime]) -> dt.datetime:
    """The newest publication or update among ``items``, in UTC; ``fallback()`` when none."""
    newest = max((item.last_changed for item in items), default=None)
    return (fallback() if newest is None else newest).astimezone(dt.UTC)


class _RssUpdated:
    """feedgen entry extension: ``<atom:updated>`` in an RSS item, which RSS lacks.

    Duck-typed rather than subclassing feedgen's untyped base class.
    """

    def __init__(self, updated: dt.datetime | None) -> None:
        self.updated = updated

    def extend_ns(self) -> dict[str, str]:
        return {}

    def extend_rss(self, item: etree._Element) -> etree._Element:
        if self.updated is not None:
            element = etree.SubElement(item, f"{{{ATOM_NAMESPACE}}}updated")
            element.text = self.updated.isoformat()
        return item

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        return entry


def html_text(text: str) -> str:
    """Plain text for a feed field that readers render as HTML (see the module's docstring).

    Escaped for HTML on top of the XML escaping lxml does, so a reader shows the text,
    markup and all, and never runs it.
    """
    return html.escape(xml_text(text), quote=False)


class _AtomHtmlText:
    """feedgen extension: declares ``type="html"`` on Atom titles and subtitles.

    They carry :func:`html_text`, as RSS titles and descriptions do (readers render
    those as HTML); Atom then knows to unescape once and shows the same text.
    Duck-typed rather than subclassing feedgen's untyped base class.
    """

    def extend_ns(self) -> dict[str, str]:
        return {}

    def extend_rss(self, element: etree._Element) -> etree._Element:
        return element

    def extend_atom(self, element: etree._Element) -> etree._Element:
        for child in element:
            if child.tag in ("title", "subtitle"):  # feedgen's Atom tags carry no namespace
                child.set("type", "html")
        return element


def feed_entry(item: FeedItem) -> FeedEntry:
    """A feedgen entry; built once per item and shared by every feed that lists it."""
    entry = FeedEntry()
    entry.guid(item.guid, permalink=item.guid_is_permalink)
    entry.title(html_text(item.title) or item.url)  # Atom refuses an empty title
    entry.link(href=item.url)
    entry.summary(html_text(item.summary), type="html")
    if item.content_html is not None:
        entry.content(xml_text(item.content_html), type="html")
    entry.published(item.published)
    entry.updated(item.last_changed)
    if item.categories:
        entry.category(
            [
                {"term": c.term, "label": xml_text(c.label), "scheme": c.scheme}
                for c in item.categories
            ]
        )
    entry.register_extension(
        "briefing_updated", functools.partial(_RssUpdated, item.updated), atom=False, rss=True
    )
    entry.register_extension("briefing_html_text", _AtomHtmlText, rss=False)
    return entry


def feed_generator(channel: Channel, entries: Iterable[FeedEntry], self_type: str) -> FeedGenerator:
    generator = FeedGenerator()
    generator.id(channel.home_url)
    generator.title(html_text(channel.title))
    generator.description(html_text(channel.description))
    generator.author({"name": xml_text(channel.title)})
    generator.register_extension("briefing_html_text", _AtomHtmlText, None, rss=False)
    # RSS takes its <link> from the last link given, so the self link goes first.
    generator.link(href=channel.self_url, rel="self", type=self_type)
    generator.link(href=channel.home_url, rel="alternate", type="text/html")
    generator.language(channel.language)
    generator.lastBuildDate(channel.updated)
    for entry in entries:
        generator.add_entry(entry, order="append")
    return generator


def as_cdata(element: etree._Element | None) -> None:
    """An element's HTML as a CDATA section: the same text for every XML parser,
    without escaping each ``<``, ``>`` and ``&`` of the markup (a twentieth of a feed).
    Text holding ``]]>``, which would end the section, stays escaped."""
    if element is not None and element.text and "]]>" not in element.text:
        element.text = etree.CDATA(element.text)


def rss_item(entry: FeedEntry) -> bytes:
    """An RSS ``<item>`` as feedgen writes it, serialised once and spliced into every feed.

    A briefing sits in the main feed and in the feed of each of its actors, places
    and tags: some 26,000 items in 900 feeds for ten thousand briefings. Writing each
    through feedgen, or copying its element, every time costs seconds; this costs a
    join. The item is serialised inside an ``rss/channel`` with the namespaces
    feedgen declares on every RSS root, and its start tag then loses the declarations
    that the feed's root already makes. One item a line, not indented: indentation
    would be a thirtieth of every feed, read by programs.
    """
    root = etree.Element("rss", nsmap=RSS_NAMESPACES)
    item = entry.rss_entry()
    as_cdata(item.find(f"{{{RSS_NAMESPACES['content']}}}encoded"))
    etree.SubElement(root, "channel").append(item)
    text = etree.tostring(item, encoding="UTF-8", with_tail=False)
    return b"<item>" + text[text.index(b">") + 1 :] + b"\n"


def rss_bytes(channel: Channel, items: Iterable[bytes]) -> bytes:
    """The channel from feedgen (dates and links set explicitly), then the items in order."""
    header: bytes = feed_generator(channel, (), RSS_MEDIA_TYPE).rss_str(pretty=True)
    head, end, tail = header.rpartition(b"  </channel>")
    assert end, "feedgen's RSS always closes its channel"
    return b"".join((head, *items, end, tail))


def atom_entry(entry: FeedEntry) -> bytes:
    """An Atom ``<entry>`` as feedgen writes it, serialised once and spliced into every
    feed that lists it, one a line (see :func:`rss_item`). feedgen's ``<feed>`` declares
    its namespace as a plain attribute, so an entry needs no declarations of its own."""
    root = etree.Element("feed")
    item = entry.atom_entry()
    as_cdata(item.find("content"))
    root.append(item)
    return etree.tostring(item, encoding="UTF-8", with_tail=False) + b"\n"


def atom_bytes(channel: Channel, entries: Iterable[bytes]) -> bytes:
    """The feed from feedgen (dates and links set explicitly), then the entries in order."""
    header: bytes = feed_generator(channel, (), ATOM_MEDIA_TYPE).atom_str(pretty=True)
    head, end, tail = header.rpartition(b"</feed>")
    assert end, "feedgen's Atom always closes its feed"
    return b"".join((head, *entries, end, tail))


# The one place the items go in a JSON Feed document written with sorted keys.
_JSON_ITEMS = '"items":[]'


def json_feed_bytes(channel: Channel, items: Sequence[bytes]) -> bytes:
    """JSON Feed 1.1 (jsonfeed.org), written with ``json``: no library needed.

    ``items`` are :func:`json_item` outputs, serialised once per briefing and spliced
    in. The splice point is unambiguous: inside a JSON string every ``"`` is escaped,
    so ``"items":[]`` can only be the document's own key.
    """
    document = {
        "version": JSON_FEED_VERSION,
        "title": channel.title,
        "description": channel.description,
        "home_page_url": channel.home_url,
        "feed_url": channel.self_url,
        "language": channel.language,
        "items": [],
    }
    head, mark, tail = data_bytes(document).partition(_JSON_ITEMS.encode())
    assert mark, "an empty items list is always written as []"
    return b"".join((head, b'"items":[', b",".join(items), b"]", tail))


def json_item(item: FeedItem) -> bytes:
    """One JSON Feed item, serialised as :func:`data_bytes` would inside a document."""
    return data_bytes(_json_item(item))[:-1]


def _json_item(item: FeedItem) -> dict[str, object]:
    entry: dict[str, object] = {
        "id": item.guid,
        "url": item.url,
        "title": item.title,
        "summary": item.summary,
        "date_published": item.published.isoformat(),
        "tags": [c.label for c in item.categories],
    }
    # JSON Feed 1.1 wants content_html or content_text in every item.
    if item.content_html is None:
        entry["content_text"] = item.summary
    else:
        entry["content_html"] = item.content_html
    if item.updated is not None:
        entry["date_modified"] = item.updated.isoformat()
    return entry


# How many briefings' feed items FeedBuilder keeps made: the newest briefings are in
# most feeds, and keeping every briefing's five forms would hold the archive's text
# five times over (a gigabyte at 10,000 long briefings).
RECENT_ITEMS = 2048

Made = TypeVar("Made")


class Recent(Generic[Made]):
    """The ``size`` most recently used values, by key (a least-recently-used cache)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: dict[str, Made] = {}

    def get(self, key: str) -> Made | None:
        value = self._values.pop(key, None)
        if value is not None:
            self._values[key] = value  # the most recent again
        return value

    def put(self, key: str, value: Made) -> Made:
        self._values[key] = value
        if len(self._values) > self._size:
            del self._values[next(iter(self._values))]
        return value


class FeedBuilder:
    """Builds each briefing's item, feedgen entry and feed items once for all the feeds
    that list it in a row (the newest briefings: :data:`RECENT_ITEMS`)."""

    def __init__(self, index: Index, settings: SiteSettings, bodies: Mapping[str, str]) -> None:
        self.index = index
        self.settings = settings
        self.bodies = bodies
        self.site_url = settings.site_url
        self._items: Recent[FeedItem] = Recent(RECENT_ITEMS)
        self._entries: Recent[FeedEntry] = Recent(RECENT_ITEMS)
        self._rss_items: Recent[bytes] = Recent(RECENT_ITEMS)
        self._atom_entries: Recent[bytes] = Recent(RECENT_ITEMS)
        self._json_items: Recent[bytes] = Recent(RECENT_ITEMS)
        self._categories: dict[str, Category] = {}

    def _memoised(
        self, memo: Recent[Made] | dict[str, Made], key: str, make: Callable[[], Made]
    ) -> Made:
        """``make()``, made once for every feed that takes it while ``memo`` keeps it.
        The one door to the builder's memos: a preview's builder notes there what each
        value read (:class:`~build_tools.publishing.archive_change.RecordingFeedBuilder`)."""
        cached = memo.get(key)
        if cached is None:
            cached = make()
            if isinstance(memo, Recent):
                memo.put(key, cached)
            else:
                memo[key] = cached
        return cached

    def _category(self, kind: str, key: str) -> Category:
        """An item's category, looked up as items need it: a feed depends on the
        registry entries of its items' actors and places, not on every entry."""

        def make() -> Category:
            if kind == "actor":
                name, home = self.index.archive.actors[key].name, urls.ACTORS
            elif kind == "location":
                name, home = self.index.archive.locations[key].name, urls.LOCATIONS
            else:
                name, home = key, urls.TAGS
            return Category(key, name, self.absolute(home))

        return self._memoised(self._categories, f"{kind} {key}", make)

    def archive_date(self) -> dt.datetime:
        """The newest publication or update of the archive: the date of a feed with no
        items (computed only then, since it reads every briefing)."""
        hour = self.settings.publish_hour_utc
        return max(
            (moment(b.updated or b.date, hour) for b in self.index.briefings),
            default=EMPTY_ARCHIVE_DATE,
        )

    def absolute(self, url: str) -> str:
        return urls.absolute(self.site_url, url)

    def item(self, briefing: Briefing) -> FeedItem:
        def make() -> FeedItem:
            hour = self.settings.publish_hour_utc
            url = self.absolute(urls.briefing(briefing))
            categories = (
                *(self._category("actor", a) for a in briefing.actors),
                *(self._category("location", loc) for loc in briefing.locations),
                *(self._category("tag", t) for t in briefing.tags),
            )
            return FeedItem(
                guid=url,
                guid_is_permalink=True,
                url=url,
                title=briefing.title,
                summary=briefing.summary,
                content_html=absolute_links(self.bodies[briefing.id], url),
                published=moment(briefing.date, hour),
                updated=None if briefing.updated is None else moment(briefing.updated, hour),
                categories=categories,
            )

        return self._memoised(self._items, briefing.id, make)

    def _form(self, briefing: Briefing, full: bool) -> FeedItem:
        item = self.item(briefing)
        return item if full else replace(item, content_html=None)

    def entry(self, briefing: Briefing, *, full: bool = True) -> FeedEntry:
        key = _form_key(briefing, full)
        return self._memoised(self._entries, key, lambda: feed_entry(self._form(briefing, full)))

    def rss_item(self, briefing: Briefing, *, full: bool = True) -> bytes:
        key = _form_key(briefing, full)
        return self._memoised(
            self._rss_items, key, lambda: rss_item(self.entry(briefing, full=full))
        )

    def atom_entry(self, briefing: Briefing, *, full: bool = True) -> bytes:
        key = _form_key(briefing, full)
        return self._memoised(
            self._atom_entries, key, lambda: atom_entry(self.entry(briefing, full=full))
        )

    def json_item(self, briefing: Briefing, *, full: bool = True) -> bytes:
        key = _form_key(briefing, full)
        return self._memoised(self._json_items, key, lambda: json_item(self._form(briefing, full)))

    def channel(
        self, title: str, description: str, home: str, feed: str, date: dt.datetime
    ) -> Channel:
        return Channel(
            title=title,
            description=description,
            home_url=self.absolute(home),
            self_url=self.absolute(feed),
            language=self.settings.language,
            updated=date,
        )

    def briefing_feeds(
        self,
        briefings: Sequence[Briefing],
        title: str,
        description: str,
        page: str,
        full_text: int | None = None,
    ) -> dict[str, bytes]:
        """The RSS, Atom and JSON Feed of one page's briefings: the same items in each,
        the newest ``full_text`` of them (all when None) with the briefing's full text."""
        latest = briefings[: self.settings.feed_items]
        date = channel_date([self.item(b) for b in latest], self.archive_date)
        full = [full_text is None or n < full_text for n in range(len(latest))]

        def channel(feed: str) -> Channel:
            return self.channel(title, description, page, feed, date)

        rss, atom, json_feed = urls.feed_of(page), urls.atom_of(page), urls.json_feed_of(page)
        forms = list(zip(latest, full, strict=True))
        return {
            rss: rss_bytes(channel(rss), [self.rss_item(b, full=f) for b, f in forms]),
            atom: atom_bytes(channel(atom), [self.atom_entry(b, full=f) for b, f in forms]),
            json_feed: json_feed_bytes(
                channel(json_feed), [self.json_item(b, full=f) for b, f in forms]
            ),
        }

    def correction_item(self, ref: CorrectionRef, ordinal: int) -> FeedItem:
        briefing = ref.briefing
        url = self.absolute(urls.briefing(briefing))
        when = ref.correction.date.isoformat()
        suffix = "" if ordinal == 1 else f"-{ordinal}"
        note = html.escape(ref.correction.note, quote=False)
        title = html.escape(briefing.title, quote=False)
        content = (
            f"<p>{note}</p>\n"
            f'<p>Correction of {when} to <a href="{html.escape(url)}">{title}</a>.</p>'
        )
        return FeedItem(
            guid=f"{url}#correction-{when}{suffix}",
            guid_is_permalink=False,
            url=url,
            title=f"Correction: {briefing.title}",
            summary=ref.correction.note,
            content_html=content,
            published=moment(ref.correction.date, self.settings.publish_hour_utc),
            updated=None,
        )

    def corrections_rss(self) -> bytes:
        latest = self.index.corrections[: self.settings.feed_items]
        items = [self.correction_item(ref, _ordinal(ref)) for ref in latest]
        site = self.settings.site_name
        channel = self.channel(
            f"{site}: corrections",
            f"Every correction to a briefing published by {site}, newest first.",
            urls.CORRECTIONS,
            urls.CORRECTIONS_FEED,
            channel_date(items, self.archive_date),
        )
        return rss_bytes(channel, [rss_item(feed_entry(item)) for item in items])


def _form_key(briefing: Briefing, full: bool) -> str:
    """The key of a briefing's item in the builder's caches: in full, or its summary."""
    return briefing.id if full else f"{briefing.id} summary"


def _ordinal(ref: CorrectionRef) -> int:
    """1 for the first correction a briefing lists on a date, 2 for the second, …

    Part of the correction's GUID, so two corrections on one day stay two items.
    """
    same_day = [c for c in ref.briefing.corrections if c.date == ref.correction.date]
    return next(n for n, c in enumerate(same_day, 1) if c is ref.correction)


def build_feeds(
    index: Index,
    settings: SiteSettings,
    bodies: Mapping[str, str],
    *,
    entity_feeds_of: Callable[[Sequence[Briefing]], bool] | None = None,
) -> dict[str, bytes]:
    """Every feed the site publishes: path relative to the site root → file contents.

    ``bodies`` maps each published briefing's id to its sanitised body HTML, rendered
    once by the build. An entity gets a feed exactly when it has a published briefing,
    which is exactly when it gets a page. ``entity_feeds_of``: make only the feeds of
    entities whose briefings (newest first) it accepts (a preview after a change).
    """
    return dict(iter_feeds(index, settings, bodies, entity_feeds_of=entity_feeds_of))


@dataclass(frozen=True, slots=True)
class FeedUnit:
    """The feeds of one page (its RSS, Atom and JSON Feed), made together: the unit a
    preview makes again or keeps (:mod:`build_tools.publishing.page_reads`)."""

    key: str
    make: Callable[[FeedBuilder], dict[str, bytes]]
    listed: Sequence[Briefing] | None = None  # an entity's or tag's briefings, newest first


def feed_units(index: Index, settings: SiteSettings) -> Iterator[FeedUnit]:
    """Every feed unit of the site, in the order of :func:`iter_feeds`."""
    site = settings.site_name
    full_text = settings.feed_full_text  # the site's own feeds: every item in full
    yield FeedUnit(
        "site",
        lambda b: b.briefing_feeds(
            b.index.briefings, site, f"The latest briefings from {site}.", urls.HOME
        ),
    )
    yield FeedUnit("corrections", lambda b: {urls.CORRECTIONS_FEED: b.corrections_rss()})
    for key, listed in index.by_actor_and_affiliates.items():
        make = functools.partial(_actor_feeds, key, full_text)
        yield FeedUnit(f"actor {key}", make, listed)
    for key, listed in index.by_location_and_within.items():
        make = functools.partial(_location_feeds, key, full_text)
        yield FeedUnit(f"location {key}", make, listed)
    for tag, listed in index.by_tag.items():
        yield FeedUnit(f"tag {tag}", functools.partial(_tag_feeds, tag, full_text), listed)


def _actor_feeds(key: str, full_text: int, builder: FeedBuilder) -> dict[str, bytes]:
    index = builder.index
    name = index.archive.actors[key].name
    listed = newest(index.by_actor_and_affiliates, key, builder.settings.feed_items)
    return _entity_feeds(builder, name, listed, urls.actor(key), full_text)


def _location_feeds(key: str, full_text: int, builder: FeedBuilder) -> dict[str, bytes]:
    index = builder.index
    name = index.archive.locations[key].name
    listed = newest(index.by_location_and_within, key, builder.settings.feed_items)
    return _entity_feeds(builder, name, listed, urls.location(key), full_text)


def _entity_feeds(
    builder: FeedBuilder, name: str, listed: Sequence[Briefing], page: str, full_text: int
) -> dict[str, bytes]:
    site = builder.settings.site_name
    return builder.briefing_feeds(
        listed, f"{site}: {name}", f"Briefings on {name}.", page, full_text
    )


def _tag_feeds(tag: str, full_text: int, builder: FeedBuilder) -> dict[str, bytes]:
    site = builder.settings.site_name
    return builder.briefing_feeds(
        newest(builder.index.by_tag, tag, builder.settings.feed_items),
        f"{site}: {tag}",
        f"Briefings tagged {tag}.",
        urls.tag(tag),
        full_text,
    )


def iter_feeds(
    index: Index,
    settings: SiteSettings,
    bodies: Mapping[str, str],
    *,
    entity_feeds_of: Callable[[Sequence[Briefing]], bool] | None = None,
) -> Iterator[tuple[str, bytes]]:
    """The feeds of :func:`build_feeds`, one (path, contents) at a time: a whole
    archive's feeds are hundreds of megabytes, which a build need not hold at once."""
    builder = FeedBuilder(index, settings, bodies)
    for unit in feed_units(index, settings):
        listed = unit.listed
        if entity_feeds_of is not None and listed is not None and not entity_feeds_of(listed):
            continue
        yield from unit.make(builder).items()
