"""Maps and charts as pages carry them: well-formed, titled, every mark a working link,
the numbers the archive's own, places where they are and never guessed."""

from __future__ import annotations

import gzip
import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from benchmarks.synthetic import generate_archive
from build_tools.format import urls
from build_tools.format.model import Archive, Briefing
from build_tools.format.pages import Page, SiteContent, SiteSettings
from build_tools.indexing.index import build_index
from build_tools.publishing.site_content import build_site_content
from build_tools.rendering.geo.outlines import load_world
from build_tools.rendering.geo.projection import distance_km
from build_tools.rendering.site_graphics import NEARBY_KM, NEARBY_LATITUDE, draw_graphics
from build_tools.rendering.svg_map import CHAR_WIDTH, LABEL_GAP, LABEL_SIZE, _path_of, place_labels
from build_tools.rendering.timeline import Month, month_counts
from build_tools.validation.archive import check_archive
from tests.site_builds import FIXTURE_URL, REPO, SITE_FIXTURE, resolve

REAL_ARCHIVE = REPO / "briefings"
GZIP_LIMIT = 30_000
_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)


def _x(node: Any, expression: str) -> list[Any]:
    """lxml's xpath, typed for the checker: nodes or strings, as the expression says."""
    return list(node.xpath(expression))


def _archive(root: Path) -> Archive:
    checked = check_archive(root)
    archive, diagnostics = checked.archive, checked.diagnostics
    assert archive is not None, diagnostics
    return archive


def _content(root: Path, page_size: int = 3) -> SiteContent:
    settings = SiteSettings(FIXTURE_URL, page_size=page_size, about_url="about/")
    return build_site_content(_archive(root), settings, check_archive(root).finder)


@pytest.fixture(scope="module", params=["real", "fixture"])
def site(request: pytest.FixtureRequest) -> SiteContent:
    return _content(REAL_ARCHIVE if request.param == "real" else SITE_FIXTURE)


@pytest.fixture(scope="module")
def real() -> SiteContent:
    return _content(REAL_ARCHIVE, page_size=50)


def _pages(content: SiteContent) -> dict[str, Page]:
    return {p.url: p for p in content.pages}


def _svgs(page: Page) -> list[lxml.etree._Element]:
    return [lxml.etree.fromstring(m.encode("utf-8")) for m in _SVG.findall(page.html)]


def test_every_svg_is_well_formed_and_has_a_title_and_a_description(site: SiteContent) -> None:
    seen = Counter[str]()
    for page in site.pages:
        for svg in _svgs(page):  # lxml.etree raises on anything not well-formed
            seen[svg.get("class", "")] += 1
            labelled = svg.get("aria-labelledby", "").split()
            assert [svg[0].tag, svg[1].tag] == ["title", "desc"], page.url
            assert [svg[0].get("id"), svg[1].get("id")] == labelled, page.url
            assert svg[0].text and svg[1].text, page.url
            assert svg.get("viewBox"), page.url
    assert seen["ba-map"] > 0 and seen["ba-chart"] > 0


def test_every_mark_and_bar_links_to_a_page_that_exists(site: SiteContent) -> None:
    pages = _pages(site)
    checked = 0
    for page in site.pages:
        for svg in _svgs(page):
            for anchor in svg.iter("a"):
                href = anchor.get("href", "")
                target = resolve(page.url, href)
                assert target in pages, f"{page.url}: {href}"
                if "#" in href:
                    fragment = href.split("#", 1)[1]
                    assert f'id="{fragment}"' in pages[target].html, f"{page.url}: {href}"
                assert anchor.find("title") is not None  # the link's accessible name
                checked += 1
    assert checked > 0


def test_every_graphic_adds_at_most_30_kb_gzipped(site: SiteContent) -> None:
    for page in site.pages:
        for block in _SVG.findall(page.html):
            assert len(gzip.compress(block.encode("utf-8"))) <= GZIP_LIMIT, page.url


