"""The site as a reader gets it: built by the real MkDocs, read back as HTML.

Most tests use the small archive in ``tests/fixtures/published`` (page_size 3, two years,
a draft, corrections, quotes); a few build the real archive with the repository's
own ``mkdocs.yml`` under a path prefix, as it is published.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from lxml.html import HtmlElement

from build_tools.publishing.check_links import check_links
from tests.site_builds import (
    FIXTURE_URL,
    REAL_URL,
    build_fixture_site,
    build_real_site,
    cached_site,
    content,
    html_pages,
    links,
    page,
    resolve,
    search_fragments,
)

pytestmark = pytest.mark.slow

# Feed autodiscovery: a <link> whose rel holds the token "alternate", as readers look.
FEED_LINKS = "//link[contains(concat(' ', normalize-space(@rel), ' '), ' alternate ')]/@href"

PUBLISHED = {
    "2014-06-29-caliphate-declared",
    "2014-08-08-raqqa-airbase",
    "2014-12-01-winter-lull",
    "2015-01-15-january-raids",
    "2015-03-10-march-advance",
    "2015-05-20-palmyra-assault",
    "2015-05-21-palmyra-captured",
    "2015-06-02-june-patrols",
    "2015-07-04-july-report",
}
# Islamic State's briefings, newest first: three pages of three.
ISLAMIC_STATE = [
    "2015-07-04-july-report",
    "2015-06-02-june-patrols",
    "2015-05-21-palmyra-captured",
    "2015-05-20-palmyra-assault",
    "2015-03-10-march-advance",
    "2015-01-15-january-raids",
    "2014-08-08-raqqa-airbase",
    "2014-06-29-caliphate-declared",
]


def briefing_url(briefing_id: str) -> str:
    return f"briefings/{briefing_id[:4]}/{briefing_id}/"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cached_site(tmp_path_factory, "fixture", build_fixture_site)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cached_site(tmp_path_factory, "real", build_real_site)


def listed_briefings(site: Path, url: str) -> list[str]:
    """Ids of the briefings a listing page shows, in order (on an entity page, those
    of its list of briefings, not of its quotes)."""
    ids = []
    article = content(page(site, url))
    listing = article.xpath(".//section[contains(@class, 'ba-briefings')]") or [article]
    for _, target in links(listing[0], url):
        match = re.fullmatch(r"briefings/\d{4}/([^/]+)/", target)
        if match and match.group(1) not in ids:
            ids.append(match.group(1))
    return ids


# --- addresses ---------------------------------------------------------------------


def test_every_published_address_exists(site: Path) -> None:
    pages = ["", "archive/", "archive/2014/", "archive/2015/", "actors/", "locations/"]
    pages += ["tags/", "quotes/", "corrections/"]
    pages += [briefing_url(b) for b in PUBLISHED]
    pages += [f"actors/{a}/" for a in ("islamic-state", "abu-spokesman", "syrian-army", "sohr")]
    pages += [f"locations/{loc}/" for loc in ("palmyra", "raqqah", "syria")]
    pages += [f"tags/{t}/" for t in ("clashes", "declarations", "territorial-control")]
    missing = [url for url in pages if not (site / url / "index.html").is_file()]
    files = ["feed.xml", "atom.xml", "feed.json", "corrections/feed.xml"]
    files += [
        "actors/islamic-state/feed.xml",
        "locations/palmyra/feed.xml",
        "tags/clashes/feed.xml",
    ]
    files += ["api/briefings.json", "api/actors.json", "api/locations.geojson"]
    files += ["search/index.html", "pagefind/pagefind.js", "pagefind/pagefind-entry.json"]
    files += ["404.html", "sitemap.xml"]
    missing += [f for f in files if not (site / f).is_file()]
    assert missing == []


def test_drafts_and_what_only_drafts_use_are_never_published(site: Path) -> None:
    assert not (site / briefing_url("2015-08-01-draft-briefing")).exists()
    assert not (site / "actors" / "hidden-actor").exists()
    assert not (site / "tags" / "draft-only-tag").exists()
    draft_words = (b"must never be published", b"zebra quartz", b"draft-only-tag")
    leaks = [
        path.relative_to(site).as_posix()
        for path in site.rglob("*")
        if path.is_file()
        and "assets" not in path.parts
        and any(word in path.read_bytes() for word in draft_words)
    ]
    assert leaks == []
    # The registry is public (api/actors.json lists it), but no page names the actor.
    assert not [p for p in html_pages(site) if b"Hiddenman" in p.read_bytes()]


def test_a_place_with_briefings_only_within_it_has_a_page_listing_them(site: Path) -> None:
    # Homs Governorate is only ever the region Palmyra lies within.
    url = "locations/homs-governorate/"
    assert listed_briefings(site, url) == listed_briefings(site, "locations/palmyra/")
    article = content(page(site, url))
    text = " ".join(article.text_content().split())
    assert "3 briefings (0 directly, 3 at places within)" in text
    marks = article.xpath(
        ".//section[contains(@class, 'ba-briefings')]//span[@class='ba-item__via']"
    )
    assert [" ".join(m.text_content().split()) for m in marks] == ["in Palmyra"] * 3
    assert ("Palmyra", "locations/palmyra/") in links(marks[0], url)


# --- briefing pages ----------------------------------------------------------------


def test_briefing_page_shows_its_facts_with_aliases(site: Path) -> None:
    url = briefing_url("2015-05-21-palmyra-captured")
    article = content(page(site, url))
    text = " ".join(article.text_content().split())
    assert article.xpath("string(.//h1)") == "Islamic State captures Palmyra"
    assert "21 May 2015" in text
    assert "updated 23 May 2015" in text
    assert "The group took the city of Palmyra." in text
    assert "Islamic State (IS, ISIS, ISIL, Daesh)" in text
    assert "Palmyra (Tadmur)" in text
    targets = {t for _, t in links(article, url)}
    assert {"actors/islamic-state/", "actors/abu-spokesman/", "locations/palmyra/"} <= targets
    assert {"locations/syria/", "tags/territorial-control/"} <= targets


def test_briefing_page_shows_corrections_newest_last_as_written(site: Path) -> None:
    article = content(page(site, briefing_url("2015-05-21-palmyra-captured")))
    box = article.xpath(".//*[@id='corrections']")[0]
    notes = [" ".join(li.text_content().split()) for li in box.iter("li")]
    assert notes == [
        "22 May 2015: An earlier version gave the wrong day for the capture.",
        "23 May 2015: The spokesman's name was misspelt.",
    ]
    assert "2 corrections" in article.text_content()


def test_briefing_quotes_link_their_speaker(site: Path) -> None:
    url = briefing_url("2015-05-21-palmyra-captured")
    figures = content(page(site, url)).xpath(".//figure[contains(@class, 'ba-quote')]")
    assert [" ".join(f.xpath("string(.//blockquote)").split()) for f in figures] == [
        "The city is ours.",
        "Our fighters hold Tadmur.",
    ]
    speakers = [links(f.xpath(".//figcaption")[0], url)[0] for f in figures]
    assert speakers == [
        ("Abu Spokesman", "actors/abu-spokesman/"),
        ("Islamic State", "actors/islamic-state/"),
    ]
    assert "Statement online" in figures[1].text_content()


def test_briefing_sources_are_citations_that_link_out_safely(site: Path) -> None:
    article = content(page(site, briefing_url("2015-05-21-palmyra-captured")))
    cited = [
        " ".join(li.text_content().split())
        for li in article.xpath(".//section[contains(@class, 'ba-sources')]//li")
    ]
    assert cited == ["Example Wire, ‘Palmyra falls’, 21 May 2015", "A local observer"]
    wire = article.xpath(".//a[@href='https://example.org/wire/palmyra']")[0]
    assert wire.text_content() == "‘Palmyra falls’"  # the headline carries the link
    assert set(wire.get("rel", "").split()) >= {"noopener", "noreferrer"}


def test_previous_and_next_follow_time(site: Path) -> None:
    url = briefing_url("2015-05-21-palmyra-captured")
    tree = content(page(site, url))
    previous = tree.xpath(".//a[@rel='prev']")[0]
    following = tree.xpath(".//a[@rel='next']")[0]
    assert links(previous.getparent(), url)[0][1] == briefing_url("2015-05-20-palmyra-assault")
    assert links(following.getparent(), url)[-1][1] == briefing_url("2015-06-02-june-patrols")
    oldest = content(page(site, briefing_url("2014-06-29-caliphate-declared")))
    assert oldest.xpath(".//a[@rel='prev']") == []


def test_related_briefings_share_entities(site: Path) -> None:
    url = briefing_url("2015-05-21-palmyra-captured")
    section = content(page(site, url)).xpath(".//section[h2='Related briefings']")[0]
    related = [t for _, t in links(section, url)]
    # The assault shares Islamic State, Palmyra and the tag; nothing shares more.
    assert related[0] == briefing_url("2015-05-20-palmyra-assault")
    assert url not in related


def test_news_article_json_ld(site: Path) -> None:
    url = briefing_url("2015-05-21-palmyra-captured")
    tree = page(site, url)
    (script,) = tree.xpath("//script[@type='application/ld+json']")
    data = json.loads(script.text)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Islamic State captures Palmyra"
    assert data["datePublished"] == "2015-05-21T12:00:00+00:00"
    assert data["dateModified"] == "2015-05-23T12:00:00+00:00"
    assert data["url"] == FIXTURE_URL + url
    assert data["url"] == tree.xpath("string(//link[@rel='canonical']/@href)")
    assert {a["name"] for a in data["about"]} == {"Islamic State", "Abu Spokesman"}


# --- first mentions ------------------------------------------------------------------


def test_first_mentions_link_once_and_never_in_headings_code_or_links(site: Path) -> None:
    url = briefing_url("2015-05-20-palmyra-assault")
    body = content(page(site, url)).xpath(".//div[contains(@class, 'ba-body')]")[0]
    mentions = [
        (a.text_content(), resolve(url, a.get("href", "")))
        for a in body.xpath(".//a[@class='ba-mention']")
    ]
    assert mentions == [
        ("Palmyra", "locations/palmyra/"),
        ("SOHR", "actors/sohr/"),
        ("IS", "actors/islamic-state/"),
        ("Syrian Arab Army", "actors/syrian-army/"),
    ]
    assert body.xpath(".//h2//a") == []
    assert body.xpath(".//code//a") == []
    outside = body.xpath(".//a[@href='https://example.org/palmyra']")[0]
    assert outside.text_content() == "Palmyra in the news"
    assert outside.xpath(".//a") == []


# --- entity pages and pagination -----------------------------------------------------


def test_actor_pages_list_every_briefing_newest_first_in_pages(site: Path) -> None:
    """The newest on the actor's page, then the older pages counted from the oldest:
    ``page/1/`` holds the first three, and the newest older page what is left."""
    pages = ["actors/islamic-state/", "actors/islamic-state/page/2/"]
    pages.append("actors/islamic-state/page/1/")
    listed = [listed_briefings(site, url) for url in pages]
    assert [len(p) for p in listed] == [3, 2, 3]
    assert [b for p in listed for b in p] == ISLAMIC_STATE
    assert not (site / "actors/islamic-state/page/3").exists()
    headings = [content(page(site, url)).xpath("string(.//section/h2)") for url in pages]
    assert headings == ["Briefings (8)", "Briefings 4–5", "Briefings 1–3"]


def test_pager_links_neighbouring_pages(site: Path) -> None:
    def targets(url: str) -> dict[str, str]:
        pager = content(page(site, url)).xpath(".//nav[contains(@class, 'ba-pager')]")[0]
        return dict(links(pager, url))

    base = "actors/islamic-state/"
    assert targets(base) == {
        "2": f"{base}page/2/",
        "1": f"{base}page/1/",
        "Older →": f"{base}page/2/",
    }
    assert targets(f"{base}page/2/") == {
        "← Newer": base,
        "Newest": base,
        "1": f"{base}page/1/",
        "Older →": f"{base}page/1/",
    }
    assert targets(f"{base}page/1/") == {
        "← Newer": f"{base}page/2/",
        "Newest": base,
        "2": f"{base}page/2/",
    }


def listed_going_older(site: Path, url: str) -> list[str]:
    """Every briefing of a listing, as a reader finds them following "Older →"."""
    listed: list[str] = []
    at: str | None = url
    while at is not None:
        listed += listed_briefings(site, at)
        pagers = content(page(site, at)).xpath(".//nav[contains(@class, 'ba-pager')]")
        at = dict(links(pagers[0], at)).get("Older →") if pagers else None
    return listed


def test_cross_links_both_ways(site: Path) -> None:
    """Every briefing links to each actor it lists, and that actor's pages list it."""
    for briefing_id in PUBLISHED:
        url = briefing_url(briefing_id)
        facts = content(page(site, url)).xpath(".//dl[contains(@class, 'ba-facts')]")[0]
        for _, target in links(facts, url):
            if not target.startswith(("actors/", "locations/", "tags/")):
                continue
            assert briefing_id in listed_going_older(site, target), (url, target)


