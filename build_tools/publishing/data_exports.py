"""The archive as data: JSON, GeoJSON and CSV files under ``api/``.

``api/briefings.json`` is the entry point: an index of per-year files
(``api/briefings/2015.json``) that hold the records, so no JSON file grows with the
whole archive. ``api/briefings.csv`` and ``api/quotes.csv`` are the same records
flattened for spreadsheets and data frames (RFC 4180: UTF-8, comma-separated,
CRLF, fields quoted when they must be), ids of a list joined with ``|``.

Written for people who load the archive into their own tools, so every record of a
kind has the same keys (an absent optional value is ``null``, an absent list is
``[]``), every URL is absolute, and every list has a fixed order: briefings newest
first as on the site, registry entries by id. The same archive always gives the
same bytes (see :func:`build_tools.format.json_text.data_bytes`).

Briefing bodies are left out: ``briefings.json`` is the archive's catalogue, the
page at each ``url`` carries the text, and the Markdown is in the repository.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable, Iterable, Iterator, Sequence

from build_tools.format import urls
from build_tools.format.json_text import data_bytes
from build_tools.format.model import Actor, Briefing, Location
from build_tools.format.pages import SiteSettings
from build_tools.indexing.index import Index

# 2: briefings.json became an index of per-year files; sources gained title and date.
EXPORT_VERSION = 2
CSV_LIST_SEPARATOR = "|"  # never in an id, tag or slug; not a delimiter in any locale
# A spreadsheet runs a cell that starts with one of these as a formula ("CSV
# injection"); such a text cell is written with a leading apostrophe, as OWASP advises.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BRIEFING_CSV_COLUMNS = (
    "id",
    "url",
    "date",
    "updated",
    "title",
    "summary",
    "actors",
    "locations",
    "tags",
    "quote_count",
    "source_count",
    "correction_count",
)
QUOTE_CSV_COLUMNS = (
    "briefing_id",
    "briefing_url",
    "briefing_date",
    "speaker",
    "speaker_name",
    "text",
    "context",
    "date",
    "source",
)


def csv_text(value: str | None) -> str:
    """A plain-text cell: empty for null, defused when a spreadsheet would run it."""
    if value is None:
        return ""
    return "'" + value if value.startswith(_FORMULA_START) else value


def csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """RFC 4180: a header row, CRLF after every row, quotes only where needed."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", errors="replace")


class Exporter:
    def __init__(self, index: Index, settings: SiteSettings) -> None:
        self.index = index
        self.site_url = settings.site_url
        # An actor sits on thousands of briefings: its reference is made once, when
        # first needed (a file depends on the entries it names, not on every entry).
        self._refs: dict[tuple[str, str], dict[str, str]] = {}

    def ref(self, kind: str, key: str) -> dict[str, str]:
        made = self._refs.get((kind, key))
        if made is None:
            if kind == "actor":
                name, url = self.index.archive.actors[key].name, urls.actor(key)
                made = {"id": key, "name": name, "url": self.absolute(url)}
            elif kind == "location":
                name, url = self.index.archive.locations[key].name, urls.location(key)
                made = {"id": key, "name": name, "url": self.absolute(url)}
            else:
                made = {"id": key, "url": self.absolute(urls.tag(key))}
            self._refs[kind, key] = made
        return made

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
            "actors": [self.ref("actor", a) for a in item.actors],
            "locations": [self.ref("location", loc) for loc in item.locations],
            "tags": [self.ref("tag", t) for t in item.tags],
            "quotes": [
                {
                    "speaker": self.ref("actor", q.speaker),
                    "text": q.text,
                    "context": q.context,
                    "date": None if q.date is None else q.date.isoformat(),
                    "source": q.source,
                }
                for q in item.quotes
            ],
            "sources": [
                {
                    "name": s.name,
                    "title": s.title,
                    "date": None if s.date is None else s.date.isoformat(),
                    "url": s.url,
                }
                for s in item.sources
            ],
            "corrections": [{"date": c.date.isoformat(), "note": c.note} for c in item.corrections],
        }

    def page_and_feed(self, page: str, has_page: bool) -> dict[str, object]:
        """An entity with no published briefing, directly or rolled up, has no page
        and no feeds: ``null``."""
        return {
            "url": self.absolute(page) if has_page else None,
            "feed_url": self.absolute(urls.feed_of(page)) if has_page else None,
            "atom_url": self.absolute(urls.atom_of(page)) if has_page else None,
            "json_feed_url": self.absolute(urls.json_feed_of(page)) if has_page else None,
        }

    def actor(self, actor: Actor) -> dict[str, object]:
        index = self.index
        rolled_up = len(index.by_actor_and_affiliates.get(actor.id, ()))
        return {
            "id": actor.id,
            "name": actor.name,
            "kind": actor.kind,
            "aliases": list(actor.aliases),
            "description": actor.description,
            "affiliation": actor.affiliation,
            "wikidata": actor.wikidata,
            "quote_count": len(index.quotes_by_speaker.get(actor.id, ())),
            "briefing_count": len(index.by_actor.get(actor.id, ())),
            "briefing_count_with_affiliates": rolled_up,
            **self.page_and_feed(urls.actor(actor.id), rolled_up > 0),
        }

    def location(self, place: Location) -> dict[str, object]:
        """A GeoJSON Feature; RFC 7946 puts longitude first and allows a null geometry."""
        geometry = None
        if place.coordinates is not None:
            latitude, longitude = place.coordinates
            geometry = {"type": "Point", "coordinates": [longitude, latitude]}
        rolled_up = len(self.index.by_location_and_within.get(place.id, ()))
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
                "briefing_count": len(self.index.by_location.get(place.id, ())),
                "briefing_count_with_places_within": rolled_up,
                **self.page_and_feed(urls.location(place.id), rolled_up > 0),
            },
        }

    def briefing_row(self, item: Briefing) -> list[str]:
        return [
            item.id,
            self.absolute(urls.briefing(item)),
            item.date.isoformat(),
            "" if item.updated is None else item.updated.isoformat(),
            csv_text(item.title),
            csv_text(item.summary),
            CSV_LIST_SEPARATOR.join(item.actors),
            CSV_LIST_SEPARATOR.join(item.locations),
            CSV_LIST_SEPARATOR.join(item.tags),
            str(len(item.quotes)),
            str(len(item.sources)),
            str(len(item.corrections)),
        ]

    def catalogue(self) -> dict[str, object]:
        """The entry point of the data: how many briefings, and where each year's are."""
        return {
            "version": EXPORT_VERSION,
            "briefing_count": len(self.index.briefings),
            "years": [
                {
                    "year": year,
                    "briefing_count": len(items),
                    "url": self.absolute(urls.api_briefings_year(year)),
                }
                for year, items in self.index.by_year.items()
            ],
            "csv_url": self.absolute(urls.API_BRIEFINGS_CSV),
            "quotes_csv_url": self.absolute(urls.API_QUOTES_CSV),
        }

    def quote_rows(self, item: Briefing) -> Iterable[list[str]]:
        url = self.absolute(urls.briefing(item))
        actors = self.index.archive.actors
        for quote in item.quotes:
            yield [
                item.id,
                url,
                item.date.isoformat(),
                quote.speaker,
                csv_text(actors[quote.speaker].name),
                csv_text(quote.text),
                csv_text(quote.context),
                "" if quote.date is None else quote.date.isoformat(),
                csv_text(quote.source),
            ]


