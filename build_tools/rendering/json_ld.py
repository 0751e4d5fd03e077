"""``NewsArticle`` structured data for a briefing, safe to print inside ``<script>``.

What schema.org and Google list for a NewsArticle is here — headline, description,
dates with a time and an offset (a bare date is the documented publication hour,
UTC, as in the feeds), author, publisher, about, contentLocation, keywords, the
sources as ``citation`` and each quote as a ``Quotation`` part (``hasPart``) with
its speaker, date and the article it is part of — except ``image``: a briefing
has no picture of its own, and a stock logo would tell a search engine something
false about the article.

Written with :func:`build_tools.format.json_text.script_safe_json`, the writer of every JSON
the archive publishes: a ``</script>`` in a title cannot end the element.
"""

from __future__ import annotations

from typing import Any

from build_tools.format import urls
from build_tools.format.json_text import script_safe_json
from build_tools.format.model import Actor, Briefing, Location, Quote, Source
from build_tools.format.pages import SiteSettings, moment
from build_tools.indexing.index import Index

_ACTOR_TYPES = {"person": "Person", "state": "Country", "government": "GovernmentOrganization"}


def _wikidata(entity_wikidata: str | None) -> dict[str, str]:
    if entity_wikidata is None:
        return {}
    return {"sameAs": f"https://www.wikidata.org/wiki/{entity_wikidata}"}


def _actor(index: Index, settings: SiteSettings, actor: Actor) -> dict[str, Any]:
    """An actor as a Person or Organization; ``url`` only when it has a page."""
    data: dict[str, Any] = {
        "@type": _ACTOR_TYPES.get(actor.kind, "Organization"),
        "name": actor.name,
        **_wikidata(actor.wikidata),
    }
    if actor.id in index.by_actor_and_affiliates:
        data["url"] = urls.absolute(settings.site_url, urls.actor(actor.id))
    return data


def _quotation(index: Index, settings: SiteSettings, quote: Quote, page_url: str) -> dict[str, Any]:
    speaker = _actor(index, settings, index.archive.actors[quote.speaker])
    data: dict[str, Any] = {
        "@type": "Quotation",
        "text": quote.text,
        "creator": speaker,
        "spokenByCharacter": speaker,
        "isPartOf": {"@id": page_url},
    }
    if quote.date is not None:
        data["dateCreated"] = quote.date.isoformat()
    if quote.context:
        data["description"] = quote.context
    if quote.source:
        data["citation"] = quote.source
    return data


def _citation(source: Source) -> dict[str, Any]:
    """A source as the work it is: its headline, published by the outlet, on its date."""
    data: dict[str, Any] = {
        "@type": "CreativeWork",
        "name": source.title or source.name,
        "publisher": {"@type": "Organization", "name": source.name},
    }
    if source.date is not None:
        data["datePublished"] = source.date.isoformat()
    if source.url is not None:
        data["url"] = source.url
    return data


def _place(settings: SiteSettings, place: Location) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "@type": "Place",
        "name": place.name,
        "url": urls.absolute(settings.site_url, urls.location(place.id)),
        **_wikidata(place.wikidata),
    }
    if place.coordinates is not None:
        latitude, longitude = place.coordinates
        entry["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": latitude,
            "longitude": longitude,
        }
    return entry


def news_article(index: Index, settings: SiteSettings, item: Briefing) -> str:
    archive = index.archive
    page_url = urls.absolute(settings.site_url, urls.briefing(item))
    hour = settings.publish_hour_utc
    published = moment(item.date, hour)
    modified = moment(item.updated, hour) if item.updated is not None else published
    about = [_actor(index, settings, archive.actors[a]) for a in item.actors]
    places = [_place(settings, archive.locations[p]) for p in item.locations]
    publisher = {
        "@type": "Organization",
        "name": settings.site_name,
        "url": urls.absolute(settings.site_url, urls.HOME),
    }
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": page_url,
        "headline": item.title,
        "description": item.summary,
        "datePublished": published.isoformat(),
        "dateModified": modified.isoformat(),
        "url": page_url,
        "mainEntityOfPage": page_url,
        "inLanguage": settings.language,
        "isAccessibleForFree": True,
        "publisher": publisher,
        "author": publisher,
        "about": about,
    }
    if places:
        data["contentLocation"] = places
    if item.tags:
        data["keywords"] = list(item.tags)
    if item.sources:
        data["citation"] = [_citation(s) for s in item.sources]
    if item.quotes:
        data["hasPart"] = [_quotation(index, settings, q, page_url) for q in item.quotes]
    return script_safe_json(data)