def test_actor_page_describes_the_actor(site: Path) -> None:
    url = "actors/islamic-state/"
    article = content(page(site, url))
    text = " ".join(article.text_content().split())
    assert "Armed group · 8 briefings · Wikidata" in text
    assert "Also known as: IS, ISIS, ISIL, Daesh" in text
    assert "Jihadist group that declared a caliphate in 2014." in text
    assert ("Abu Spokesman", "actors/abu-spokesman/") in links(article, url)
    buttons = article.xpath(".//a[contains(@class, 'md-button')]/@href")
    assert [resolve(url, href) for href in buttons] == ["actors/islamic-state/feed.xml"]
    quotes = article.xpath(".//section[starts-with(h2, 'Quotes')]")[0]
    assert "Our fighters hold Tadmur." in quotes.text_content()
    co_actors = article.xpath(".//section[h2='Appears most with']")[0]
    # Most shared first (the army: 3), then by id among equals (2 each).
    assert [" ".join(li.text_content().split()) for li in co_actors.iter("li")] == [
        "Syrian Arab Army 3",
        "Abu Spokesman 2",
        "Syrian Observatory for Human Rights 2",
    ]
    tree = page(site, url)
    feeds = {resolve(url, href) for href in tree.xpath(FEED_LINKS)}
    assert {"actors/islamic-state/feed.xml", "feed.xml", "atom.xml", "feed.json"} <= feeds


