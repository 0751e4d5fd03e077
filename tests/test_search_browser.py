"""The site search in headless Chromium: aliases, ranking, filters, shared addresses,
keyboard, drafts, a page load that downloads no index, no JavaScript, and axe.

Every page records console errors and requests; each test ends with none of either
leaving the site, and no error in the console.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Route

from build_tools.format.model import Archive
from build_tools.loading.mentions import name_key
from build_tools.validation.archive import check_archive
from tests.browser import (
    Served,
    load_every_result,
    open_page,
    results_shown,
    scroll_to,
    search,
    serve,
)
from tests.site_builds import REPO, build_fixture_site, build_real_site, cached_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# On many of the real archive's pages: more results than a screen shows.
COMMON_WORD = "Syria"
ALIASES = [  # (typed, "actor" or "location", entity id)
    ("Daesh", "actor", "islamic-state"),
    ("ISF", "actor", "iraqi-security-forces"),
    ("Tadmur", "location", "palmyra"),
    ("تدمر", "location", "palmyra"),
    ("SOHR", "actor", "sohr"),
]


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from serve(cached_site(tmp_path_factory, "real", build_real_site))


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from serve(cached_site(tmp_path_factory, "fixture", build_fixture_site))


@pytest.fixture(scope="module")
def archive() -> Archive:
    loaded = check_archive(REPO / "briefings").archive
    assert loaded is not None
    return loaded


class Watched:
    """A page whose console errors and requests are recorded."""

    def __init__(self, browser: Browser, served: Served, **options: object) -> None:
        self.served = served
        self.page = open_page(browser, served) if not options else self._open(browser, options)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def _open(self, browser: Browser, options: dict[str, object]) -> Page:
        context = browser.new_context(**options)  # type: ignore[arg-type]
        page = context.new_page()
        page.route("**/*", self.served.guard)
        return page

    def close(self) -> None:
        assert self.errors == []
        assert self.served.off_site == []
        self.page.close()


def page_results(page: Page) -> list[tuple[str, str]]:
    """(title, site address) of every result on the search page, "More" clicked through."""
    page.wait_for_function(
        "() => document.querySelector('.ba-search-page__status')?.textContent.trim()"
    )
    more = page.locator(".ba-search-page__more")
    while more.is_visible():
        load_every_result(page, ".ba-search-page__results")
        more.click()
        page.wait_for_timeout(200)
    load_every_result(page, ".ba-search-page__results")
    return [
        (title, urlsplit(href).path.lstrip("/"))
        for title, href in results_shown(page, ".ba-search-page__results")
    ]


def values_shown(page: Page) -> None:
    """Wait until the search page's filters list their values (after the first results)."""
    page.wait_for_function("document.querySelectorAll('select[name=actor] option').length > 1")


def settle(page: Page) -> None:
    page.wait_for_timeout(400)
    page.wait_for_function(
        "() => document.querySelector('.ba-search-page__status')?.textContent.trim()"
    )


@pytest.mark.parametrize(("alias", "kind", "entity"), ALIASES, ids=[a for a, _, _ in ALIASES])
def test_every_alias_finds_every_briefing_listing_its_entity(
    browser: Browser, real: Served, archive: Archive, alias: str, kind: str, entity: str
) -> None:
    listing = {
        f"briefings/{b.year}/{b.id}/"
        for b in archive.published
        if entity in (b.actors if kind == "actor" else b.locations)
    }
    assert listing
    watched = Watched(browser, real)
    watched.page.goto(real.url("search/?q=" + alias))
    found = page_results(watched.page)
    addresses = [address for _, address in found]
    assert listing <= set(addresses)
    assert addresses[0] == f"{kind}s/{entity}/"  # the entity's own page ranks first
    watched.close()


def unambiguous_names(archive: Archive) -> list[tuple[str, str]]:
    """(name, own page) of every actor and location whose name is not among the words
    of another's name or alias ("Idlib" is the city's, and begins "Idlib Governorate")."""
    named = [(f"actors/{e.id}/", [e.name, *e.aliases]) for e in archive.actors.values()]
    named += [(f"locations/{e.id}/", [e.name, *e.aliases]) for e in archive.locations.values()]

    def words(name: str) -> str:
        return f" {name_key(name)} "

    return [
        (names[0], page)
        for page, names in named
        if not any(
            words(names[0]) in words(other)
            for other_page, others in named
            if other_page != page
            for other in others
        )
    ]