def test_the_archive_timeline_counts_what_the_archive_holds(real: SiteContent) -> None:
    archive = _pages(real)["archive/"]
    index = build_index(_archive(REAL_ARCHIVE))
    expected = Counter((b.date.year, b.date.month) for b in index.briefings)
    tree = lxml.html.fromstring(archive.html)
    table = _x(tree, "//table[contains(@class, 'ba-chart__table')]")[0]
    found: Counter[tuple[int, int]] = Counter()
    for row in _x(table, "./tbody/tr"):
        year = int(_x(row, "./th")[0].text_content())
        cells = [c.text_content() for c in _x(row, "./td")]
        for month, cell in enumerate(cells[:12], start=1):
            if cell != "–":
                found[(year, month)] = int(cell)
        assert int(cells[12]) == sum(n for (y, _), n in expected.items() if y == year)
    assert found == expected
    bars = _x(tree, "//svg//a/title/text()")
    assert len(bars) == len(expected)
    assert any(str(sum(expected.values())) in d for d in _x(tree, "//svg/desc/text()"))


def _timeline_total(page: Page) -> int:
    tree = lxml.html.fromstring(page.html)
    titles = _x(tree, "//svg[@class='ba-chart']//a/title/text()")
    numbers = [re.search(r": (\d+) briefing", t) for t in titles]
    return sum(int(m.group(1)) for m in numbers if m is not None)


def test_an_actors_timeline_counts_its_briefings(real: SiteContent) -> None:
    index = build_index(_archive(REAL_ARCHIVE))
    count = len(index.by_actor["islamic-state"])
    assert _timeline_total(_pages(real)["actors/islamic-state/"]) == count


def test_a_timeline_counts_what_its_page_lists_places_within_and_affiliates_included(
    real: SiteContent,
) -> None:
    index = build_index(_archive(REAL_ARCHIVE))
    pages = _pages(real)
    syria = index.by_location_and_within["syria"]
    assert len(syria) > len(index.by_location["syria"])  # Jisr al-Shughour, filed under Idlib
    assert _timeline_total(pages["locations/syria/"]) == len(syria)
    isw = "institute-for-the-study-of-war"
    assert _timeline_total(pages[f"actors/{isw}/"]) == len(index.by_actor_and_affiliates[isw])


def test_a_location_map_shows_the_place_and_its_neighbours_as_links(real: SiteContent) -> None:
    page = _pages(real)["locations/palmyra/"]
    tree = lxml.html.fromstring(page.html)
    own = _x(tree, "//svg//a[contains(@class, 'ba-map__mark--own')]/title/text()")
    assert own == ["Palmyra: 3 briefings"]
    nearby = _x(tree, "//h3[text()='Nearby in the archive']/following-sibling::ul[1]//a")
    names = [a.text_content() for a in nearby]
    assert names[0] == "al-Tanf" and "Damascus" in names  # nearest first
    assert all(a.get("href", "").startswith("../") for a in nearby)


def test_a_country_map_shows_every_place_within_it_and_lists_those_without_coordinates(
    real: SiteContent,
) -> None:
    page = _pages(real)["locations/syria/"]
    tree = lxml.html.fromstring(page.html)
    own = {
        t.split(":")[0] for t in _x(tree, "//svg//a[contains(@class, 'mark--own')]/title/text()")
    }
    assert {"Damascus", "Palmyra", "al-Tanf", "Raqqah", "Deir Ezzor", "Idlib"} <= own
    assert "Baghdad" not in own
    unlocated = _x(tree, "//p[contains(@class, 'ba-graphic__unlocated')]")[0].text_content()
    assert "al-Shoula" in unlocated
    marks = _x(tree, "//svg//title/text()")
    assert not any(t.startswith("al-Shoula") for t in marks)  # never guessed onto the map


def test_a_briefings_map_marks_each_of_its_located_places(real: SiteContent) -> None:
    page = _pages(real)["briefings/2015/2015-05-22-al-tanf-border-crossing/"]
    tree = lxml.html.fromstring(page.html)
    marks = {t.split(":")[0] for t in _x(tree, "//svg[contains(@class, 'ba-map')]//a/title/text()")}
    assert {"al-Tanf", "Palmyra", "Ramadi", "Damascus"} <= marks


def test_the_archive_map_sizes_marks_by_briefing_count(real: SiteContent) -> None:
    tree = lxml.html.fromstring(_pages(real)["map/"].html)
    sizes = {}
    for anchor in _x(tree, "//svg[@class='ba-map']//a"):
        name, count = re.match(r"(.+): (\d+) briefing", anchor.find("title").text).groups()  # type: ignore[union-attr]
        sizes[name] = (int(count), float(anchor.find("circle").get("r")))
    ordered = sorted(sizes.values())
    assert all(r1 <= r2 for (_, r1), (_, r2) in itertools.pairwise(ordered))
    listed = _x(tree, "//h2[text()='Every place on the map']/following-sibling::ul[1]//a")
    assert {a.text_content() for a in listed} == set(sizes)


