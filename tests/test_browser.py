"""End to end in headless Chromium: search, follow links, and nothing hostile runs.

Uses Debian's ``/usr/bin/chromium`` through Playwright's ``executable_path``; the
browser is never downloaded. The built sites are served over HTTP on 127.0.0.1,
and any request to another host is refused and recorded: the site must make none.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Dialog

from tests.browser import Served, open_page, search, serve
from tests.hostile_archive import build_unvalidated_site
from tests.site_builds import build_real_site, cached_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PALMYRA = "Islamic State captures Palmyra, a crossroads of central Syria"
PALMYRA_URL = "briefings/2015/2015-05-21-palmyra-captured/"
HOSTILE_PAGES = [
    "",
    "briefings/2015/2015-05-21-hostile-fields/",
    "briefings/2015/2015-05-22-second-hostile/",
    "actors/",
    "actors/evil-corp/",
    "actors/speaker/",
    "locations/",
    "locations/badtown/",
    "locations/badland/",
    "tags/hostile/",
    "archive/",
    "archive/2015/",
    "quotes/",
    "corrections/",
    "404.html",
]
HOSTILE_SEARCHES = [
    "<img src=x onerror=window.__xss=90>",
    '"><svg onload=window.__xss=91>',
    "</title><script>window.__xss=92</script>",
    "script",
    "EVIL",
    "Badtown",
    "xss",
]


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from serve(cached_site(tmp_path_factory, "real", build_real_site))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from serve(cached_site(tmp_path_factory, "unvalidated", build_unvalidated_site))


def test_search_by_alias_then_follow_links_to_the_actor(browser: Browser, real: Served) -> None:
    page = open_page(browser, real)
    page.goto(real.url())
    results = search(page, "Daesh")
    titles = [title for title, _ in results]
    assert titles[0] == "Islamic State"  # the actor's own page first
    assert PALMYRA in titles
    href = next(href for title, href in results if title == PALMYRA)
    page.click(f".ba-search__list a[href='{href}']")
    page.wait_for_url(f"**/{PALMYRA_URL}**")
    assert page.locator("article h1").first.inner_text() == PALMYRA

    page.click("dl.ba-facts a:text-is('Islamic State')")
    page.wait_for_url("**/actors/islamic-state/")
    assert page.locator("article h1").first.inner_text() == "Islamic State"
    listed = page.locator("section.ba-briefings a.ba-item__title").all_inner_texts()
    assert PALMYRA in listed
    assert real.off_site == []
    page.close()


def test_search_by_a_location_alias(browser: Browser, real: Served) -> None:
    page = open_page(browser, real)
    page.goto(real.url("archive/"))
    titles = [title for title, _ in search(page, "Tadmur")]
    assert titles[0] == "Palmyra"  # the location's own page first
    assert PALMYRA in titles
    assert real.off_site == []
    page.close()


def test_nothing_hostile_runs_while_browsing_and_searching(
    browser: Browser, hostile: Served
) -> None:
    dialogs: list[str] = []
    page = open_page(browser, hostile)

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    for path in HOSTILE_PAGES:
        response = page.goto(hostile.url(path))
        assert response is not None
        assert response.ok, path
        page.mouse.move(200, 300)
        page.wait_for_timeout(50)
        assert page.evaluate("typeof window.__xss") == "undefined", path
    page.goto(hostile.url())
    shown = 0
    for query in HOSTILE_SEARCHES:
        shown += len(search(page, query))
        page.locator(".ba-search__input").press("Escape")
        assert page.evaluate("typeof window.__xss") == "undefined", query
    page.goto(hostile.url("briefings/2015/2015-05-21-hostile-fields/"))
    for link in page.locator("article a").all()[:40]:
        link.hover()
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert dialogs == []
    assert shown > 0  # the search UI really rendered hostile titles
    assert hostile.off_site == []
    page.close()
