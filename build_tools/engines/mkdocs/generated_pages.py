"""Where a generated page is written and what its output depends on: a build (the
plugin) and a preview's rebuild without MkDocs (:mod:`.preview_rebuild`) both use
these, so both write the same outputs. What a page's head carries is MkDocs' own
(``plugin.head_links``): the rebuild is handed it."""

from __future__ import annotations

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