def test_year_pages_have_their_map_and_month_anchors(real: SiteContent) -> None:
    page = _pages(real)["archive/2015/"]
    assert 'class="ba-map"' in page.html
    assert 'id="2015-05"' in page.html


def test_labels_never_overlap_each_other() -> None:
    points = [(100.0 + 7 * i, 100.0 + 3 * (i % 4), 4.0, f"Place number {i}") for i in range(30)]
    placed = place_labels(points, 720, 400)
    boxes = []
    for (_, _, _, label), spot in zip(points, placed, strict=True):
        if spot is None:
            continue
        width = len(label) * LABEL_SIZE * 0.56
        left = {"start": spot.x, "end": spot.x - width, "middle": spot.x - width / 2}[spot.anchor]
        boxes.append((left, spot.y - LABEL_SIZE, left + width, spot.y))
    assert 0 < len(boxes) < len(points)  # crowded: some labels left out, none on another
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert (
                a[2] <= b[0] + 0.01
                or b[2] <= a[0] + 0.01
                or a[3] <= b[1] + 0.01
                or b[3] <= a[1] + 0.01
            )


Box = tuple[float, float, float, float]


def _reference_labels(
    points: list[tuple[float, float, float, str]], width: float, height: float
) -> list[tuple[float, float, str] | None]:
    """The placement rule restated: each label in turn at the first of right, left,
    above, below its mark that stays inside the map and overlaps no other mark and
    no label placed before it."""

    def overlaps(a: Box, b: Box) -> bool:
        return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])

    marks = [(x - r, y - r, x + r, y + r) for x, y, r, _ in points]
    taken: list[Box] = []
    placed: list[tuple[float, float, str] | None] = []
    for index, (x, y, r, label) in enumerate(points):
        w, h = len(label) * LABEL_SIZE * CHAR_WIDTH, LABEL_SIZE
        spot = None
        for left, top, anchor, anchor_x in (
            (x + r + LABEL_GAP, y - h / 2, "start", 0.0),
            (x - r - LABEL_GAP - w, y - h / 2, "end", w),
            (x - w / 2, y - r - LABEL_GAP - h, "middle", w / 2),
            (x - w / 2, y + r + LABEL_GAP, "middle", w / 2),
        ):
            box = (left, top, left + w, top + h)
            if left < 0 or top < 0 or box[2] > width or box[3] > height:
                continue
            others = (m for i, m in enumerate(marks) if i != index)
            if any(overlaps(box, m) for m in others) or any(overlaps(box, t) for t in taken):
                continue
            taken.append(box)
            spot = (left + anchor_x, top + h * 0.8, anchor)
            break
        placed.append(spot)
    return placed


_MAP_POINTS = st.lists(
    st.tuples(
        st.floats(0, 400),
        st.floats(0, 300),
        st.sampled_from([3.5, 4.5, 7.0, 16.0]),
        st.text(alphabet="ab", max_size=24),
    ),
    max_size=40,
)


@given(_MAP_POINTS)
def test_labels_go_where_the_placement_rule_puts_them(
    points: list[tuple[float, float, float, str]],
) -> None:
    placed = place_labels(points, 400, 300)
    found = [None if p is None else (p.x, p.y, p.anchor) for p in placed]
    assert found == _reference_labels(points, 400, 300)


def _read_path(data: str) -> list[tuple[int, int]]:
    """The points an ``M x y l dx dy … z`` path visits, in absolute units."""
    assert data.startswith("M") and data.endswith("z") and data.count("l") == 1
    start, steps = data[1:-1].split("l")
    numbers = [int(n) for n in re.findall(r"-?\d+", steps)]
    x, y = (int(n) for n in re.findall(r"-?\d+", start))
    visited = [(x, y)]
    for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
        x, y = x + dx, y + dy
        visited.append((x, y))
    return visited


@given(st.lists(st.tuples(st.integers(-50, 50), st.integers(-50, 50)), max_size=30))
def test_an_outline_path_visits_the_ring_without_repeating_a_point(
    ring: list[tuple[int, int]],
) -> None:
    kept = [p for i, p in enumerate(ring) if p != ring[i - 1]]
    data = _path_of(ring)
    if len(kept) < 3:
        assert data == ""
    else:
        assert _read_path(data) == kept
        assert " -" not in data and "  " not in data  # a minus sign is separator enough


