"""The archive as data: ``api/briefings.json``, ``api/actors.json``, ``api/locations.geojson``.

Written for people who load the archive into their own tools, so every record of a
kind has the same keys (an absent optional value is ``null``, an absent list is
``[]``), every URL is absolute, and every list has a fixed order: briefings newest
first as on the site, registry entries by id. The same archive always gives the
same bytes (see :func:`build_tools.feeds.data_bytes`).

Briefing bodies are left out: ``briefings.json`` is the archive's catalogue, the
page at each ``url`` carries the text, and the Markdown is in the repository.
"""

from __future__ import annotations

from build_tools import urls
from build_tools.feeds import data_bytes
from build_tools.index import Index
from build_tools.model import Actor, Briefing, Location
from build_tools.pages import SiteSettings

EXPORT_VERSION = 1


class _Exporter:
    def __init__(self, index: Index, settings: SiteSettings) -> None:
        self.index = index
        self.site_url = settings.site_url
        # An actor sits on thousands of briefings: make its reference once.
        archive = index.archive
        self.actor_ref = {
            a.id: {"id": a.id, "name": a.name, "url": self.absolute(urls.actor(a.id))}
            for a in archive.actors.values()
        }
        self.location_ref = {
            p.id: {"id": p.id, "name": p.name, "url": self.absolute(urls.location(p.id))}
            for p in archive.locations.values()
        }
        self.tag_ref = {t: {"id": t, "url": self.absolute(urls.tag(t))} for t in index.by_tag}

    def absolute(self, url: str) -> str:
        return urls.absolute(self.site_url, url)

    def briefing(self, item: Briefing) -> dict[str, object]:
        return {
            "id": item.id,
            "url": self.absolute(urls.briefing(item)),
            "date": item.date.isoformat(),
            "updated": None if item.updated is None else item.updated.isoformat(),
            "title": item.title,
            "summary": item.summary,
            "actors": [self.actor_ref[a] for a in item.actors],
            "locations": [self.location_ref[loc] for loc in item.locations],
            "tags": [self.tag_ref[t] for t in item.tags],
            "quotes": [
                {
                    "speaker": self.actor_ref[q.speaker],
                    "text": q.text,
                    "context": q.context,
                    "date": None if q.date is None else q.date.isoformat(),
                    "source": q.source,
                }
                for q in item.quotes
            ],
            "sources": [{"name": s.name, "url": s.url} for s in item.sources],
            "corrections": [{"date": c.date.isoformat(), "note": c.note} for c in item.corrections],
        }

    def page_and_feed(self, page: str, count: int) -> dict[str, object]:
        """An entity with no published briefing has no page and no feed: ``null``."""
        return {
            "briefing_count": count,
            "url": self.absolute(page) if count else None,
            "feed_url": self.absolute(urls.feed_of(page)) if count else None,
        }

    def actor(self, actor: Actor) -> dict[str, object]:
        return {
            "id": actor.id,
            "name": actor.name,
            "kind": actor.kind,
            "aliases": list(actor.aliases),
            "description": actor.description,
            "affiliation": actor.affiliation,
            "wikidata": actor.wikidata,
            "quote_count": len(self.index.quotes_by_speaker.get(actor.id, ())),
            **self.page_and_feed(urls.actor(actor.id), len(self.index.by_actor.get(actor.id, ()))),
        }

    def location(self, place: Location) -> dict[str, object]:
        """A GeoJSON Feature; RFC 7946 puts longitude first and allows a null geometry."""
        geometry = None
        if place.coordinates is not None:
            latitude, longitude = place.coordinates
            geometry = {"type": "Point", "coordinates": [longitude, latitude]}
        count = len(self.index.by_location.get(place.id, ()))
        return {
            "type": "Feature",
            "id": place.id,
            "geometry": geometry,
            "properties": {
                "id": place.id,
                "name": place.name,
                "kind": place.kind,
                "country": place.country,
                "within": place.within,
                "aliases": list(place.aliases),
                "wikidata": place.wikidata,
                **self.page_and_feed(urls.location(place.id), count),
            },
        }


def build_exports(index: Index, settings: SiteSettings) -> dict[str, bytes]:
    """Every data file the site publishes: path relative to the site root → contents."""
    exporter = _Exporter(index, settings)
    archive = index.archive
    return {
        urls.API_BRIEFINGS: data_bytes(
            {
                "version": EXPORT_VERSION,
                "briefings": [exporter.briefing(b) for b in index.briefings],
            }
        ),
        urls.API_ACTORS: data_bytes(
            {
                "version": EXPORT_VERSION,
                "actors": [exporter.actor(archive.actors[k]) for k in sorted(archive.actors)],
            }
        ),
        urls.API_LOCATIONS: data_bytes(
            {
                "type": "FeatureCollection",
                "features": [
                    exporter.location(archive.locations[k]) for k in sorted(archive.locations)
                ],
            }
        ),
    }