def test_affiliation_links_both_ways(site: Path) -> None:
    spokesman = content(page(site, "actors/abu-spokesman/"))
    assert ("Islamic State", "actors/islamic-state/") in links(spokesman, "actors/abu-spokesman/")
    assert "Affiliated with:" in spokesman.text_content()


def test_location_page(site: Path) -> None:
    url = "locations/palmyra/"
    article = content(page(site, url))
    text = " ".join(article.text_content().split())
    assert "City · SY · 34.56° N, 38.28° E · 3 briefings" in text
    assert "Also known as: Tadmur" in text
    (crumbs,) = article.xpath(".//nav[@class='ba-breadcrumb']")
    assert " ".join(crumbs.text_content().split()) == "Palmyra › Homs Governorate › Syria"
    assert links(crumbs, url) == [
        ("Homs Governorate", "locations/homs-governorate/"),
        ("Syria", "locations/syria/"),
    ]
    assert listed_briefings(site, url) == [
        "2015-06-02-june-patrols",
        "2015-05-21-palmyra-captured",
        "2015-05-20-palmyra-assault",
    ]
    seen = article.xpath(".//section[h2='Actors seen here']")[0]
    assert links(seen, url)[0][1] == "actors/islamic-state/"
    syria = content(page(site, "locations/syria/"))
    (within,) = syria.xpath(".//section[h2='Places within']")
    assert " ".join(within.text_content().split()) == "Places within Homs Governorate 3 Raqqah 3"
    assert not syria.xpath(".//nav[@class='ba-breadcrumb']")  # a country lies within nothing