def test_an_entitys_own_page_ranks_first_for_its_name(
    browser: Browser, real: Served, archive: Archive
) -> None:
    # "Syria" once found a briefing titled "… the last Syria–Iraq border crossing …"
    # first: Pagefind's title boost counts a joined word once per way it splits it.
    names = unambiguous_names(archive)
    assert ("Syria", "locations/syria/") in names and len(names) > 30
    watched = Watched(browser, real)
    watched.page.goto(real.url())
    first = {name: urlsplit(search(watched.page, name)[0][1]).path.lstrip("/") for name, _ in names}
    assert first == dict(names)
    watched.close()


def test_filters_narrow_combine_and_live_in_the_address(browser: Browser, real: Served) -> None:
    watched = Watched(browser, real)
    page = watched.page
    page.goto(real.url("search/?q=Daesh"))
    everything = page_results(page)
    page.select_option("select[name=kind]", "Briefing")
    settle(page)
    briefings = page_results(page)
    assert 0 < len(briefings) < len(everything)
    assert all(address.startswith("briefings/") for _, address in briefings)
    page.select_option("select[name=location]", "Palmyra")
    settle(page)
    at_palmyra = page_results(page)
    assert 0 < len(at_palmyra) <= len(briefings)
    for _, address in at_palmyra:
        page_text = (real.url(address), address)
        assert set(at_palmyra) <= set(briefings), page_text
    page.select_option("select[name=year]", "2015")
    settle(page)
    assert page_results(page) == at_palmyra  # every Palmyra briefing is of 2015
    counts = page.locator("select[name=actor] option").all_inner_texts()
    assert any(text.startswith("Islamic State (") for text in counts)
    shared = page.url
    assert parse_qs(urlsplit(shared).query) == {
        "q": ["Daesh"],
        "kind": ["Briefing"],
        "year": ["2015"],
        "location": ["Palmyra"],
    }
    page.goto("about:blank")
    page.goto(shared)
    assert page_results(page) == at_palmyra
    assert page.input_value("#ba-search-page-query") == "Daesh"
    assert page.input_value("select[name=location]") == "Palmyra"
    assert page.input_value("select[name=year]") == "2015"
    watched.close()


def test_the_search_page_shows_results_before_the_filters_values(
    browser: Browser, real: Served
) -> None:
    """The filters' values are most of what the search page downloads at scale: a
    query alone (the header box's "all results") shows its results without them."""
    watched = Watched(browser, real)
    page = watched.page
    held: list[Route] = []

    def hold(route: Route) -> None:  # a method cannot carry Playwright's handler mark
        held.append(route)

    page.route("**/pagefind/filter/*", hold)
    page.goto(real.url("search/?q=Daesh"))
    page.wait_for_selector(".ba-search-page__results a.ba-result__title")
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the filters' values were never asked for"
    assert page.locator("select[name=actor] option").all_inner_texts() == ["Any actor"]
    assert page.get_attribute(".ba-search-page__filters", "aria-busy") == "true"
    for route in held:
        route.fallback()
    values_shown(page)
    counts = page.locator("select[name=actor] option").all_inner_texts()
    assert any(text.startswith("Islamic State (") for text in counts)
    assert page.get_attribute(".ba-search-page__filters", "aria-busy") is None
    watched.close()


