"""What every browser test shares: Debian's Chromium, and a built site on a local server.

Playwright drives ``/usr/bin/chromium`` through ``executable_path``; the browser is
never downloaded. A site is served over HTTP on 127.0.0.1, and any request to another
host is refused and recorded: the site must make none.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, Route

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


class Served:
    """A built site on an HTTP server of its own, and what the browser tried off-site."""

    def __init__(self, site: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(site))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.root = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.off_site: list[str] = []

    def url(self, path: str = "") -> str:
        return self.root + path

    def guard(self, route: Route) -> None:
        if urlsplit(route.request.url).netloc == urlsplit(self.root).netloc:
            route.continue_()
        else:
            self.off_site.append(route.request.url)
            route.abort()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def serve(site: Path) -> Iterator[Served]:
    served = Served(site)
    try:
        yield served
    finally:
        served.close()


def open_page(browser: Browser, served: Served) -> Page:
    page = browser.new_page()
    page.route("**/*", served.guard)
    return page


# In one step, a placeholder being replaced the moment its result comes. The header's
# panel is scrolled alone, as a reader's wheel would: scrolling the page too would
# set Material's header fading to the page's title.
_SCROLL_TO = """selector => {
  const item = document.querySelector(selector);
  const panel = item && item.closest(".ba-search__results");
  if (panel) {
    panel.scrollTop += item.getBoundingClientRect().top - panel.getBoundingClientRect().top;
  } else if (item) {
    item.scrollIntoView();
  }
}"""


def scroll_to(page: Page, selector: str) -> None:
    """Scroll the first element ``selector`` finds into view, as a reader would."""
    page.evaluate(_SCROLL_TO, selector)


def load_every_result(page: Page, results: str) -> None:
    """Scroll the list ``results`` until no result of it waits to be fetched (a result
    out of view is a placeholder until the reader scrolls to it)."""
    pending = f"{results} .ba-result--pending"
    while count := page.locator(pending).count():
        scroll_to(page, pending)
        page.wait_for_function(
            "([selector, count]) => document.querySelectorAll(selector).length < count",
            arg=[pending, count],
        )


def search(page: Page, query: str) -> list[tuple[str, str]]:
    """Type into the header's search box; return (title, href) of each result shown."""
    box = page.locator(".ba-search__input")
    if not box.is_visible():
        page.locator(".ba-search__open").click()
    box.fill("")
    box.press_sequentially(query)
    page.wait_for_function(
        "q => document.querySelector('.ba-search__input').value === q"
        " && !document.querySelector('.ba-search__results').hidden"
        " && new URL(document.querySelector('.ba-search__all').href)"
        ".searchParams.get('q') === q",
        arg=query,
    )
    load_every_result(page, ".ba-search__list")
    # Back to the top of the panel, as the reader first sees it (a result scrolled out
    # of the panel would stand, to axe, on the header behind it).
    page.evaluate("() => { document.querySelector('.ba-search__results').scrollTop = 0; }")
    return results_shown(page, ".ba-search__list")


def results_shown(page: Page, results: str) -> list[tuple[str, str]]:
    """(title, href) of each result drawn in the list ``results``, read in one step: the
    list may be redrawn between reading one link and the next."""
    found: list[list[str]] = page.evaluate(
        "selector => [...document.querySelectorAll(selector)]"
        ".map(a => [a.innerText, a.getAttribute('href') || ''])",
        f"{results} a.ba-result__title",
    )
    return [(title, href) for title, href in found]
