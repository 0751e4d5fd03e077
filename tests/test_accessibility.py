"""Every kind of page, as a reader with a screen reader or only a keyboard meets it.

In headless Chromium, in the light and the dark scheme: axe (the engine behind
Lighthouse's accessibility score) finds no serious or critical violation; no page
logs a console error, gets a failed response or fetches a ``sitemap.xml``; the skip
link works from the keyboard. The Nu Html Checker finds no error in any page of the
site, Material's frame included. The tools come from ``make tools`` (tests/tools).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import lxml.html
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Response

from tests.browser import Served, serve
from tests.site_builds import REPO, build, cached_site, html_pages

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VNU_JAR = REPO / "tests" / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGE_KINDS = {
    "home": "",
    "briefing": "briefings/2015/2015-05-22-al-tanf-border-crossing/",
    "actor": "actors/islamic-state/",
    "actor index": "actors/",
    "location": "locations/palmyra/",
    "location index": "locations/",
    "tag": "tags/sieges/",
    "tag index": "tags/",
    "archive": "archive/",
    "archive year": "archive/2015/",
    "quotes": "quotes/",
    "corrections": "corrections/",
    "hand-written page": "contributing/",
    "search": "search/",
    "map": "map/",
    "not found": "404.html",
}
GENERATED = [k for k in PAGE_KINDS if k not in ("hand-written page", "not found")]
SCHEMES = ["light", "dark"]
AXE_SCRIPT = Axe().axe_script
# Only colours change with the scheme: the dark pass checks these, the light one all.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def build_real_site_at_root(folder: Path) -> Path:
    """The real site for an address at a server's root, as it is served here: the 404
    page's links are absolute, from the site's address."""
    build(REPO / "mkdocs.yml", folder / "site", site_url="https://example.org/")
    return folder / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cached_site(tmp_path_factory, "real-at-root", build_real_site_at_root)


@pytest.fixture(scope="module")
def real(site: Path) -> Iterator[Served]:
    yield from serve(site)


def open_in(browser: Browser, served: Served, scheme: str) -> Page:
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    context.add_init_script(script=AXE_SCRIPT)  # parsed with each page, not sent again
    page = context.new_page()
    page.route("**/*", served.guard)
    return page


def serious_violations(page: Page, rules: list[str] | None = None) -> list[str]:
    """axe's serious and critical findings on the page (by ``rules`` only, if given),
    one line per element."""
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if rules is not None:
        options["runOnly"] = {"type": "rule", "values": rules}
    found = []
    for violation in page.evaluate("options => axe.run(document, options)", options)["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            found.append(f"{violation['id']} at {target}: {summary}")
    return found


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_kind_of_page_has_an_axe_violation_a_console_error_or_a_failed_request(
    browser: Browser, real: Served, scheme: str
) -> None:
    page = open_in(browser, real, scheme)
    problems: list[str] = []
    page.on(
        "console",
        lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))

    def check(response: Response) -> None:
        if response.status >= 400:
            problems.append(f"{response.status} {response.url}")
        if urlsplit(response.url).path.endswith("sitemap.xml"):
            problems.append(f"fetched {response.url}")  # Material, beside a rel=alternate

    page.on("response", check)
    violations = {}
    # What a page fetches does not depend on the scheme: one scheme waits for it all.
    wait: Literal["networkidle", "load"] = "networkidle" if scheme == "light" else "load"
    for kind, path in PAGE_KINDS.items():
        response = page.goto(real.url(path), wait_until=wait)
        assert response is not None and response.ok, path
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (
            scheme == "dark"
        )
        # At the top of a page the header names the site, not the page.
        assert not page.locator(".md-header__title--active").count(), path
        # Feed autodiscovery stays: readers look for the "alternate" token.
        assert page.locator("link[rel~='alternate'][type='application/rss+xml']").count(), path
        found = serious_violations(page, None if scheme == "light" else COLOUR_RULES)
        if found:
            violations[kind] = found
    page.context.close()
    assert violations == {}
    assert problems == []
    assert real.off_site == []


# What a reader hovers or tabs to, each of a kind Material colours apart.
HOVERED = [
    ("briefings/2015/2015-05-22-al-tanf-border-crossing/", ".md-content a.ba-mention"),
    ("briefings/2015/2015-05-22-al-tanf-border-crossing/", ".ba-prevnext a"),
    ("actors/", ".md-content a"),
    ("actors/islamic-state/", ".ba-feed"),
    ("tags/", ".md-tag"),
    ("", ".md-nav__link"),
    ("search/?q=Daesh", ".ba-search-page__toggle"),
    ("search/?q=Daesh", ".ba-search-page__reset"),
    ("search/?q=Daesh", ".ba-search-page__results a.ba-result__title"),
]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_link_or_button_hovered_or_focused_keeps_its_text_readable(
    browser: Browser, real: Served, scheme: str
) -> None:
    """Material colours a hovered or focused link with its accent, and draws a hovered
    or focused button or tag white on it: with the archive's deep orange, 2.8:1 for a
    reader tabbing through any page (WCAG AA asks 4.5:1)."""
    page = open_in(browser, real, scheme)
    failures = []
    for path, selector in HOVERED:
        page.goto(real.url(path))
        target = page.locator(selector).first
        target.wait_for()
        for state in ("hover", "focus"):
            page.mouse.move(0, 0)
            page.evaluate("document.activeElement && document.activeElement.blur()")
            if state == "hover":
                target.hover()
            else:
                target.focus()
            page.wait_for_timeout(300)  # Material's colour transition
            found = serious_violations(page, ["color-contrast"])
            failures += [f"{path} {selector} {state}: {line}" for line in found]
    page.context.close()
    assert failures == []


def _tab_to_skip_link(page: Page) -> None:
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.classList.contains('md-skip'),"
        " document.activeElement.textContent.trim()]"
    )
    assert focused == [True, "Skip to content"]


@pytest.mark.parametrize("kind", ["briefing", "actor", "home"])
def test_the_first_tab_reaches_a_skip_link_that_leads_past_the_frame(
    browser: Browser, real: Served, kind: str
) -> None:
    page = open_in(browser, real, "light")
    page.goto(real.url(PAGE_KINDS[kind]))
    _tab_to_skip_link(page)
    page.keyboard.press("Enter")
    assert urlsplit(page.url).fragment == "ba-page"
    # The next Tab goes on from the content, not from the header and navigation.
    page.keyboard.press("Tab")
    inside = page.evaluate(
        "() => document.getElementById('ba-page').contains(document.activeElement)"
    )
    assert inside
    page.context.close()


def test_every_page_with_content_has_a_skip_link_to_an_element_on_it(site: Path) -> None:
    missing = []
    for path in html_pages(site):
        if path.name == "404.html":
            continue
        tree = lxml.html.fromstring(path.read_bytes())
        hrefs = [a.get("href", "") for a in tree.iter("a") if a.get("class") == "md-skip"]
        ids = {element.get("id") for element in tree.iter() if element.get("id")}
        if len(hrefs) != 1 or hrefs[0].removeprefix("#") not in ids:
            missing.append(path.relative_to(site).as_posix())
    assert missing == []


def _vnu_errors(pages: list[Path]) -> list[str]:
    java = shutil.which("java")
    assert java, "the Nu Html Checker needs Java (Debian: default-jre-headless)"
    assert VNU_JAR.is_file(), "run `make tools` to install the Nu Html Checker"
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{urlsplit(m.get('url', '')).path}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]


def test_the_nu_html_checker_finds_no_error_on_any_page(site: Path, tmp_path: Path) -> None:
    pages = html_pages(site)
    kinds = {site / (p if p.endswith(".html") else p + "index.html") for p in PAGE_KINDS.values()}
    assert kinds <= set(pages)
    # The check can fail: Material's frame as Material prints it is reported.
    control = tmp_path / "material-frame.html"
    control.write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" '
        'autocomplete="off"></body></html>',
        encoding="utf-8",
    )
    errors = _vnu_errors([*pages, control])
    assert len(errors) == 1
    assert errors[0].startswith(f"{control}:1: Attribute “autocomplete”")