def build_data_exports(index: Index, settings: SiteSettings) -> dict[str, bytes]:
    """Every data file the site publishes: path relative to the site root → contents."""
    exporter = Exporter(index, settings)
    files: dict[str, bytes] = {}
    for _, make in data_units(index):
        files.update(make(exporter))
    return files


DataUnit = tuple[str, Callable[["Exporter"], dict[str, bytes]]]


def data_units(index: Index) -> Iterator[DataUnit]:
    """Each data file, made on its own (a preview makes again only those whose reads
    changed: :mod:`build_tools.publishing.archive_change`), in the order of the site."""
    for year in index.by_year:
        yield f"year {year}", functools.partial(_year_file, year)
    yield "catalogue", lambda e: {urls.API_BRIEFINGS: data_bytes(e.catalogue())}
    yield "briefings csv", _briefings_csv
    yield "quotes csv", _quotes_csv
    yield "actors", _actors_file
    yield "locations", _locations_file


def _year_file(year: int, exporter: Exporter) -> dict[str, bytes]:
    items = exporter.index.by_year[year]
    briefings = [exporter.briefing(b) for b in items]
    document = {"version": EXPORT_VERSION, "year": year, "briefings": briefings}
    return {urls.api_briefings_year(year): data_bytes(document)}


def _briefings_csv(exporter: Exporter) -> dict[str, bytes]:
    rows = (exporter.briefing_row(b) for b in exporter.index.briefings)
    return {urls.API_BRIEFINGS_CSV: csv_bytes(BRIEFING_CSV_COLUMNS, rows)}


def _quotes_csv(exporter: Exporter) -> dict[str, bytes]:
    rows = (row for b in exporter.index.briefings for row in exporter.quote_rows(b))
    return {urls.API_QUOTES_CSV: csv_bytes(QUOTE_CSV_COLUMNS, rows)}


def _actors_file(exporter: Exporter) -> dict[str, bytes]:
    actors = exporter.index.archive.actors
    listed = [exporter.actor(actors[k]) for k in sorted(actors)]
    return {urls.API_ACTORS: data_bytes({"version": EXPORT_VERSION, "actors": listed})}


def _locations_file(exporter: Exporter) -> dict[str, bytes]:
    places = exporter.index.archive.locations
    features = [exporter.location(places[k]) for k in sorted(places)]
    return {urls.API_LOCATIONS: data_bytes({"type": "FeatureCollection", "features": features})}
