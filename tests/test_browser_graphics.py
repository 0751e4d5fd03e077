"""Maps, charts and the front page in headless Chromium: click a place, land on its
page; click a month, land on it in the archive; nothing off-site; axe finds no
serious or critical problem in the maps, charts and front page on any page kind, in
the light and the dark scheme."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from tests.browser import Served, open_page
from tests.test_browser import real

pytestmark = [pytest.mark.browser, pytest.mark.slow]
__all__ = ["real"]  # a fixture, used by name

# What this feature puts on a page; the rest of each page is checked where it is made.
OURS = [".ba-graphic", ".ba-masthead", ".ba-leads", ".ba-where", ".ba-most", ".ba-follow"]
PAGE_KINDS = [
    "",
    "map/",
    "locations/palmyra/",
    "locations/syria/",
    "briefings/2015/2015-05-22-al-tanf-border-crossing/",
    "archive/",
    "archive/2015/",
    "actors/islamic-state/",
    "tags/border-crossings/",
]


def test_a_place_on_the_front_page_map_leads_to_its_page(browser: Browser, real: Served) -> None:
    page = open_page(browser, real)
    page.goto(real.url())
    mark = page.locator("svg.ba-map a", has=page.locator("title", has_text="Palmyra:"))
    assert mark.count() == 1
    mark.locator("circle").click()
    page.wait_for_url(real.url("locations/palmyra/"))
    assert page.locator("h1").first.inner_text() == "Palmyra"
    assert page.locator("svg.ba-map").is_visible()
    assert real.off_site == []
    page.close()


def test_a_month_on_an_actors_timeline_leads_to_that_month_in_the_archive(
    browser: Browser, real: Served
) -> None:
    page = open_page(browser, real)
    page.goto(real.url("actors/islamic-state/"))
    page.locator("svg.ba-chart a rect").first.click()
    page.wait_for_url(real.url("archive/2015/#2015-05"))
    assert page.locator("[id='2015-05']").is_visible()
    assert real.off_site == []
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_problem_on_any_page_kind(
    browser: Browser, real: Served, scheme: Any
) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.route("**/*", real.guard)
    axe = Axe()
    problems: list[str] = []
    for url in PAGE_KINDS:
        page.goto(real.url(url))
        present = [[selector] for selector in OURS if page.locator(selector).count()]
        if not present:
            continue
        results = axe.run(page, context={"include": present})
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in violation["nodes"]][:3]
                problems.append(f"{url or '/'} ({scheme}): {violation['id']} {targets}")
    context.close()
    assert problems == []
    assert real.off_site == []
