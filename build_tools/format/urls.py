"""Every published address, in one place.

Addresses are permanent (FORMAT.md): subscribers and other sites link to them, so
each is defined once here and every page, feed and export asks for it by name.
All are relative to the site root, without a leading slash, ending in ``/`` for
pages (MkDocs' directory URLs).
"""

from __future__ import annotations

from build_tools.format.model import Briefing
from build_tools.format.pages import FeedLink

HOME = ""
ARCHIVE = "archive/"
ACTORS = "actors/"
LOCATIONS = "locations/"
TAGS = "tags/"
QUOTES = "quotes/"
CORRECTIONS = "corrections/"
CORRECTIONS_FEED = "corrections/feed.xml"
SEARCH = "search/"
MAP = "map/"
RSS = "feed.xml"
ATOM = "atom.xml"
JSON_FEED = "feed.json"
API_BRIEFINGS = "api/briefings.json"
API_ACTORS = "api/actors.json"
API_LOCATIONS = "api/locations.geojson"
API_BRIEFINGS_CSV = "api/briefings.csv"
API_QUOTES_CSV = "api/quotes.csv"


def api_briefings_year(year: int) -> str:
    """The briefings of one year as data: ``api/briefings/2015.json``."""
    return f"api/briefings/{year:04d}.json"


def briefing(item: Briefing) -> str:
    return f"briefings/{item.date.year:04d}/{item.id}/"


def archive_year(year: int) -> str:
    return f"archive/{year:04d}/"


def actor(actor_id: str) -> str:
    return f"actors/{actor_id}/"


def location(location_id: str) -> str:
    return f"locations/{location_id}/"


def tag(tag_id: str) -> str:
    return f"tags/{tag_id}/"


def feed_of(page_url: str) -> str:
    """An entity page's RSS feed lives beside it: ``actors/ID/feed.xml``."""
    return f"{page_url}{RSS}"


def atom_of(page_url: str) -> str:
    """An entity page's Atom feed: ``actors/ID/atom.xml``."""
    return f"{page_url}{ATOM}"


def json_feed_of(page_url: str) -> str:
    """An entity page's JSON Feed: ``actors/ID/feed.json``."""
    return f"{page_url}{JSON_FEED}"


def paged(page_url: str, number: int) -> str:
    """Page ``number`` (1-based) of a long listing; page 1 is the listing itself."""
    return page_url if number == 1 else f"{page_url}page/{number}/"


def older(page_url: str, number: int) -> str:
    """Page ``number`` of the briefings below a listing's first page, counted from the
    oldest (``page/1/`` holds the oldest), so that the address keeps its briefings as
    the listing grows; 0 is the listing itself."""
    return page_url if number == 0 else f"{page_url}page/{number}/"


def absolute(site_url: str, page_url: str) -> str:
    return site_url.rstrip("/") + "/" + page_url


def relative(from_url: str, to_url: str) -> str:
    """A link from one page to another that works on any host and under any prefix."""
    depth = from_url.count("/")
    return "../" * depth + to_url if depth else to_url or "./"


# The feeds' media types, as pages advertise them for autodiscovery.
RSS_MEDIA_TYPE = "application/rss+xml"
ATOM_MEDIA_TYPE = "application/atom+xml"
JSON_FEED_MEDIA_TYPE = "application/feed+json"


def site_feeds(site_name: str) -> tuple[FeedLink, ...]:
    """The archive-wide feeds every page advertises: the home page's, as an entity's
    lie beside its page."""
    return entity_feeds(HOME, site_name)


def entity_feeds(page_url: str, title: str) -> tuple[FeedLink, ...]:
    """The three feeds of an actor, location or tag page, for autodiscovery, in the
    order readers list them."""
    return (
        FeedLink(feed_of(page_url), f"{title} (RSS)", RSS_MEDIA_TYPE),
        FeedLink(atom_of(page_url), f"{title} (Atom)", ATOM_MEDIA_TYPE),
        FeedLink(json_feed_of(page_url), f"{title} (JSON Feed)", JSON_FEED_MEDIA_TYPE),
    )