def test_tag_page(site: Path) -> None:
    assert listed_briefings(site, "tags/clashes/") == [
        "2015-03-10-march-advance",
        "2014-12-01-winter-lull",
        "2014-08-08-raqqa-airbase",
    ]


# --- listings ------------------------------------------------------------------------


def test_indexes_count_briefings(site: Path) -> None:
    def rows(url: str, columns: int = 1) -> dict[str, str]:
        table = content(page(site, url)).xpath(".//table")[0]
        return {
            tr[0].xpath("string(.//a)"): " / ".join(
                td.text_content().strip() for td in tr[-columns:]
            )
            for tr in table.xpath(".//tbody/tr")
        }

    # Directly / including affiliated actors (Abu Spokesman is affiliated with
    # Islamic State, but every briefing listing him lists it too).
    assert rows("actors/", 2) == {
        "Abu Spokesman": "2 / 2",
        "Islamic State": "8 / 8",
        "Syrian Observatory for Human Rights": "3 / 3",
        "Syrian Arab Army": "3 / 3",
    }
    # Directly / including places within: Syria holds them all, at any depth.
    assert rows("locations/", 2) == {
        "Homs Governorate": "0 / 3",
        "Palmyra": "3 / 3",
        "Raqqah": "3 / 3",
        "Syria": "2 / 6",
    }
    assert rows("tags/") == {"clashes": "3", "declarations": "1", "territorial-control": "2"}


