"""Building whole sites with the real MkDocs, once per test worker.

A site build takes a second or two; each test module asks for the sites it needs
through :func:`cached_site`, which builds into the worker's temporary folder the
first time and reuses the result after that.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import logging
import posixpath
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import lxml.html
import pytest
import yaml
from lxml.html import HtmlElement

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
SITE_FIXTURE = FIXTURES / "published" / "briefings"
FIXTURE_URL = "https://example.org/fixture/"
REAL_URL = "https://example.org/archive/"

NAV = [
    {"Home": "index.md"},
    {"Archive": "archive/index.md"},
    {"Actors": "actors/index.md"},
    {"Locations": "locations/index.md"},
    {"Tags": "tags/index.md"},
    {"Quotes": "quotes/index.md"},
    {"Corrections": "corrections/index.md"},
]


def write_config(
    folder: Path,
    briefings: Path,
    *,
    page_size: int = 3,
    site_url: str | None = FIXTURE_URL,
    docs: dict[str, str] | None = None,
    options: dict[str, object] | None = None,
    nav: list[dict[str, str]] | None = None,
) -> Path:
    """A mkdocs.yml in ``folder`` for the archive at ``briefings``, with its own docs folder."""
    docs_dir = folder / "docs"
    docs_dir.mkdir(parents=True, exist_ok=True)
    for name, text in (docs or {}).items():
        (docs_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (docs_dir / name).write_text(text, encoding="utf-8")
    config: dict[str, object] = {
        "site_name": "Fixture Archive",
        "docs_dir": "docs",
        "theme": {"name": "material", "font": False},
        "plugins": [
            {
                "briefings": {
                    "briefings_dir": str(briefings),
                    "page_size": page_size,
                    **(options or {}),
                }
            },
        ],
        "nav": NAV if nav is None else nav,
    }
    if site_url is not None:
        config["site_url"] = site_url
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


@contextlib.contextmanager
def quiet_mkdocs() -> Iterator[None]:
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def build(config_file: Path, site_dir: Path, **overrides: str) -> MkDocsConfig:
    """``mkdocs build`` in this process (the plugin is found by its entry point)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    with quiet_mkdocs():
        config = load_config(config_file=str(config_file), site_dir=str(site_dir), **overrides)
        mkdocs_build(config)
    return config


def cached_site(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Path]) -> Path:
    """The site ``make(folder)`` builds, built once per worker and then reused."""
    folder = factory.getbasetemp() / f"built-{name}"
    done = folder / ".done"
    if not done.exists():
        folder.mkdir(parents=True, exist_ok=True)
        site = make(folder)
        done.write_text(str(site), encoding="utf-8")
    return Path(done.read_text(encoding="utf-8"))


def build_fixture_site(folder: Path) -> Path:
    config = write_config(folder, SITE_FIXTURE)
    build(config, folder / "site")
    return folder / "site"


def build_real_site(folder: Path) -> Path:
    build(REPO / "mkdocs.yml", folder / "site", site_url=REAL_URL)
    return folder / "site"


def page(site: Path, url: str) -> HtmlElement:
    """The parsed page at a site address such as ``actors/islamic-state/``."""
    path = site / url / "index.html" if not url.endswith(".html") else site / url
    return lxml.html.fromstring(path.read_bytes())


def content(tree: HtmlElement) -> HtmlElement:
    """The page's own content (Material's article), without header, nav and footer."""
    found = tree.xpath("//article[contains(@class, 'md-content__inner')]")
    assert found, "no content article on this page"
    return found[0]


def resolve(page_url: str, href: str) -> str:
    """A relative link on the page at ``page_url``, as a site address (``actors/x/``)."""
    path = href.split("#", 1)[0]
    if not path:
        return page_url
    joined = posixpath.normpath(posixpath.join("/" + page_url, path)).lstrip("/")
    return f"{joined}/" if joined and path.endswith("/") else joined


def links(element: HtmlElement, page_url: str) -> list[tuple[str, str]]:
    """``(text, site address)`` of every internal link inside ``element``."""
    found = []
    for anchor in element.iter("a"):
        href = anchor.get("href")
        if href is None or href.startswith(("http:", "https:", "mailto:", "#")):
            continue
        found.append((anchor.text_content().strip(), resolve(page_url, href)))
    return found


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.relative_to(site).parts)


_FRAGMENT_SIGNATURE = b"pagefind_dcd"  # a Pagefind fragment: gzip of this, then JSON


def search_fragment(data: bytes) -> dict[str, object]:
    """One page's entry in Pagefind's bundle, from a ``.pf_fragment`` file's bytes."""
    fragment: dict[str, object] = json.loads(
        gzip.decompress(data).removeprefix(_FRAGMENT_SIGNATURE)
    )
    return fragment


def search_fragments(site: Path) -> dict[str, dict[str, object]]:
    """What the built search index holds, page by page: site address (as ``Page.url``)
    → Pagefind's fragment (``content``, ``meta``, ``filters``, …)."""
    found: dict[str, dict[str, object]] = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        fragment = search_fragment(path.read_bytes())
        found[str(fragment["url"]).removeprefix("/")] = fragment
    return found
