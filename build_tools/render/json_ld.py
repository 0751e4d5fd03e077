"""``NewsArticle`` structured data for a briefing, safe to print inside ``<script>``.

A JSON string may hold ``</script>``; inside an HTML ``<script>`` element that ends
the element and whatever follows runs. Escaping ``<``, ``>`` and ``&`` as ``\\u003c``
and friends keeps the JSON identical for a parser and inert for the HTML tokenizer;
U+2028/U+2029 are escaped too, for consumers that still read JSON as JavaScript.
"""

from __future__ import annotations

import json
from typing import Any

from build_tools import urls
from build_tools.index import Index
from build_tools.model import Briefing
from build_tools.pages import SiteSettings

_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_ACTOR_TYPES = {"person": "Person", "state": "Country", "government": "GovernmentOrganization"}


def script_safe_json(value: Any) -> str:
    """JSON that can be printed verbatim inside an HTML ``<script>`` element."""
    encoded = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in _SCRIPT_UNSAFE.items():
        encoded = encoded.replace(char, escape)
    return encoded


def _wikidata(entity_wikidata: str | None) -> dict[str, str]:
    if entity_wikidata is None:
        return {}
    return {"sameAs": f"https://www.wikidata.org/wiki/{entity_wikidata}"}


def news_article(index: Index, settings: SiteSettings, item: Briefing) -> str:
    archive = index.archive
    page_url = urls.absolute(settings.site_url, urls.briefing(item))
    modified = item.updated if item.updated is not None else item.date
    about = []
    for actor_id in item.actors:
        actor = archive.actors[actor_id]
        about.append(
            {
                "@type": _ACTOR_TYPES.get(actor.kind, "Organization"),
                "name": actor.name,
                "url": urls.absolute(settings.site_url, urls.actor(actor_id)),
                **_wikidata(actor.wikidata),
            }
        )
    places = []
    for location_id in item.locations:
        place = archive.locations[location_id]
        entry: dict[str, Any] = {
            "@type": "Place",
            "name": place.name,
            "url": urls.absolute(settings.site_url, urls.location(location_id)),
            **_wikidata(place.wikidata),
        }
        if place.coordinates is not None:
            latitude, longitude = place.coordinates
            entry["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": latitude,
                "longitude": longitude,
            }
        places.append(entry)
    publisher = {
        "@type": "Organization",
        "name": settings.site_name,
        "url": urls.absolute(settings.site_url, urls.HOME),
    }
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": item.title,
        "description": item.summary,
        "datePublished": item.date.isoformat(),
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
    return script_safe_json(data)
