"""Structured data that stays data inside an HTML <script> element."""

from __future__ import annotations

import json
from typing import Any

from build_tools.format.json_text import script_safe_json
from build_tools.format.pages import SiteSettings
from build_tools.indexing.index import build_index
from build_tools.rendering.json_ld import news_article
from build_tools.validation.archive import check_archive
from tests.site_builds import FIXTURE_URL, SITE_FIXTURE


def test_script_safe_json_escapes_what_could_end_the_script() -> None:
    value = {"t": "</script><!-- & \u2028\u2029 -->", "n": [1, True, None]}
    encoded = script_safe_json(value)
    for char in "<>&\u2028\u2029":
        assert char not in encoded
    assert json.loads(encoded) == value


def test_news_article_describes_the_briefing() -> None:
    archive = check_archive(SITE_FIXTURE).archive
    assert archive is not None
    index = build_index(archive)
    item = next(b for b in index.briefings if b.id == "2015-05-21-palmyra-captured")
    data = json.loads(news_article(index, SiteSettings(FIXTURE_URL), item))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == item.title
    assert data["description"] == item.summary
    # The documented publication hour, 12:00 UTC, as in the feeds.
    assert data["datePublished"] == "2015-05-21T12:00:00+00:00"
    assert data["dateModified"] == "2015-05-23T12:00:00+00:00"
    assert data["url"] == f"{FIXTURE_URL}briefings/2015/2015-05-21-palmyra-captured/"
    assert data["keywords"] == ["territorial-control"]
    palmyra = next(p for p in data["contentLocation"] if p["name"] == "Palmyra")
    assert palmyra["geo"] == {"@type": "GeoCoordinates", "latitude": 34.56, "longitude": 38.28}
    state = next(a for a in data["about"] if a["name"] == "Islamic State")
    assert state["sameAs"] == "https://www.wikidata.org/wiki/Q2429253"


def _palmyra() -> dict[str, Any]:
    archive = check_archive(SITE_FIXTURE).archive
    assert archive is not None
    index = build_index(archive)
    item = next(b for b in index.briefings if b.id == "2015-05-21-palmyra-captured")
    data: dict[str, Any] = json.loads(news_article(index, SiteSettings(FIXTURE_URL), item))
    return data


def test_each_quote_is_a_quotation_part_of_the_article() -> None:
    data = _palmyra()
    page = f"{FIXTURE_URL}briefings/2015/2015-05-21-palmyra-captured/"
    assert data["@id"] == page
    spokesman, group = data["hasPart"]
    assert spokesman == {
        "@type": "Quotation",
        "text": "The city is ours.",
        "creator": {
            "@type": "Person",
            "name": "Abu Spokesman",
            "url": f"{FIXTURE_URL}actors/abu-spokesman/",
        },
        "spokenByCharacter": spokesman["creator"],
        "dateCreated": "2015-05-21",
        "isPartOf": {"@id": page},
    }
    assert group["creator"]["sameAs"] == "https://www.wikidata.org/wiki/Q2429253"
    assert group["description"] == "Statement online"
    assert "dateCreated" not in group


def test_sources_are_cited_works() -> None:
    assert _palmyra()["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "Palmyra falls",
            "publisher": {"@type": "Organization", "name": "Example Wire"},
            "datePublished": "2015-05-21",
            "url": "https://example.org/wire/palmyra",
        },
        {
            "@type": "CreativeWork",
            "name": "A local observer",
            "publisher": {"@type": "Organization", "name": "A local observer"},
        },
    ]


def test_no_image_is_claimed() -> None:
    """A briefing has no picture of its own; the article must not pretend one."""
    assert "image" not in _palmyra()