@given(
    st.floats(-180, 180),
    st.floats(-90, 90 - NEARBY_LATITUDE),
    st.floats(-180, 180),
    st.floats(NEARBY_LATITUDE, 90),
)
def test_a_place_farther_north_or_south_than_the_nearby_latitude_is_not_nearby(
    lon: float, lat: float, other_lon: float, further: float
) -> None:
    """Location pages measure only places within NEARBY_LATITUDE north or south."""
    assume(lat + further <= 90)
    assert distance_km((lon, lat), (other_lon, lat + further)) > NEARBY_KM


def test_the_front_page_says_what_the_archive_covers_and_puts_the_news_before_the_feeds(
    real: SiteContent,
) -> None:
    home = _pages(real)[""].html
    tree = lxml.html.fromstring(home)
    what = _x(tree, "//p[@class='ba-masthead__what']")[0].text_content()
    assert "Syria and Iraq" in what and "May 2015" in what and "4 briefings" in what
    who = _x(tree, "//p[@class='ba-masthead__who']")[0]
    assert "kept by its contributors" in who.text_content()
    assert _x(who, ".//a/@href") == ["about/"]
    first_lead = _x(tree, "//li[@class='ba-lead']")[0]
    assert _x(first_lead, ".//time") and _x(first_lead, ".//a[starts-with(@href, 'locations/')]")
    assert _x(first_lead, ".//a[starts-with(@href, 'actors/')]")
    assert home.index("ba-leads") < home.index('class="ba-map"') < home.index("feed.xml")
    assert "md-button" not in home  # feeds offered as links, not as buttons above the news


def test_graphics_of_a_synthetic_archive_stay_small(tmp_path: Path) -> None:
    """Places all over the world, nested countries and regions: /map/ spans the globe."""
    generate_archive(tmp_path / "a", 300, seed=3)
    index = build_index(_archive(tmp_path / "a"))
    graphics = draw_graphics(index, SiteSettings(FIXTURE_URL), load_world())
    blocks = [*graphics.maps.values(), *graphics.timelines.values()]
    assert "map/" in graphics.maps and len(graphics.maps) > 150 and len(graphics.timelines) > 20
    assert max(len(gzip.compress(b.encode("utf-8"))) for b in blocks) <= GZIP_LIMIT
    uncached = draw_graphics(index, SiteSettings(FIXTURE_URL), load_world(), cache=False)
    assert uncached.maps == graphics.maps and uncached.timelines == graphics.timelines


def test_every_map_draws_its_outlines_from_a_published_file_that_maps_share(
    site: SiteContent,
) -> None:
    """A map's land and subject outlines are a ``<use>`` of a path in a file of the site,
    one file per distinct outlines: every reference resolves to a path there, and a
    file serves every map with the same outlines."""
    used: Counter[str] = Counter()
    for page in site.pages:
        for svg in _svgs(page):
            for use in _x(svg, ".//*[local-name()='use']"):
                href, _, fragment = str(use.get("href")).partition("#")
                address = resolve(page.url, href)
                assert address in site.files, (page.url, address)
                document = lxml.etree.fromstring(site.files[address])
                ids = _x(document, "//*[local-name()='path']/@id")
                assert fragment in ids and fragment in ("land", "subject"), page.url
                expected = "ba-map__land" + (" ba-map__subject" if fragment == "subject" else "")
                assert use.get("class") == expected, page.url
                used[address] += 1
            assert not _x(svg, ".//*[local-name()='path'][contains(@class, 'ba-map__land')]")
    outline_files = {path for path in site.files if path.startswith("assets/outlines/")}
    assert used and set(used) == outline_files  # no file is published for nothing
    assert max(used.values()) > 1 or len(used) == 1


def test_maps_of_the_same_places_share_one_outline_file() -> None:
    checked = check_archive(SITE_FIXTURE)
    assert checked.archive is not None
    index = build_index(checked.archive)
    graphics = draw_graphics(index, SiteSettings(FIXTURE_URL), load_world())
    files = dict(graphics.files)
    referenced = {
        m.group(1)
        for block in graphics.maps.values()
        for m in re.finditer(r'href="(?:\.\./)*(assets/outlines/[0-9a-f]+\.svg)#', block)
    }
    assert referenced == set(files)
    maps = sum(block.count("<use ") for block in graphics.maps.values())
    assert len(files) < maps