def test_archive_by_year_then_month(site: Path) -> None:
    article = content(page(site, "archive/"))
    years = [" ".join(h.text_content().split()) for h in article.iter("h2")]
    assert years == ["2015 6 briefings", "2014 3 briefings"]
    months = [a.text_content() for a in article.xpath(".//section//li/a")]
    assert months == [
        *("July 2015", "June 2015", "May 2015", "March 2015", "January 2015"),
        *("December 2014", "August 2014", "June 2014"),
    ]
    march = article.xpath(".//a[.='March 2015']/@href")[0]
    assert resolve("archive/", march) == "archive/2015/page/1/"
    assert march.endswith("#2015-03")
    second = content(page(site, "archive/2015/page/1/"))
    assert second.xpath(".//h2/@id") == ["2015-05", "2015-03", "2015-01"]
    assert "(continued)" in second.xpath("string(.//h2[@id='2015-05'])")
    assert listed_briefings(site, "archive/2015/") == ISLAMIC_STATE[:3]


def test_home_lists_the_latest_briefings(site: Path) -> None:
    latest = listed_briefings(site, "")
    assert latest == sorted(PUBLISHED, reverse=True)


def test_quotes_by_speaker_link_to_their_briefing(site: Path) -> None:
    url = "quotes/"
    article = content(page(site, url))
    groups = article.xpath(".//section[h2[@id]]")
    assert [g.xpath("string(h2/@id)") for g in groups] == ["by-abu-spokesman", "by-islamic-state"]
    spokesman = groups[0]
    assert [f.xpath("string(.//blockquote)").strip() for f in spokesman.iter("figure")] == [
        "The city is ours.",
        "This is the promise of the caliphate.",
    ]
    sources = [t for _, t in links(spokesman, url) if t.startswith("briefings/")]
    assert sources == [
        briefing_url("2015-05-21-palmyra-captured"),
        briefing_url("2014-06-29-caliphate-declared"),
    ]


def test_corrections_newest_first_linked_to_briefing(site: Path) -> None:
    url = "corrections/"
    items = content(page(site, url)).xpath(".//li[contains(@class, 'ba-item')]")
    assert [i.xpath("string(.//time/@datetime)") for i in items] == ["2015-05-23", "2015-05-22"]
    assert all(links(i, url)[0][1] == briefing_url("2015-05-21-palmyra-captured") for i in items)
    feeds = [resolve(url, h) for h in page(site, url).xpath(FEED_LINKS)]
    assert "corrections/feed.xml" in feeds


# --- every page ------------------------------------------------------------------------


def test_every_page_has_a_title_description_and_canonical_url(site: Path) -> None:
    for path in html_pages(site):
        relative = path.relative_to(site).as_posix()
        if relative == "404.html":
            continue
        url = relative.removesuffix("index.html")
        tree = page(site, relative)
        assert tree.xpath("string(//link[@rel='canonical']/@href)") == FIXTURE_URL + url
        assert tree.xpath("string(//meta[@name='description']/@content)").strip(), relative
        assert tree.xpath("string(//title)").endswith(" - Fixture Archive") or url == ""


def test_every_page_previews_when_shared(site: Path) -> None:
    """Open Graph and Twitter card tags on every page, generated or hand-written, saying
    what the page's title, description and canonical address say. The card takes its
    title and description from Open Graph's, as X documents, rather than a copy."""
    for path in html_pages(site):
        relative = path.relative_to(site).as_posix()
        if relative == "404.html":
            continue
        tree = page(site, relative)

        def meta(key: str, tree: lxml.html.HtmlElement = tree) -> list[str]:
            return [
                str(v) for v in tree.xpath(f"//meta[@property='{key}' or @name='{key}']/@content")
            ]

        title = tree.xpath("string(//title)").removesuffix(" - Fixture Archive")
        assert meta("og:title") == [title], relative
        assert meta("twitter:title") == meta("twitter:description") == [], relative
        description = tree.xpath("string(//meta[@name='description']/@content)")
        assert meta("og:description") == [description]
        assert meta("og:url") == [tree.xpath("string(//link[@rel='canonical']/@href)")]
        assert meta("og:site_name") == ["Fixture Archive"]
        assert meta("twitter:card") == ["summary"]
        is_briefing = relative.startswith("briefings/")
        assert meta("og:type") == ["article" if is_briefing else "website"], relative
        assert len(meta("article:published_time")) == (1 if is_briefing else 0)
    palmyra = page(site, briefing_url("2015-05-21-palmyra-captured"))
    times = [
        palmyra.xpath(f"string(//meta[@property='article:{k}_time']/@content)")
        for k in ("published", "modified")
    ]
    assert times == ["2015-05-21T12:00:00+00:00", "2015-05-23T12:00:00+00:00"]


