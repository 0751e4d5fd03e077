"""How a generated page meets MkDocs: where it is written, what its head carries and
what its output depends on. A build (the plugin) and a preview's rebuild without
MkDocs (:mod:`.preview_rebuild`) both use these, so both write the same bytes."""

from __future__ import annotations

import html
from typing import Any

from mkdocs.utils import get_relative_url

from build_tools.format.pages import Page
from build_tools.publishing.incremental import digest

PAGE_TEMPLATE = "briefings-page.html"  # in THEME_DIR: main.html, through the skeletons


def dest_uri(path: str) -> str:
    """Where MkDocs (with directory URLs) writes a source path."""
    if path.endswith(".md"):
        stem = path[: -len(".md")]
        if stem == "index" or stem.endswith("/index"):
            return f"{stem}.html"
        return f"{stem}/index.html"
    return path


def social_meta(generated: Page) -> list[str]:
    """Open Graph's type and, for an article, its times; the theme prints the tags
    every page shares (title, description, URL, site name, Twitter card)."""
    if generated.published is None:
        return ['<meta property="og:type" content="website">']
    lines = [
        '<meta property="og:type" content="article">',
        f'<meta property="article:published_time" content="{generated.published.isoformat()}">',
    ]
    if generated.modified is not None:
        modified = generated.modified.isoformat()
        lines.append(f'<meta property="article:modified_time" content="{modified}">')
    return lines


def head_links(generated: Page, page_url: str) -> str:
    """The page's feed links (relative to the page, as MkDocs' ``url`` filter makes
    them), its Open Graph type and times, and its JSON-LD, as finished HTML for the
    theme's head.

    A feed link is ``rel="alternate feed"``: feed readers find it by its ``alternate``
    token, while Material's script, which fetches a ``sitemap.xml`` beside every link
    whose rel is exactly ``alternate`` (taking it for another language's site), leaves
    it alone: no 404 beside every feed, no download of the root sitemap on every page."""
    lines = [
        f'<link rel="alternate feed" type="{html.escape(feed.media_type)}" '
        f'title="{html.escape(feed.title)}" '
        f'href="{html.escape(get_relative_url(feed.url, page_url))}">'
        for feed in generated.feeds
    ]
    lines += social_meta(generated)
    if generated.json_ld is not None:
        lines.append(f'<script type="application/ld+json">{generated.json_ld}</script>')
    return "".join(f"\n  {line}" for line in lines)


def page_meta(generated: Page, page_url: str) -> dict[str, Any]:
    """``page.meta`` for a generated page: what Material prints raw is escaped here."""
    meta: dict[str, Any] = {
        "title": html.escape(generated.title, quote=True),
        "description": html.escape(generated.description, quote=True),
        "hide": ["toc"],
        "template": PAGE_TEMPLATE,
        "briefings_generated": True,
        "briefings_head": head_links(generated, page_url),
    }
    return meta


def page_inputs(
    generated: Page, nav_title: str | None, frame: bytes, page_html: str | None = None
) -> bytes:
    """Everything a generated page's output depends on, as one digest (``page_html``:
    its HTML, when ``generated`` is a page without it)."""
    return digest(
        frame,
        generated.source_path,
        generated.title,
        generated.description,
        generated.html if page_html is None else page_html,
        generated.kind,
        repr((generated.search, generated.feeds, generated.json_ld, nav_title)),
    )
