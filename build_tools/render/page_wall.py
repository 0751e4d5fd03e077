"""The second wall: a whole generated page, sanitised again before an engine prints it.

Bodies are sanitised when rendered and every other piece of contributor text is
escaped; this pass over the finished page costs little and means a slip in any
renderer still cannot put a script, handler or ``javascript:`` URL on the site.
The allow-list is exactly the markup the renderers and the body allow-list emit.
"""

from __future__ import annotations

import nh3

from build_tools.body import ALLOWED_TAGS, URL_SCHEMES

PAGE_TAGS = frozenset(
    {
        *ALLOWED_TAGS,
        "h1", "section", "nav", "figure", "figcaption", "cite", "time", "span", "small",
        "header", "details", "summary", "caption",
        # maps and charts (render.svg_map, render.timeline): shapes, text, links
        "svg", "g", "path", "circle", "rect", "line", "text", "title", "desc",
    }
)  # fmt: skip
# What the renderers tell the site search (render.search_fields); a body never carries
# them: the body allow-list has no data attribute.
SEARCH_ATTRIBUTES = frozenset(
    {
        "data-pagefind-body", "data-pagefind-ignore", "data-pagefind-weight",
        "data-pagefind-meta", "data-pagefind-filter", "data-pagefind-sort",
    }
)  # fmt: skip
PAGE_ATTRIBUTES = {
    "*": {"class", "id", "aria-label", "hidden", *SEARCH_ATTRIBUTES},
    "a": {"href", "rel", "title"},
    "abbr": {"title"},
    "time": {"datetime"},
    "th": {"align", "scope"},
    "td": {"align"},
    "ol": {"start"},
    "svg": {"viewBox", "role", "aria-labelledby"},
    "g": {"aria-hidden"},
    "path": {"d"},
    "circle": {"cx", "cy", "r"},
    "rect": {"x", "y", "width", "height"},
    "line": {"x1", "x2", "y1", "y2"},
    "text": {"x", "y", "text-anchor"},
}


def sanitise_page(page_html: str) -> str:
    return nh3.clean(
        page_html,
        tags=set(PAGE_TAGS),
        attributes={k: set(v) for k, v in PAGE_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