def test_every_internal_link_resolves(site: Path) -> None:
    assert [d.as_text() for d in check_links(site, urlsplit(FIXTURE_URL).path)] == []


def _indexed(site: Path) -> dict[str, HtmlElement]:
    """Site address → the block of the page the search indexes, for every indexed page."""
    found = {}
    for path in html_pages(site):
        tree = lxml.html.fromstring(path.read_bytes())
        body = next(tree.iterfind(".//*[@data-pagefind-body]"), None)
        if body is not None:
            folder = path.parent.relative_to(site).as_posix()
            found["" if folder == "." else f"{folder}/"] = body
    return found


def test_search_indexes_briefings_entities_and_help_pages_not_listings(site: Path) -> None:
    indexed = _indexed(site)
    assert {briefing_url(b) for b in PUBLISHED} <= indexed.keys()
    assert {"actors/islamic-state/", "locations/palmyra/", "tags/clashes/"} <= indexed.keys()
    assert not any("/page/" in url for url in indexed)
    assert not {"", "archive/", "archive/2015/", "actors/", "quotes/", "corrections/"} & set(
        indexed
    )
    assert not {"search/", "404.html"} & set(indexed)
    fragments = search_fragments(site)
    assert fragments.keys() == indexed.keys()  # the fixture has no hand-written page
    assault = fragments[briefing_url("2015-05-20-palmyra-assault")]
    words = str(assault["content"])
    assert "Daesh" in words
    assert "Tadmur" in words
    assert "Islamic State assaults Palmyra" in words
    assert assault["meta"] == {
        "title": "Islamic State assaults Palmyra",
        "name": "islamic state assaults palmyra",
        "kind": "Briefing",
        "date": "20 May 2015",
    }
    hidden = " ".join(
        indexed[briefing_url("2015-05-20-palmyra-assault")].xpath(
            ".//*[@data-pagefind-ignore]//text()"
        )
    )
    assert "Briefing" in hidden and "Briefing" not in words


def test_search_indexes_the_hand_written_pages_as_help_pages(real_site: Path) -> None:
    fragments = search_fragments(real_site)
    contributing = fragments["contributing/"]
    assert contributing["meta"] == {
        "title": "Contributing a briefing",
        "name": "contributing a briefing",
        "kind": "Help page",
    }
    assert contributing["filters"] == {"kind": ["Help page"]}
    assert "briefings validate" in str(contributing["content"])
    assert fragments["about/"]["filters"] == {"kind": ["Help page"]}
    assert not {"search/", "map/", "archive/"} & fragments.keys()


def _filters(body: HtmlElement) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for span in body.xpath(".//*[@data-pagefind-filter]"):
        found.setdefault(span.get("data-pagefind-filter"), set()).add(span.text_content())
    return found


def test_search_filters_name_every_actor_place_container_tag_and_year(site: Path) -> None:
    indexed = _indexed(site)
    assault = _filters(indexed[briefing_url("2015-05-20-palmyra-assault")])
    assert assault["kind"] == {"Briefing"}
    assert assault["year"] == {"2015"}
    assert "Islamic State" in assault["actor"]
    assert {"Palmyra", "Syria"} <= assault["location"]
    assert _filters(indexed["actors/islamic-state/"]) == {
        "kind": {"Actor"},
        "actor": {"Islamic State"},
    }
    for url, body in indexed.items():
        hidden = body.xpath(".//*[@data-pagefind-filter]/ancestor::*[@hidden]")
        assert hidden, url
        assert hidden[0].get("data-pagefind-ignore") is not None, url


def test_an_entity_page_weights_its_names(site: Path) -> None:
    palmyra = _indexed(site)["locations/palmyra/"]
    weighted = {e.text_content() for e in palmyra.xpath(".//*[@data-pagefind-weight]")}
    assert "Palmyra" in weighted
    assert any("Tadmur" in text for text in weighted)