def test_a_briefings_map_names_its_places_and_stays_when_another_briefing_is_filed_there() -> None:
    checked = check_archive(SITE_FIXTURE)
    archive = checked.archive
    assert archive is not None
    item = next(b for b in archive.published if "palmyra" in b.locations)
    twin = replace(item, id=f"{item.id}-twin", title="Another briefing at Palmyra")
    grown = replace(archive, briefings=(*archive.briefings, twin))
    settings = SiteSettings(FIXTURE_URL)
    before = draw_graphics(build_index(archive), settings, load_world())
    after = draw_graphics(build_index(grown), settings, load_world())
    url = urls.briefing(item)
    assert before.map_for(url) == after.map_for(url)
    titles = _x(lxml.html.fromstring(before.map_for(url)), "//svg//a/title/text()")
    assert "Palmyra" in titles
    assert not any("briefing" in title for title in titles)
    place = urls.location("palmyra")
    assert before.map_for(place) != after.map_for(place)  # the place's own map counts it


def _edits(archive: Archive) -> dict[str, Archive]:
    """Saves a preview draws its graphics again after, each from the same archive."""
    located = [
        b
        for b in archive.published
        if any(archive.locations[p].coordinates is not None for p in b.locations)
    ]
    item = located[len(located) // 2]  # the twin moves the months after it to later pages
    place = next(archive.locations[p] for p in item.locations if archive.locations[p].coordinates)
    twin = replace(item, id=f"{item.id}-twin", title="Another briefing there")
    assert place.coordinates is not None
    lat, lon = place.coordinates
    return {
        "new briefing": replace(archive, briefings=(*archive.briefings, twin)),
        "briefing removed": replace(archive, briefings=archive.briefings[1:]),
        "place moved": replace(
            archive,
            locations={**archive.locations, place.id: replace(place, coordinates=(lat + 2, lon))},
        ),
        "place renamed": replace(
            archive, locations={**archive.locations, place.id: replace(place, name="Renamed")}
        ),
    }


@pytest.fixture(scope="module", params=["fixture", "synthetic"])
def archive_to_edit(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Archive:
    if request.param == "fixture":
        return _archive(SITE_FIXTURE)
    root = tmp_path_factory.mktemp("synthetic") / "briefings"
    generate_archive(root, 120, seed=5)
    return _archive(root)


@pytest.mark.parametrize("page_size", [2, 50])  # at 2 a new briefing moves months' pages
@pytest.mark.parametrize(
    "edit", ["new briefing", "briefing removed", "place moved", "place renamed"]
)
def test_graphics_drawn_after_a_save_from_the_last_ones_are_those_drawn_afresh(
    archive_to_edit: Archive, edit: str, page_size: int
) -> None:
    settings = SiteSettings(FIXTURE_URL, page_size=page_size)
    last = draw_graphics(build_index(archive_to_edit), settings, load_world(), remember=True)
    index = build_index(_edits(archive_to_edit)[edit])
    again = draw_graphics(index, settings, load_world(), last=last)
    fresh = draw_graphics(index, settings, load_world())
    assert (again.maps, again.timelines, again.files) == (fresh.maps, fresh.timelines, fresh.files)
    kept = [key for key, drawn in again.drawn.items() if drawn is last.drawn.get(key)]
    assert 0 < len(kept) < len(again.drawn)  # what did not change is not drawn again


def test_a_timeline_whose_listing_holds_the_same_briefings_is_not_counted_again(
    archive_to_edit: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new briefing of a month already shown: only the timelines of the listings it
    joins count their months again; the others take the last build's key."""
    settings = SiteSettings(FIXTURE_URL)
    last = draw_graphics(build_index(archive_to_edit), settings, load_world(), remember=True)
    index = build_index(_edits(archive_to_edit)["new briefing"])
    counted: list[int] = []

    def counting(briefings: Sequence[Briefing]) -> Counter[Month]:
        counted.append(len(briefings))
        return month_counts(briefings)

    monkeypatch.setattr("build_tools.rendering.site_graphics.month_counts", counting)
    again = draw_graphics(index, settings, load_world(), last=last)
    assert again.month_links == last.month_links
    changed = [
        url
        for url, (listing, _) in again.timeline_keys.items()
        if listing != last.timeline_keys.get(url, ((), ()))[0]
    ]
    assert 0 < len(counted) == len(changed) < len(again.timelines)
