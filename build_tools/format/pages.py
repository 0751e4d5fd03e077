"""What the core hands to a site engine: pages and files, nothing engine-specific.

The MkDocs adapter turns these into MkDocs files; ``briefings export`` writes them to
a folder for any other engine. Every piece of contributor text in ``html`` has
already been escaped or sanitised by the renderer; ``title`` and ``description`` are
plain text that the engine adapter must escape when it prints them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# Items of an entity's feed in full by default: a reader polling daily gets every
# new briefing whole; a new subscriber gets the latest ten whole, older ones as links.
FEED_FULL_TEXT = 10


@dataclass(frozen=True, slots=True)
class SiteSettings:
    site_url: str  # absolute, e.g. https://example.org/archive/
    site_name: str = "The Briefing Archive"
    language: str = "en"
    feed_items: int = 50
    # How many of the newest items of an actor's, location's or tag's feed carry the
    # briefing's full text; older ones carry its title, summary and link. The site's
    # own feeds carry every item in full.
    feed_full_text: int = FEED_FULL_TEXT
    page_size: int = 50  # briefings per page of a long listing
    # Briefing dates carry no time: feeds publish them at this hour, UTC (documented).
    publish_hour_utc: int = 12
    # The hand-written About page (editorial standards), when the site has one.
    about_url: str | None = None


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed a page advertises for autodiscovery."""

    url: str  # relative to the site root
    title: str  # plain text
    media_type: str = "application/rss+xml"


@dataclass(frozen=True, slots=True)
class Page:
    url: str  # relative to the site root, ends with "/" ("" for home)
    title: str  # plain text; the engine escapes it
    description: str  # plain text; the engine escapes it
    # One raw HTML block: the engine reads it as the page's Markdown source and passes
    # it through untouched. Safe: contributor text inside is already escaped or sanitised.
    html: str
    kind: str  # "briefing", "actor", "location", "tag", "index", "archive", "quotes", ...
    search: bool = True  # listed in the site search index
    feeds: tuple[FeedLink, ...] = ()
    json_ld: str | None = None  # serialised with <, >, & and U+2028/9 escaped
    # An article (a briefing) has a publication time; every other page is a website
    # page (Open Graph's og:type), with neither.
    published: dt.datetime | None = None
    modified: dt.datetime | None = None

    @property
    def source_path(self) -> str:
        return f"{self.url}index.md" if self.url else "index.md"


@dataclass(frozen=True, slots=True)
class SiteContent:
    """Everything the archive publishes: pages for the engine, files written as they are."""

    pages: Sequence[Page]
    files: Mapping[str, bytes] = field(default_factory=dict)  # path → bytes (feeds, data)


def moment(value: dt.date | dt.datetime, hour_utc: int) -> dt.datetime:
    """A date as a point in time: a bare date is published at ``hour_utc``:00 UTC."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    return dt.datetime.combine(value, dt.time(hour_utc), tzinfo=dt.UTC)
