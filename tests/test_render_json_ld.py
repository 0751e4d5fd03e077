"""Structured data that stays data inside an HTML <script> element."""

from __future__ import annotations

import json

from build_tools.index import build_index
from build_tools.loader import load_archive
from build_tools.pages import SiteSettings
from build_tools.render.json_ld import news_article, script_safe_json
from build_tools.validate import validate
from tests.site_builds import FIXTURE_URL, SITE_FIXTURE


def test_script_safe_json_escapes_what_could_end_the_script() -> None:
    value = {"t": "</script><!-- & \u2028\u2029 -->", "n": [1, True, None]}
    encoded = script_safe_json(value)
    for char in "<>&\u2028\u2029":
        assert char not in encoded
    assert json.loads(encoded) == value


def test_news_article_describes_the_briefing() -> None:
    archive, _ = validate(load_archive(SITE_FIXTURE))
    assert archive is not None
    index = build_index(archive)
    item = next(b for b in index.briefings if b.id == "2015-05-21-palmyra-captured")
    data = json.loads(news_article(index, SiteSettings(FIXTURE_URL), item))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == item.title
    assert data["description"] == item.summary
    assert data["datePublished"] == "2015-05-21"
    assert data["dateModified"] == "2015-05-23"
    assert data["url"] == f"{FIXTURE_URL}briefings/2015/2015-05-21-palmyra-captured/"
    assert data["keywords"] == ["territorial-control"]
    palmyra = next(p for p in data["contentLocation"] if p["name"] == "Palmyra")
    assert palmyra["geo"] == {"@type": "GeoCoordinates", "latitude": 34.56, "longitude": 38.28}
    state = next(a for a in data["about"] if a["name"] == "Islamic State")
    assert state["sameAs"] == "https://www.wikidata.org/wiki/Q2429253"