def test_no_request_leaves_the_site(site: Path) -> None:
    """Readers' privacy: no font, script, style or image from a third party."""
    outside = []
    for path in html_pages(site):
        tree = lxml.html.fromstring(path.read_bytes())
        for element in tree.iter():
            for attribute in ("src", "href", "srcset", "data", "poster"):
                value = element.get(attribute)
                if value is None or element.tag in ("a",):
                    continue
                if element.tag == "link" and element.get("rel") in ("canonical", "alternate feed"):
                    if value.startswith(("http://", "https://")):
                        assert value.startswith(FIXTURE_URL), value
                    continue
                if re.match(r"^\s*(https?:)?//", value):
                    outside.append((path.name, element.tag, value))
    css = [
        p for p in site.rglob("*.css") if re.search(rb"url\(\s*['\"]?(https?:)?//", p.read_bytes())
    ]
    assert outside == []
    assert css == []


# --- the real archive ---------------------------------------------------------------


def test_the_isw_page_shows_its_analysts_quote_and_briefings(real_site: Path) -> None:
    url = "actors/institute-for-the-study-of-war/"
    article = content(page(real_site, url))
    (quotes,) = article.xpath(".//section[starts-with(h2, 'Quotes by affiliated actors')]")
    figures = quotes.xpath(".//figure")
    assert len(figures) == 2  # both of his quotes, each with its speaker
    assert "The loss of Palmyra thus marks a major blow" in figures[1].text_content()
    for figure in figures:
        assert ("Christopher Kozack", "actors/christopher-kozack/") in links(figure, url)


def test_syria_lists_the_idlib_briefing_marked_where(real_site: Path) -> None:
    url = "locations/syria/"
    hospital = "briefings/2015/2015-05-22-jisr-al-shughour-hospital-siege/"
    article = content(page(real_site, url))
    (item,) = [
        li
        for li in article.xpath(".//section[contains(@class, 'ba-briefings')]//li")
        if hospital in [t for _, t in links(li, url)]
    ]
    (mark,) = item.xpath(".//span[@class='ba-item__via']")
    assert mark.text_content().startswith("in ")
    assert "Jisr al-Shughour" in mark.text_content()


def test_real_archive_publishes_every_address(real_site: Path) -> None:
    briefings = sorted(Path("briefings").glob("*/*.md"))
    assert briefings
    for path in briefings:
        assert (real_site / "briefings" / path.parent.name / path.stem / "index.html").is_file()
    for url in ("", "archive/", "archive/2015/", "actors/", "actors/islamic-state/"):
        assert (real_site / url / "index.html").is_file(), url
    for url in ("locations/", "locations/palmyra/", "tags/", "quotes/", "corrections/"):
        assert (real_site / url / "index.html").is_file(), url
    for file in ("feed.xml", "atom.xml", "feed.json", "corrections/feed.xml"):
        assert (real_site / file).is_file(), file
    for file in ("api/briefings.json", "api/actors.json", "api/locations.geojson"):
        assert (real_site / file).is_file(), file
    assert (real_site / "actors" / "islamic-state" / "feed.xml").is_file()
    assert (real_site / "about" / "index.html").is_file()


def test_real_archive_links_resolve_under_a_path_prefix(real_site: Path) -> None:
    assert [d.as_text() for d in check_links(real_site, urlsplit(REAL_URL).path)] == []


def test_real_archive_a_country_filter_includes_places_within_it(real_site: Path) -> None:
    """Syria includes the Jisr al-Shughour briefing, filed under a place in Idlib."""
    url = "briefings/2015/2015-05-22-jisr-al-shughour-hospital-siege/"
    filters = _filters(_indexed(real_site)[url])
    assert "Syria" in filters["location"]
    assert {"Jisr al-Shughour", "Idlib Governorate"} <= filters["location"]


def test_the_nav_keeps_the_titles_mkdocs_yml_gives_generated_pages(site: Path) -> None:
    tree = page(site, "actors/")
    nav = tree.xpath("//nav[contains(@class, 'md-nav--primary')]")[0]
    labels = [" ".join(a.text_content().split()) for a in nav.xpath(".//li/a[@href]")]
    assert labels[:7] == ["Home", "Archive", "Actors", "Locations", "Tags", "Quotes", "Corrections"]
    assert tree.xpath("string(//title)") == "Actors - Fixture Archive"
    assert page(site, "").xpath("string(//title)") == "Fixture Archive"
