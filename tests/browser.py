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
    # Read in one step: the list may be redrawn between reading one link and the next.
    found: list[list[str]] = page.evaluate(
        "() => [...document.querySelectorAll('.ba-search__list a.ba-result__title')]"
        ".map(a => [a.innerText, a.getAttribute('href') || ''])"
    )
    return [(title, href) for title, href in found]