def test_on_a_phone_the_filters_stay_folded_until_the_reader_opens_them(
    browser: Browser, real: Served
) -> None:
    """Open, the filters would push every result below a phone's first screen; folded,
    their values load only once the reader opens them. A shared address that names a
    filter opens them."""
    watched = Watched(browser, real, viewport={"width": 390, "height": 800})
    page = watched.page
    page.goto(real.url("search/?q=Daesh"))
    everything = page_results(page)
    page.evaluate("window.scrollTo(0, 0)")
    first = page.locator(".ba-search-page__results a.ba-result__title").first.bounding_box()
    assert first is not None and first["y"] + first["height"] < 800
    assert page.locator(".ba-search-page__filters").is_hidden()
    assert not [url for url in watched.requests if "/pagefind/filter/" in url]
    toggle = page.locator(".ba-search-page__toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    values_shown(page)
    page.select_option("select[name=location]", "Palmyra")
    settle(page)
    at_palmyra = page_results(page)
    assert 0 < len(at_palmyra) < len(everything)
    assert toggle.inner_text() == "Filters (1 chosen)"
    page.goto("about:blank")
    page.goto(real.url("search/?q=Daesh&location=Palmyra"))
    assert page_results(page) == at_palmyra
    assert page.locator(".ba-search-page__filters").is_visible()
    watched.close()


def test_a_place_filter_includes_the_places_within_it(browser: Browser, real: Served) -> None:
    """No words, only a filter: Syria lists the Jisr al-Shughour briefing (filed under Idlib)."""
    watched = Watched(browser, real)
    watched.page.goto(real.url("search/?location=syria&kind=Briefing"))
    addresses = [address for _, address in page_results(watched.page)]
    assert "briefings/2015/2015-05-22-jisr-al-shughour-hospital-siege/" in addresses
    assert watched.page.input_value("select[name=location]") == "Syria"
    watched.close()


def test_browsing_by_kind_lists_every_page_of_that_kind(browser: Browser, real: Served) -> None:
    """No words, only a kind: actors are listed (they have no date to sort by), and
    briefings come newest first."""
    watched = Watched(browser, real)
    watched.page.goto(real.url("search/?kind=Actor"))
    actors = [address for _, address in page_results(watched.page)]
    assert "actors/islamic-state/" in actors
    assert all(address.startswith("actors/") for address in actors)
    watched.page.goto(real.url("search/?kind=Briefing"))
    briefings = [address for _, address in page_results(watched.page)]
    assert len(briefings) == 4
    dates = [address.split("/")[2][:10] for address in briefings]  # briefings/YYYY/YYYY-MM-DD-…
    assert dates == sorted(dates, reverse=True)
    watched.page.goto(real.url("search/?location=syria"))
    everything = [address for _, address in page_results(watched.page)]
    assert "locations/syria/" in everything
    assert everything[: len(briefings)] == briefings  # the undated after the dated
    watched.close()


def test_a_drafts_words_find_nothing(browser: Browser, fixture_site: Served) -> None:
    watched = Watched(browser, fixture_site)
    watched.page.goto(fixture_site.url())
    for words in ("zebra", "quartz", "Hiddenman"):
        assert search(watched.page, words) == []
        assert watched.page.inner_text(".ba-search__status") == "No results"
    assert len(search(watched.page, "Palmyra")) > 0  # the index itself answers
    watched.close()


def test_a_name_half_typed_finds_what_the_whole_name_finds(browser: Browser, real: Served) -> None:
    """Pagefind stems "Palmy" to "palmi", the start of no indexed word: without the
    retry, a reader typing "Palmyra" sees "No results" at its fifth letter."""
    watched = Watched(browser, real)
    watched.page.goto(real.url())
    whole = {title for title, _ in search(watched.page, "Palmyra")}
    assert "Palmyra" in whole
    for typed in ("Palm", "Palmy", "Palmyr"):
        assert whole <= {title for title, _ in search(watched.page, typed)}, typed
    assert search(watched.page, "Palmyz") == []  # a word that is not there finds nothing
    watched.close()


def test_the_keyboard_alone_searches_and_opens_a_result(browser: Browser, real: Served) -> None:
    watched = Watched(browser, real)
    page = watched.page
    page.goto(real.url("archive/"))
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('ba-search__input')")
    page.keyboard.type("Tadmur")
    page.wait_for_selector(".ba-search__list a.ba-result__title")
    page.wait_for_timeout(300)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Palmyra"
    page.keyboard.press("Escape")
    assert page.locator(".ba-search__results").is_hidden()
    page.keyboard.press("s")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/locations/palmyra/")
    watched.close()


def test_a_page_load_downloads_no_search_index(browser: Browser, real: Served) -> None:
    watched = Watched(browser, real)
    watched.page.goto(real.url("actors/"))
    watched.page.wait_for_load_state("networkidle")
    assert not [url for url in watched.requests if "/pagefind/" in url]
    assert any(url.endswith("briefings-search.js") for url in watched.requests)
    assert not any(url.endswith("briefings-search-page.js") for url in watched.requests)
    search(watched.page, "Daesh")
    assert [url for url in watched.requests if url.endswith("pagefind/pagefind.js")]
    watched.close()


def test_a_phone_searches_from_the_header_button(browser: Browser, real: Served) -> None:
    watched = Watched(browser, real, viewport={"width": 390, "height": 800})
    page = watched.page
    page.goto(real.url())
    assert page.locator(".ba-search__input").is_hidden()
    titles = [title for title, _ in search(page, "Daesh")]
    assert titles[0] == "Islamic State"
    page.locator(".ba-search__input").press("Escape")
    assert page.locator(".ba-search__input").is_hidden()
    watched.close()


def fragments_fetched(watched: Watched) -> list[str]:
    return [url for url in watched.requests if "/pagefind/fragment/" in url]


def quiet(watched: Watched, results: str) -> None:
    """Wait until every result fetched so far is drawn and nothing more is fetched
    (a result in view is fetched a moment after its list shows)."""
    page, last = watched.page, -1
    for _ in range(50):  # ten seconds at most
        page.wait_for_timeout(200)
        fetched = len(fragments_fetched(watched))
        drawn = page.locator(f"{results} a.ba-result__title").count()
        if fetched == last == drawn:
            return
        last = fetched
    raise AssertionError(f"results still coming: {last} fetched")


def test_a_result_out_of_view_is_fetched_when_the_reader_scrolls_to_it(
    browser: Browser, real: Served
) -> None:
    watched = Watched(browser, real, viewport={"width": 390, "height": 640})
    page = watched.page
    page.goto(real.url())
    page.locator(".ba-search__open").click()
    page.locator(".ba-search__input").press_sequentially(COMMON_WORD)
    page.wait_for_selector(".ba-search__list a.ba-result__title")
    quiet(watched, ".ba-search__list")
    drawn = page.locator(".ba-search__list a.ba-result__title").count()
    pending = page.locator(".ba-search__list .ba-result--pending").count()
    assert drawn + pending == 8  # the header lists eight of the many results
    assert 3 <= drawn < 8 and len(fragments_fetched(watched)) == drawn
    scroll_to(page, ".ba-search__list .ba-result:last-child")
    quiet(watched, ".ba-search__list")
    titles = [t for t, _ in results_shown(page, ".ba-search__list")]
    assert len(titles) == 8 and all(titles)
    assert len(fragments_fetched(watched)) == 8
    watched.close()


def test_the_search_page_fetches_the_results_in_view_then_the_rest(
    browser: Browser, real: Served
) -> None:
    watched = Watched(browser, real, viewport={"width": 390, "height": 740})
    page = watched.page
    page.goto(real.url(f"search/?q={COMMON_WORD}"))
    page.wait_for_selector(".ba-search-page__results a.ba-result__title")
    quiet(watched, ".ba-search-page__results")
    listed = page.locator(".ba-search-page__results .ba-result").count()
    assert listed > 8
    assert len(fragments_fetched(watched)) < listed
    everything = page_results(page)
    assert len(everything) == len(set(everything))
    assert len(fragments_fetched(watched)) == len(everything) >= listed
    watched.close()


def test_without_javascript_search_leads_to_the_indexes(browser: Browser, real: Served) -> None:
    watched = Watched(browser, real, java_script_enabled=False)
    page = watched.page
    page.goto(real.url("archive/"))
    page.fill(".ba-search__input", "Daesh")
    page.press(".ba-search__input", "Enter")
    page.wait_for_url("**/search/?q=Daesh")
    note = page.locator(".ba-search-nojs")
    assert note.is_visible()
    assert "JavaScript" in note.inner_text()
    hrefs = {
        urlsplit(page.url).path + h
        for h in note.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    }
    assert len(hrefs) == 4
    for label in ("Archive", "Actors", "Locations", "Tags"):
        page.goto(real.url("search/"))
        page.click(f".ba-search-nojs a:text-is('{label}')")
        assert page.locator("article h1").first.inner_text() == label
    watched.close()


def _serious(results: object) -> list[str]:
    """Serious and critical violations. The search's own parts are checked (the page's
    content, the header); the footer and the rest of the frame are checked elsewhere."""
    violations = getattr(results, "response", {}).get("violations", [])
    return [
        f"{v['id']}: {v['help']}" for v in violations if v.get("impact") in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_in_the_search(
    browser: Browser, real: Served, scheme: str
) -> None:
    watched = Watched(browser, real, color_scheme=scheme)
    page = watched.page
    axe = Axe()
    page.goto(real.url("search/?q=Daesh&location=Palmyra"))
    page_results(page)
    assert _serious(axe.run(page, context=".md-content")) == []
    assert _serious(axe.run(page, context=".md-header")) == []
    page.goto(real.url())
    search(page, "Daesh")
    assert _serious(axe.run(page, context=".md-header")) == []
    page.set_viewport_size({"width": 390, "height": 800})  # the filters folded, then open
    page.goto(real.url("search/?q=Daesh"))
    page_results(page)
    page.mouse.move(0, 0)  # hovered, a button is checked by test_accessibility
    page.wait_for_timeout(300)
    assert _serious(axe.run(page, context=".md-content")) == []
    page.click(".ba-search-page__toggle")
    values_shown(page)
    page.mouse.move(0, 0)
    page.wait_for_timeout(300)
    assert _serious(axe.run(page, context=".md-content")) == []
    watched.close()
