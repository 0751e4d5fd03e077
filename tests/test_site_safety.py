"""Untrusted content cannot run on the published site (issue part 4).

Two hostile archives are built with the real MkDocs and every file of each site
is scanned — pages, 404, search index, sitemap, feeds, data — for a script,
event handler, ``javascript:`` URL, iframe, SVG, form or style that came from
content. The first is valid (payloads in plain-text fields); the second has raw
HTML bodies the validator would refuse, handed to the plugin directly.
"""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest

from build_tools.loader import load_archive
from build_tools.validate import validate
from tests.hostile_archive import (
    HOSTILE_FIXTURE,
    build_hostile_site,
    build_unvalidated_site,
    feed_findings,
    page_findings,
)
from tests.site_builds import cached_site, content, page

pytestmark = pytest.mark.slow

HOSTILE_BRIEFING = "briefings/2015/2015-05-21-hostile-fields/"


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cached_site(tmp_path_factory, "hostile", build_hostile_site)


@pytest.fixture(scope="session")
def unvalidated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cached_site(tmp_path_factory, "unvalidated", build_unvalidated_site)


@pytest.mark.parametrize("built", ["hostile_site", "unvalidated_site"])
def test_no_payload_survives_in_pages_search_index_or_data(
    built: str, request: pytest.FixtureRequest
) -> None:
    assert page_findings(request.getfixturevalue(built)) == []


@pytest.mark.parametrize("built", ["hostile_site", "unvalidated_site"])
def test_no_payload_survives_in_feeds(built: str, request: pytest.FixtureRequest) -> None:
    assert feed_findings(request.getfixturevalue(built)) == []


def test_the_scan_sees_what_it_looks_for(tmp_path: Path) -> None:
    planted = {
        "a/index.html": '<html><body><article class="md-content__inner">'
        '<img src=x onerror="window.__xss=1"><a href=" jav&#x09;ascript:x">a</a>'
        "<script>window.__xss=2</script></article></body></html>",
        "search/search_index.json": json.dumps(
            {"docs": [{"location": "a/", "title": "<b>x</b>", "text": "<img src=x>"}]}
        ),
        "feed.xml": "<rss><item><description>&lt;svg onload=alert(1)&gt;</description></item>"
        "</rss>",
        "feed.json": json.dumps({"items": [{"content_html": "<b>x</b>"}]}),
    }
    for name, text in planted.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    findings = " ".join(page_findings(tmp_path) + feed_findings(tmp_path))
    for expected in ("onerror", "ascript", "inline script", "<b>", "<img>", "onload"):
        assert expected in findings


def test_the_valid_hostile_archive_is_valid() -> None:
    archive, diagnostics = validate(load_archive(HOSTILE_FIXTURE))
    assert archive is not None
    assert diagnostics == []


@pytest.mark.parametrize("built", ["hostile_site", "unvalidated_site"])
def test_hostile_text_is_shown_as_text_not_dropped(
    built: str, request: pytest.FixtureRequest
) -> None:
    site: Path = request.getfixturevalue(built)
    archive, _ = validate(load_archive(HOSTILE_FIXTURE))
    assert archive is not None
    item = next(b for b in archive.briefings if b.id == "2015-05-21-hostile-fields")
    tree = page(site, HOSTILE_BRIEFING)
    article = content(tree)
    assert article.xpath("string(.//h1)") == item.title
    assert tree.xpath("string(//title)") == f"{item.title} - Fixture Archive"
    assert tree.xpath("string(//meta[@name='description']/@content)") == item.summary
    assert item.summary in article.text_content()
    assert item.quotes[0].text in article.text_content()
    evil = archive.actors["evil-corp"]
    actor = page(site, "actors/evil-corp/")
    assert content(actor).xpath("string(.//h1)") == evil.name
    assert all(alias in content(actor).text_content() for alias in evil.aliases)
    (script,) = tree.xpath("//script[@type='application/ld+json']")
    assert json.loads(script.text)["headline"] == item.title


def test_raw_html_in_a_body_is_removed_and_markdown_text_kept(unvalidated_site: Path) -> None:
    body = content(page(unvalidated_site, HOSTILE_BRIEFING)).xpath(
        ".//div[contains(@class, 'ba-body')]"
    )[0]
    text = body.text_content()
    assert "Paragraph with an attribute list." in text
    assert '{: onclick="window.__xss=71" }' in text  # attr_list is off: it stays text
    safe_link = body.xpath(".//a[.='o']")[0]
    assert safe_link.get("href") == "https://example.org/"
    assert safe_link.get("onclick") is None
    assert [a.get("href") for a in body.xpath(".//a[.='a' or .='f' or .='g']")] == [None] * 3
    assert lxml.html.tostring(body).count(b"<script") == 0
