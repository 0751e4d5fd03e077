"""Untrusted content cannot run on the published site (issue part 4).

Two hostile archives are built with the real MkDocs and every file of each site
is scanned — pages, 404, search index, sitemap, feeds, data — for a script,
event handler, ``javascript:`` URL, iframe, SVG, form or style that came from
content. The first is valid (payloads in plain-text fields); the second has raw
HTML bodies the validator would refuse, handed to the plugin directly.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import feedparser
import lxml.html
import pytest

from build_tools.validation.archive import check_archive
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
    planted: dict[str, str | bytes] = {
        "a/index.html": '<html><body><article class="md-content__inner">'
        '<img src=x onerror="window.__xss=1"><a href=" jav&#x09;ascript:x">a</a>'
        "<script>window.__xss=2</script></article></body></html>",
        "pagefind/fragment/en_1.pf_fragment": gzip.compress(
            b"pagefind_dcd" + json.dumps({"url": "javascript:alert(1)"}).encode()
        ),
        "feed.xml": "<rss><item><description>&lt;svg onload=alert(1)&gt;</description></item>"
        "</rss>",
        "feed.json": json.dumps({"items": [{"content_html": "<b>x</b>"}]}),
    }
    for name, text in planted.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (tmp_path / name).write_bytes(data)
    findings = " ".join(page_findings(tmp_path) + feed_findings(tmp_path))
    for expected in ("onerror", "ascript", "inline script", "url 'javascript", "onload"):
        assert expected in findings


def test_the_valid_hostile_archive_is_valid() -> None:
    checked = check_archive(HOSTILE_FIXTURE)
    archive, diagnostics = checked.archive, checked.diagnostics
    assert archive is not None
    assert diagnostics == []


@pytest.mark.parametrize("built", ["hostile_site", "unvalidated_site"])
def test_hostile_text_is_shown_as_text_not_dropped(
    built: str, request: pytest.FixtureRequest
) -> None:
    site: Path = request.getfixturevalue(built)
    archive = check_archive(HOSTILE_FIXTURE).archive
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


def shown_as_html(markup: str) -> tuple[str, int]:
    """What a reader displays for ``markup`` rendered as HTML, and how many elements."""
    fragment = lxml.html.fragment_fromstring(f"<div>{markup}</div>")
    return fragment.text_content(), len(fragment)


@pytest.mark.parametrize(
    ("page", "registry", "entity"),
    [("actors/evil-corp/", "actors", "evil-corp"), ("locations/badland/", "locations", "badland")],
)
def test_entity_feeds_show_a_hostile_name_as_text_in_every_field(
    hostile_site: Path, page: str, registry: str, entity: str
) -> None:
    archive = check_archive(HOSTILE_FIXTURE).archive
    assert archive is not None
    name = getattr(archive, registry)[entity].name
    parsed = feedparser.parse((hostile_site / page / "feed.xml").read_bytes())
    assert not parsed.bozo
    channel = parsed.feed
    for detail, expected in (
        (channel.title_detail, f"Fixture Archive: {name}"),
        (channel.subtitle_detail, f"Briefings on {name}."),
    ):
        if detail.type == "text/html":
            assert shown_as_html(detail.value) == (expected, 0)
        else:
            assert detail.value == expected
    for entry in parsed.entries:
        assert entry.title_detail.type == "text/html"
        assert shown_as_html(entry.title_detail.value)[1] == 0


@pytest.mark.parametrize("feed", ["feed.xml", "atom.xml", "corrections/feed.xml"])
def test_item_titles_and_summaries_read_back_as_the_plain_text_written(
    hostile_site: Path, feed: str
) -> None:
    archive = check_archive(HOSTILE_FIXTURE).archive
    assert archive is not None
    titles = {b.title for b in archive.briefings} | {
        f"Correction: {b.title}" for b in archive.briefings
    }
    summaries = {b.summary for b in archive.briefings} | {
        c.note for b in archive.briefings for c in b.corrections
    }
    parsed = feedparser.parse((hostile_site / feed).read_bytes())
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.title_detail.type == entry.summary_detail.type == "text/html"
        shown_title, title_elements = shown_as_html(entry.title)
        shown_summary, summary_elements = shown_as_html(entry.summary)
        assert (title_elements, summary_elements) == (0, 0)
        assert shown_title.replace("\u2028", " ").replace("\u2029", " ") in {
            t.replace("\u2028", " ").replace("\u2029", " ") for t in titles
        }
        assert shown_summary in summaries


@pytest.mark.parametrize("built", ["hostile_site", "unvalidated_site"])
def test_every_json_file_writes_markup_characters_as_escapes(
    built: str, request: pytest.FixtureRequest
) -> None:
    site: Path = request.getfixturevalue(built)
    written = [
        p
        for p in sorted(site.rglob("*"))
        if p.suffix in (".json", ".geojson") and p.relative_to(site).parts[0] != "search"
    ]
    assert {"feed.json", "api/briefings.json", "api/actors.json", "api/locations.geojson"} <= {
        p.relative_to(site).as_posix() for p in written
    }
    for path in written:
        data = path.read_bytes()
        assert not {"<", ">", "&"} & set(data.decode("utf-8")), path
        json.loads(data)
    archive = check_archive(HOSTILE_FIXTURE).archive
    assert archive is not None
    exported = [
        record
        for year_file in sorted((site / "api" / "briefings").glob("*.json"))
        for record in json.loads(year_file.read_bytes())["briefings"]
    ]
    assert {b["title"] for b in exported} == {b.title for b in archive.briefings}
    actors = json.loads((site / "api" / "actors.json").read_bytes())["actors"]
    assert {a["name"] for a in actors} == {a.name for a in archive.actors.values()}


def test_body_markup_carries_none_of_the_sites_classes_or_ids(unvalidated_site: Path) -> None:
    body = content(page(unvalidated_site, HOSTILE_BRIEFING)).xpath(
        ".//div[contains(@class, 'ba-body')]"
    )[0]
    donate = body.xpath(".//a[.='donate']")[0]
    assert donate.get("href") == "https://evil.example/"
    assert (donate.get("class"), donate.get("id")) == (None, None)
    classes = {name for e in body.iter() for name in (e.get("class") or "").split()}
    assert classes <= {"ba-body", "ba-mention", "footnote", "footnote-ref", "footnote-backref"}
